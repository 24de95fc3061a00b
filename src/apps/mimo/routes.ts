import { z } from 'zod';
import type { AppCore } from '../../platform/app';
import { passwordSchema } from '../../platform/auth/passwords';
import { IdentityMessage, authRoutes } from '../../platform/auth/routes';
import { emailSchema } from '../../platform/http/fields';
import { type MimoProfiles, profileFields, profileSchema, profileUpdateSchema, signUpAgreementsSchema } from './users/profile';

/** Document 003's authentication and profile routes; MIMO wraps the user as `{user}`. */
export function registerIdentityRoutes({ router, identity }: AppCore, profiles: MimoProfiles) {
  const user = z.object({ user: profileSchema });
  const loadUser = async (id: number, roles: readonly string[]) => ({ user: await profiles.load(id, roles) });
  // MIMO's session answers carry the user at `data.user`, like its other answers.
  const auth = authRoutes(router, { identity, tags: ['auth'], user: { schema: profileSchema, load: (id, roles) => profiles.load(id, roles) } });

  auth.register('/api/auth/register', {
    body: z.object({
      email: emailSchema,
      password: passwordSchema,
      name: profileFields.name,
      nickname: profileFields.nickname.optional(),
      phone: profileFields.phone.optional(),
      birth: profileFields.birth.optional(),
      agreements: signUpAgreementsSchema,
    }),
    toUser: ({ email, password, name, nickname, phone, birth }) => ({ email, password, name, columns: { nickname, phone, birth } }),
    afterCreate: (tx, userId, body) => profiles.recordSignUpConsent(tx, userId, body.agreements),
  });
  auth.login('/api/auth/login');
  auth.googleIdToken('/api/auth/google');
  auth.refresh('/api/auth/refresh');
  auth.logout('/api/auth/logout');

  const tags = ['profile'];
  router.get('/api/profile', { summary: '프로필 조회 (My profile)', tags, auth: true, response: user }, async (req) => loadUser(req.principal.userId, req.principal.roles));
  router.put(
    '/api/profile',
    { summary: '프로필 업데이트 (Update my profile)', tags, auth: true, body: profileUpdateSchema, response: user, message: IdentityMessage.PROFILE_UPDATED },
    async (req) => ({ user: await profiles.update(req.principal.userId, req.body, req.principal.roles) }),
  );
  auth.emailVerification({
    send: '/api/profile/email-verification',
    verify: '/api/profile/verify-email',
    status: '/api/profile/email-verification-status',
  });
}
