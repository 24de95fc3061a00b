import type { FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodObject, type ZodType } from 'zod';
import type { OAuthProviderName } from '../../config';
import type { Tx } from '../db/database';
import { AppError } from '../http/errors';
import { emailSchema } from '../http/fields';
import { defineMessages, translateFor } from '../http/i18n';
import type { Router } from '../http/router';
import type { Identity, NewUser, TokenPair } from './identity';
import { AuthMessage } from './messages';
import { passwordInput, passwordSchema } from './passwords';
import type { ClientInfo } from './sessions';

export const IdentityMessage = defineMessages({
  PROFILE_UPDATED: { ko: '프로필이 수정되었습니다.', en: 'Profile updated.' },
  REGISTERED: { ko: '회원가입이 완료되었습니다.', en: 'Your account has been created.' },
  LOGGED_IN: { ko: '로그인되었습니다.', en: 'Signed in.' },
  LOGGED_OUT: { ko: '로그아웃되었습니다.', en: 'Signed out.' },
  LOGGED_OUT_EVERYWHERE: { ko: '모든 기기에서 로그아웃되었습니다.', en: 'Signed out on every device.' },
  TOKEN_REFRESHED: { ko: '토큰이 갱신되었습니다.', en: 'Tokens refreshed.' },
  PASSWORD_VERIFIED: { ko: '비밀번호가 확인되었습니다.', en: 'Password confirmed.' },
  PASSWORD_CHANGED: { ko: '비밀번호가 변경되었습니다. 다른 기기에서는 로그아웃되었습니다.', en: 'Password changed. Other devices have been signed out.' },
  RESET_SENT: {
    ko: '가입된 이메일이라면 비밀번호 재설정 코드가 발송되었습니다.',
    en: 'If an account exists for this email, a reset code has been sent.',
  },
  PASSWORD_RESET: { ko: '비밀번호가 재설정되었습니다. 새 비밀번호로 로그인해 주세요.', en: 'Your password has been reset. Sign in with the new one.' },
  ACCOUNT_DELETED: { ko: '계정이 삭제되었습니다.', en: 'Your account has been deleted.' },
  VERIFICATION_SENT: { ko: '인증 코드가 이메일로 발송되었습니다.', en: 'A verification code has been sent to your email.' },
  EMAIL_VERIFIED: { ko: '이메일 인증이 완료되었습니다.', en: 'Your email is verified.' },
});

const code = z.string().regex(/^\d{6}$/, 'CODE_FORMAT');
defineMessages({ CODE_FORMAT: { ko: '인증 코드는 6자리 숫자입니다.', en: 'The code is six digits.' } });

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().describe('Seconds until the access token expires'),
  refreshExpiresAt: z.date(),
});

export const clientOf = (req: FastifyRequest): ClientInfo => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

export interface AuthRoutesOptions<U extends ZodType> {
  identity: Identity;
  tags: string[];
  /** The app's own view of a user, and how to load it (with the roles it should show). */
  user: { schema: U; load(userId: number, roles: readonly string[]): Promise<z.input<U>> };
}

/**
 * The identity routes every app serves, each mounted at the path and with the body its own
 * document gives. An app calls the ones it has.
 */
export function authRoutes<U extends ZodType>(router: Router, { identity, tags, user }: AuthRoutesOptions<U>) {
  const session = tokenPairSchema.extend({ user: user.schema });
  const withUser = async (userId: number, tokens: TokenPair) => ({ ...tokens, user: await user.load(userId, await identity.roles(userId)) });

  return {
    register<B extends ZodObject>(
      path: string,
      options: { body: B; toUser(body: z.output<B>): NewUser; afterCreate?(tx: Tx, userId: number, body: z.output<B>): Promise<void> },
    ) {
      router.post(
        path,
        { summary: '회원가입 (Sign up)', tags, body: options.body.strict(), response: session, status: 201, message: IdentityMessage.REGISTERED },
        async (req) => {
          const body = req.body as z.output<B>;
          const { userId, tokens } = await identity.register(
            options.toUser(body),
            clientOf(req),
            options.afterCreate && ((tx, id) => options.afterCreate!(tx, id, body)),
          );
          return withUser(userId, tokens);
        },
      );
    },

    login(path: string) {
      const body = z.strictObject({ email: emailSchema, password: passwordInput });
      router.post(path, { summary: '로그인 (Sign in)', tags, body, response: session, message: IdentityMessage.LOGGED_IN }, async (req) => {
        const { userId, tokens } = await identity.login(req.body.email, req.body.password, clientOf(req));
        return withUser(userId, tokens);
      });
    },

    refresh(path: string) {
      const body = z.strictObject({ refreshToken: z.string().min(1).max(256) });
      router.post(
        path,
        { summary: '토큰 갱신 (Rotate the refresh token)', tags, body, response: tokenPairSchema, message: IdentityMessage.TOKEN_REFRESHED },
        async (req) => identity.refresh(req.body.refreshToken),
      );
    },

    logout(path: string) {
      const body = z.strictObject({ refreshToken: z.string().min(1).max(256).optional() }).nullish();
      router.post(
        path,
        {
          summary: '로그아웃 (Sign out)',
          description: 'Ends the session of the access token, or of the refresh token given in the body.',
          tags,
          body,
          auth: 'optional',
          response: z.null(),
          message: IdentityMessage.LOGGED_OUT,
        },
        async (req) => {
          await identity.logout(req.principal, req.body?.refreshToken);
          return null;
        },
      );
    },

    logoutAll(path: string) {
      router.post(
        path,
        {
          summary: '모든 기기에서 로그아웃 (Sign out everywhere)',
          description: 'Ends every session of the account, this one included; their sockets close at once.',
          tags,
          auth: true,
          response: z.null(),
          message: IdentityMessage.LOGGED_OUT_EVERYWHERE,
        },
        async (req) => {
          await identity.logoutAll(req.principal);
          return null;
        },
      );
    },

    verifyPassword(path: string) {
      const body = z.strictObject({ password: passwordInput });
      router.post(
        path,
        {
          summary: '비밀번호 확인 (Confirm the password)',
          tags,
          body,
          auth: true,
          response: z.object({ verified: z.literal(true) }),
          message: IdentityMessage.PASSWORD_VERIFIED,
        },
        async (req) => {
          await identity.verifyPassword(req.principal.userId, req.body.password);
          return { verified: true as const };
        },
      );
    },

    changePassword(path: string, method: 'patch' | 'post' = 'patch') {
      const body = z.strictObject({ currentPassword: passwordInput, newPassword: passwordSchema });
      router[method](
        path,
        { summary: '비밀번호 변경 (Change the password)', tags, body, auth: true, response: z.null(), message: IdentityMessage.PASSWORD_CHANGED },
        async (req) => {
          await identity.changePassword(req.principal, req.body.currentPassword, req.body.newPassword);
          return null;
        },
      );
    },

    forgotPassword(path: string) {
      const body = z.strictObject({ email: emailSchema });
      router.post(
        path,
        { summary: '비밀번호 재설정 요청 (Send a reset code)', tags, body, response: z.null(), message: IdentityMessage.RESET_SENT },
        async (req) => {
          await identity.forgotPassword(req.body.email, clientOf(req));
          return null;
        },
      );
    },

    resetPassword(path: string) {
      const body = z.strictObject({ email: emailSchema, code, newPassword: passwordSchema });
      router.post(
        path,
        { summary: '비밀번호 재설정 (Reset the password with the code)', tags, body, response: z.null(), message: IdentityMessage.PASSWORD_RESET },
        async (req) => {
          await identity.resetPassword(req.body.email, req.body.code, req.body.newPassword);
          return null;
        },
      );
    },

    deleteAccount(path: string, method: 'delete' | 'post' = 'delete') {
      const body = z.strictObject({ password: passwordInput.optional() }).nullish();
      router[method](
        path,
        {
          summary: '회원 탈퇴 (Delete the account)',
          description:
            'Deletes the account and its data and ends every session. Accounts with a password must send it; others must have signed in within the last 10 minutes.',
          tags,
          body,
          auth: true,
          response: z.null(),
          message: IdentityMessage.ACCOUNT_DELETED,
        },
        async (req) => {
          await identity.deleteAccount(req.principal, req.body?.password);
          return null;
        },
      );
    },

    emailVerification(paths: { send: string; verify: string; status: string }) {
      const status = z.object({ email: z.string(), emailVerified: z.boolean(), pendingExpiresAt: z.date().nullable() });
      router.post(
        paths.send,
        {
          summary: '이메일 인증 코드 발송 (Send a verification code)',
          tags,
          auth: true,
          response: z.object({ email: z.string(), expiresAt: z.date() }),
          message: IdentityMessage.VERIFICATION_SENT,
        },
        async (req) => identity.sendEmailVerification(req.principal.userId),
      );
      router.post(
        paths.verify,
        {
          summary: '이메일 인증 코드 확인 (Verify the email)',
          tags,
          auth: true,
          body: z.strictObject({ code }),
          response: status,
          message: IdentityMessage.EMAIL_VERIFIED,
        },
        async (req) => {
          await identity.confirmEmail(req.principal.userId, req.body.code);
          return identity.emailVerificationStatus(req.principal.userId);
        },
      );
      router.get(paths.status, { summary: '이메일 인증 상태 (Verification status)', tags, auth: true, response: status }, async (req) =>
        identity.emailVerificationStatus(req.principal.userId),
      );
    },

    /**
     * Browser sign-in with a provider: the start route redirects to it with a state pinned in a
     * cookie (and a PKCE challenge where the provider takes one); the callback checks both and
     * hands the app's own tokens to the web front end, or answers them as JSON when none is set.
     */
    oauth(options: { providers: OAuthProviderName[]; start(p: OAuthProviderName): string; callback(p: OAuthProviderName): string }) {
      const cookie = 'madang_oauth_state';
      const successUrl = identity.app.webUrl;
      const secure = identity.app.publicUrl.startsWith('https:');
      // Providers add parameters of their own (Google: scope, authuser, prompt, hd): taken and ignored.
      const query = z.looseObject({
        code: z.string().max(2048).optional(),
        state: z.string().max(512).optional(),
        error: z.string().max(256).optional(),
        error_description: z.string().max(1024).optional(),
      });
      const toFrontEnd = (reply: FastifyReply, params: Record<string, string>) =>
        reply.redirect(`${successUrl}#${new URLSearchParams(params).toString()}`, 302);

      for (const provider of options.providers) {
        router.get(
          options.start(provider),
          { summary: `${provider} 로그인 시작 (Start ${provider} sign-in)`, tags, response: z.null() },
          async (_req, reply) => {
            const { url, state } = await identity.startOAuth(provider);
            reply.setCookie(cookie, state, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 600 });
            return reply.redirect(url.toString(), 302);
          },
        );

        router.get(
          options.callback(provider),
          { summary: `${provider} 로그인 콜백 (${provider} callback)`, tags, query, response: session },
          async (req, reply) => {
            reply.clearCookie(cookie, { path: '/' });
            try {
              if (req.query.error) throw new AppError(400, AuthMessage.OAUTH_DENIED);
              if (!req.query.code || !req.query.state) throw new AppError(400, AuthMessage.OAUTH_STATE_MISMATCH);
              const { userId, tokens } = await identity.finishOAuth(
                provider,
                { code: req.query.code, state: req.query.state, cookieState: req.cookies[cookie] },
                clientOf(req),
              );
              if (!successUrl) return withUser(userId, tokens);
              return toFrontEnd(reply, {
                accessToken: tokens.accessToken,
                refreshToken: tokens.refreshToken,
                tokenType: tokens.tokenType,
                expiresIn: String(tokens.expiresIn),
              });
            } catch (error) {
              if (!successUrl || !(error instanceof AppError)) throw error;
              return toFrontEnd(reply, { error: error.code, message: translateFor(req, error.code, error.params) });
            }
          },
        );
      }
    },

    /** Native sign-in: the client obtained a Google ID token itself. */
    googleIdToken(path: string) {
      const body = z.strictObject({ idToken: z.string().min(20).max(4096) });
      router.post(
        path,
        {
          summary: 'Google 로그인 (Sign in with a Google ID token)',
          tags,
          body,
          response: session.extend({ created: z.boolean() }),
          message: IdentityMessage.LOGGED_IN,
        },
        async (req) => {
          const { userId, tokens, created } = await identity.signInWithGoogleIdToken(req.body.idToken, clientOf(req));
          return { ...(await withUser(userId, tokens)), created };
        },
      );
    },
  };
}
