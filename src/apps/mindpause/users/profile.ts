import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, preparedRowById } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { httpsUrl, lineText, longText } from '../../../platform/http/fields';
import { defineMessages } from '../../../platform/http/i18n';
import type { Storage } from '../../../platform/storage';
import { pictureUrl } from '../../../platform/storage/reference';
import { GENDERS, users } from './tables';

export const profileSchema = z.object({
  id: z.number(),
  email: z.string(),
  nickname: z.string(),
  bio: z.string().nullable(),
  profileImageUrl: z.string().nullable(),
  birthYear: z.number().nullable(),
  gender: z.enum(GENDERS).nullable(),
  notificationEnabled: z.boolean().describe('Push notifications'),
  emailNotificationEnabled: z.boolean().describe('Email notifications'),
  commentNotificationEnabled: z.boolean().describe('community_comment: someone commented on my post'),
  likeNotificationEnabled: z.boolean().describe('community_like: someone liked my post'),
  emotionReminderEnabled: z.boolean().describe('emotion_reminder: a daily reminder to record my mood, when none is recorded that day'),
  emotionReminderHour: z.number().describe('Seoul hour of the mood reminder (0–23)'),
  challengeReminderEnabled: z.boolean().describe('challenge_reminder: a daily reminder of active challenges not checked in that day'),
  challengeReminderHour: z.number().describe('Seoul hour of the challenge reminder (0–23)'),
  emailVerified: z.boolean(),
  provider: z.string(),
  roles: z.array(z.string()),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Profile = z.infer<typeof profileSchema>;

const Message = defineMessages({
  NICKNAME_TOO_SHORT: { ko: '닉네임은 2자 이상이어야 합니다.', en: 'The nickname must be at least 2 characters long.' },
});

const reminderHour = z.number().int().min(0).max(23);

export const nicknameSchema = lineText(30).refine((name) => name.length >= 2, Message.NICKNAME_TOO_SHORT);

export const profileUpdateSchema = z.strictObject({
  nickname: nicknameSchema.optional(),
  bio: longText(300).nullable().optional(),
  profileImageUrl: httpsUrl(500).nullable().optional(),
  birthYear: z.number().int().min(1900).max(new Date().getFullYear()).nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  notificationEnabled: z.boolean().optional(),
  emailNotificationEnabled: z.boolean().optional(),
  commentNotificationEnabled: z.boolean().optional(),
  likeNotificationEnabled: z.boolean().optional(),
  emotionReminderEnabled: z.boolean().optional(),
  emotionReminderHour: reminderHour.optional(),
  challengeReminderEnabled: z.boolean().optional(),
  challengeReminderHour: reminderHour.optional(),
});
export type ProfileUpdate = z.output<typeof profileUpdateSchema>;

export class MindpauseProfiles {
  // The most read row of the app, as one prepared statement.
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
  ) {
    this.byId = preparedRowById(db, users, 'mindpause_profile_by_id');
  }

  /** The user's row; `roles` come from the caller, who has them at hand (the verified session). */
  async load(userId: number, roles: readonly string[]): Promise<Profile> {
    const user = await this.byId(userId);
    if (!user) throw notFound();
    const { name, ...rest } = user;
    // An uploaded image is kept as a reference to its file and shown as a signed URL.
    return { ...rest, nickname: name, profileImageUrl: await pictureUrl(this.storage, rest.profileImageUrl), roles: [...roles] };
  }

  async update(userId: number, { nickname, ...patch }: ProfileUpdate, roles: readonly string[]): Promise<Profile> {
    const values = nickname === undefined ? patch : { ...patch, name: nickname };
    if (Object.keys(values).length) await this.db.update(users).set(values).where(eq(users.id, userId));
    return this.load(userId, roles);
  }
}
