import { z } from 'zod';
import { normalizeEmail } from '../../../platform/auth/accounts';
import { passwordNotFrom, passwordSchema } from '../../../platform/auth/passwords';
import { IdentityMessage, authRoutes, clientOf, tokenPairSchema } from '../../../platform/auth/routes';
import type { Identity } from '../../../platform/auth/identity';
import { fieldError } from '../../../platform/http/errors';
import { emailSchema } from '../../../platform/http/fields';
import { defineMessages } from '../feature';
import type { Router } from '../../../platform/http/router';
import { type MimoProfiles, type Profile, consentOf, profileFields, profileSchema, profileUpdateSchema, signUpConsentFields } from './profile';

const Message = defineMessages({
  EMAIL_NOT_YOURS: {
    ko: '계정의 이메일 주소가 아닙니다. 이메일 변경은 지원하지 않습니다.',
    en: 'That is not the account’s email address; changing it is not supported.',
  },
  ONE_CODE: { ko: 'code 또는 verificationCode 중 하나만 보내 주세요.', en: 'Send either code or verificationCode.' },
  ONE_GOOGLE_TOKEN: { ko: 'idToken 또는 token 중 하나만 보내 주세요.', en: 'Send either idToken or token.' },
});

const code = z.string().regex(/^\d{6}$/, 'CODE_FORMAT');

/**
 * Document 003's authentication and profile routes, and the same as the MIMO app calls them
 * (`/auth/signup` with flat agreements, `data` read as the user, its password and account calls).
 */
export function usersRoutes(router: Router, { identity, profiles }: { identity: Identity; profiles: MimoProfiles }): void {
  const loadUser = (id: number, roles: readonly string[]) => profiles.load(id, roles);
  // The user both as `data` itself (the app's profile screen) and at `data.user` (the document's shape).
  const userAnswer = profileSchema.extend({ user: profileSchema });
  const asAnswer = (user: Profile) => ({ ...user, user });
  // MIMO's session answers carry the user at `data.user`, like its other answers.
  const auth = authRoutes(router, { identity, tags: ['auth'], user: { schema: profileSchema, load: loadUser } });

  const signUp = z
    .strictObject({
      email: emailSchema,
      password: passwordSchema,
      name: profileFields.name,
      nickname: profileFields.nickname.optional(),
      phone: profileFields.phone.optional(),
      birth: profileFields.birth.optional(),
      ...signUpConsentFields,
    })
    .superRefine(consentOf.check)
    .superRefine(passwordNotFrom(['email', 'name', 'nickname']));
  for (const path of ['/api/auth/register', '/api/auth/signup']) {
    auth.register(path, {
      body: signUp,
      toUser: ({ email, password, name, nickname, phone, birth }) => ({ email, password, name, columns: { nickname, phone, birth } }),
      afterCreate: (tx, userId, body) => profiles.recordSignUpConsent(tx, userId, consentOf.read(body)),
    });
  }
  auth.login('/api/auth/login');
  auth.refresh('/api/auth/refresh');
  auth.logout('/api/auth/logout');
  auth.logoutAll('/api/auth/logout-all');
  auth.forgotPassword('/api/auth/forgot-password');
  auth.resetPassword('/api/auth/reset-password');
  auth.changePassword('/api/auth/change-password', 'post');
  auth.deleteAccount('/api/auth/delete-account', 'post');

  // A Google ID token obtained by the app, as `idToken` (the document) or `token` (the app).
  const googleBody = z
    .strictObject({ idToken: z.string().min(20).max(4096).optional(), token: z.string().min(20).max(4096).optional() })
    .refine((body) => (body.idToken === undefined) !== (body.token === undefined), Message.ONE_GOOGLE_TOKEN);
  router.post(
    '/api/auth/google',
    {
      summary: 'Google 로그인 (Sign in with a Google ID token)',
      tags: ['auth'],
      body: googleBody,
      response: tokenPairSchema.extend({ user: profileSchema, created: z.boolean() }),
      message: IdentityMessage.LOGGED_IN,
    },
    async (req) => {
      const { userId, tokens, created } = await identity.signInWithGoogleIdToken((req.body.idToken ?? req.body.token)!, clientOf(req));
      return { ...tokens, user: await loadUser(userId, await identity.roles(userId)), created };
    },
  );

  const tags = ['profile'];
  for (const path of ['/api/profile', '/api/auth/me']) {
    router.get(path, { summary: '프로필 조회 (My profile)', tags, auth: true, response: userAnswer }, async (req) =>
      asAnswer(await loadUser(req.principal.userId, req.principal.roles)),
    );
  }
  router.put(
    '/api/profile',
    {
      summary: '프로필 업데이트 (Update my profile)',
      description: '`email` may be sent as the app does, but only as the account’s own address: it is not changed here.',
      tags,
      auth: true,
      body: profileUpdateSchema.extend({ email: emailSchema.optional() }),
      response: userAnswer,
      message: IdentityMessage.PROFILE_UPDATED,
    },
    async (req) => {
      const { email, ...patch } = req.body;
      if (email !== undefined) await requireOwnEmail(req.principal.userId, email);
      return asAnswer(await profiles.update(req.principal.userId, patch, req.principal.roles));
    },
  );

  const requireOwnEmail = async (userId: number, email: string) => {
    const { email: own } = await identity.emailVerificationStatus(userId);
    if (normalizeEmail(email) !== own) throw fieldError('email', Message.EMAIL_NOT_YOURS);
  };
  const status = z.object({
    email: z.string(),
    emailVerified: z.boolean(),
    pendingExpiresAt: z.date().nullable(),
    isVerified: z.boolean().describe('The same as emailVerified, as the app reads it'),
    canResend: z.boolean(),
    nextResendTime: z.date().nullable().describe('When only the one-a-minute limit holds a new code back'),
  });
  const statusOf = async (userId: number) => {
    const [current, resend] = await Promise.all([identity.emailVerificationStatus(userId), identity.emailVerificationResend(userId)]);
    return { ...current, isVerified: current.emailVerified, ...resend };
  };
  router.post(
    '/api/profile/email-verification',
    {
      summary: '이메일 인증 코드 발송 (Send a verification code)',
      description: 'No body, or `{email}` naming the account’s own address (the app sends it).',
      tags,
      auth: true,
      body: z.strictObject({ email: emailSchema.optional() }).nullish(),
      response: z.object({ email: z.string(), expiresAt: z.date() }),
      message: IdentityMessage.VERIFICATION_SENT,
    },
    async (req) => {
      if (req.body?.email !== undefined) await requireOwnEmail(req.principal.userId, req.body.email);
      return identity.sendEmailVerification(req.principal.userId);
    },
  );
  router.post(
    '/api/profile/verify-email',
    {
      summary: '이메일 인증 코드 확인 (Verify the email)',
      description: '`{code}`, or `{email, verificationCode}` as the app sends it.',
      tags,
      auth: true,
      body: z
        .strictObject({ code: code.optional(), verificationCode: code.optional(), email: emailSchema.optional() })
        .refine((body) => (body.code === undefined) !== (body.verificationCode === undefined), Message.ONE_CODE),
      response: status,
      message: IdentityMessage.EMAIL_VERIFIED,
    },
    async (req) => {
      if (req.body.email !== undefined) await requireOwnEmail(req.principal.userId, req.body.email);
      await identity.confirmEmail(req.principal.userId, (req.body.code ?? req.body.verificationCode)!);
      return statusOf(req.principal.userId);
    },
  );
  router.get('/api/profile/email-verification-status', { summary: '이메일 인증 상태 (Verification status)', tags, auth: true, response: status }, async (req) =>
    statusOf(req.principal.userId),
  );
}
