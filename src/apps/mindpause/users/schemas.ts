import { z } from 'zod';
import { httpsUrl, lineText, longText } from '../../../platform/http/fields';
import { UserMessage } from './messages';
import { GENDERS } from './tables';

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

const reminderHour = z.number().int().min(0).max(23);

export const nicknameSchema = lineText(30).refine((name) => name.length >= 2, UserMessage.NICKNAME_TOO_SHORT);

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
