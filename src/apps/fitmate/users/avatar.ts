import { randomToken } from '../../../platform/auth/crypto';
import { defineMessages } from '../feature';
import type { Router } from '../../../platform/http/router';
import type { Storage } from '../../../platform/storage';
import { toSquareWebp } from '../../../platform/storage/image';
import { readUploadedFile } from '../../../platform/storage/upload';
import { type FitmateProfiles, profileSchema, storedPicture } from './profile';

const Message = defineMessages({
  AVATAR_UPDATED: { ko: '프로필 이미지가 변경되었습니다.', en: 'Profile image updated.' },
});

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE = 512;

/** Document 000's POST /api/users/upload-avatar. */
export function avatarRoute(router: Router, { storage, profiles }: { storage: Storage; profiles: FitmateProfiles }): void {
  router.post(
    '/api/users/upload-avatar',
    {
      summary: '프로필 이미지 업로드 (Upload the profile image)',
      description:
        'multipart/form-data with one image in the field "file" (or "avatar"): JPEG, PNG or WebP, told by its content, at most 5 MB. ' +
        'It is stored as a 512×512 WebP (cropped to fill, upright, without metadata) and replaces the previous one; ' +
        "the answer is the profile, whose picture is the new image's URL.",
      tags: ['users'],
      auth: true,
      response: profileSchema,
      message: Message.AVATAR_UPDATED,
    },
    async (req) => {
      const { userId } = req.principal;
      const file = await readUploadedFile(req, { fields: ['file', 'avatar'], maxBytes: AVATAR_MAX_BYTES });
      const image = await toSquareWebp(file.data, { size: AVATAR_SIZE, maxBytes: AVATAR_MAX_BYTES });
      // A fresh key each time: a cached old image can never be shown for the new one.
      const key = `avatars/${userId}/${randomToken(16)}.webp`;
      await storage.put(key, image, 'image/webp');
      try {
        await profiles.setPicture(userId, storedPicture(key));
      } catch (error) {
        await storage.delete(key).catch(() => {});
        throw error;
      }
      return profiles.load(userId, req.principal.roles);
    },
  );
}
