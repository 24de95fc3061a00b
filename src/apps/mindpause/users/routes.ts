import { z } from 'zod';
import type { Identity } from '../../../platform/auth/identity';
import { passwordNotFrom, passwordSchema } from '../../../platform/auth/passwords';
import { IdentityMessage, authRoutes } from '../../../platform/auth/routes';
import { emailSchema } from '../../../platform/http/fields';
import type { Router } from '../../../platform/http/router';
import { nicknameSchema, profileSchema, profileUpdateSchema } from './schemas';
import type { MindpauseProfiles } from './service';

export const oauthPaths = {
  start: (provider: string) => `/api/v1/auth/${provider}`,
  callback: (provider: string) => `/api/v1/auth/${provider}/callback`,
};

/** Document 002's Phase 2 (authentication, users) and 5.2 (Google and Kakao sign-in). */
export function usersRoutes(router: Router, { identity, profiles }: { identity: Identity; profiles: MindpauseProfiles }): void {
  const auth = authRoutes(router, { identity, tags: ['auth'], user: { schema: profileSchema, load: (id, roles) => profiles.load(id, roles) } });
  auth.register('/api/v1/auth/register', {
    body: z.object({ email: emailSchema, password: passwordSchema, nickname: nicknameSchema }).superRefine(passwordNotFrom(['email', 'nickname'])),
    toUser: ({ email, password, nickname }) => ({ email, password, name: nickname }),
  });
  auth.login('/api/v1/auth/login');
  auth.refresh('/api/v1/auth/refresh');
  auth.logout('/api/v1/auth/logout');
  auth.logoutAll('/api/v1/auth/logout-all');
  auth.forgotPassword('/api/v1/auth/forgot-password');
  auth.resetPassword('/api/v1/auth/reset-password');
  auth.oauth({ providers: ['google', 'kakao'], ...oauthPaths });

  const tags = ['users'];
  router.get('/api/v1/users/me', { summary: '내 프로필 조회 (My profile)', tags, auth: true, response: profileSchema }, async (req) =>
    profiles.load(req.principal.userId, req.principal.roles),
  );
  router.patch(
    '/api/v1/users/me',
    {
      summary: '프로필 수정 (Update my profile)',
      tags,
      auth: true,
      body: profileUpdateSchema,
      response: profileSchema,
      message: IdentityMessage.PROFILE_UPDATED,
    },
    async (req) => profiles.update(req.principal.userId, req.body, req.principal.roles),
  );
  auth.changePassword('/api/v1/users/me/password');
  auth.deleteAccount('/api/v1/users/me');
}
