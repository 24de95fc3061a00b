import { z } from 'zod';
import { IdentityMessage, authRoutes } from '../../../platform/auth/routes';
import { passwordNotFrom, passwordSchema } from '../../../platform/auth/passwords';
import { emailSchema, lineText, phoneSchema } from '../../../platform/http/fields';
import type { Router } from '../../../platform/http/router';
import { avatarRoute } from './avatar';
import { oauthPaths } from './oauth';
import { phoneVerificationToken, profileSchema, profileUpdateSchema } from './profile';
import type { UsersServices } from './service';

/** Document 000's authentication and user routes. */
export function usersRoutes(router: Router, { identity, storage, profiles }: UsersServices): void {
  const auth = authRoutes(router, { identity, tags: ['auth'], user: { schema: profileSchema, load: (id, roles) => profiles.load(id, roles) } });
  auth.register('/api/auth/register', {
    body: z
      .object({ email: emailSchema, password: passwordSchema, name: lineText(255), phoneNumber: phoneSchema.optional(), phoneVerificationToken })
      .superRefine(passwordNotFrom(['email', 'name'])),
    toUser: ({ email, password, name, phoneNumber }) => ({ email, password, name, columns: { phoneNumber } }),
    // A number comes verified only with the proof from /sms/verify-otp for that very number.
    afterCreate: (tx, userId, body) => profiles.provePhoneOnSignUp(tx, userId, body.phoneNumber, body.phoneVerificationToken),
  });
  auth.login('/api/auth/login');
  auth.logout('/api/auth/logout');
  auth.logoutAll('/api/auth/logout-all');
  auth.refresh('/api/auth/refresh');
  auth.verifyPassword('/api/auth/verify-password');
  auth.oauth({ providers: ['google', 'kakao', 'naver'], ...oauthPaths });

  const tags = ['users'];
  router.get('/api/auth/me', { summary: '현재 사용자 정보 (The signed-in user)', tags: ['auth'], auth: true, response: profileSchema }, async (req) =>
    profiles.load(req.principal.userId, req.principal.roles),
  );
  router.get('/api/users/profile', { summary: '프로필 조회 (Read the profile)', tags, auth: true, response: profileSchema }, async (req) =>
    profiles.load(req.principal.userId, req.principal.roles),
  );
  router.put(
    '/api/users/profile',
    {
      summary: '프로필 수정 (Update the profile)',
      description: 'Fields left out stay as they are; null clears a field.',
      tags,
      auth: true,
      body: profileUpdateSchema,
      response: profileSchema,
      message: IdentityMessage.PROFILE_UPDATED,
    },
    async (req) => profiles.update(req.principal.userId, req.body, req.principal.roles),
  );
  avatarRoute(router, { storage, profiles });
  auth.deleteAccount('/api/users/account');
}
