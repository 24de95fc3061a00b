import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, smallint, varchar } from 'drizzle-orm/pg-core';
import { identityColumns } from '../../../platform/auth/tables';

/** The app's Postgres schema: every table of MindPause is in it. */
export const mindpause = pgSchema('mindpause');

export const GENDERS = ['MALE', 'FEMALE', 'OTHER', 'PREFER_NOT_TO_SAY'] as const;
export const gender = mindpause.enum('gender', GENDERS);

/**
 * Document 002 names the user model without its columns. A wellness app shows people by a
 * nickname rather than their real name, so the display name is the nickname.
 */
export const users = mindpause.table(
  'users',
  {
    ...identityColumns({ password: 'password_hash', name: 'nickname', nameLength: 30 }),
    bio: varchar('bio', { length: 300 }),
    profileImageUrl: varchar('profile_image_url', { length: 500 }),
    birthYear: integer('birth_year'),
    gender: gender('gender'),
    notificationEnabled: boolean('notification_enabled').notNull().default(true),
    emailNotificationEnabled: boolean('email_notification_enabled').notNull().default(true),
    // Which notices the user wants at all (in the app and on every channel), and when reminders come.
    commentNotificationEnabled: boolean('comment_notification_enabled').notNull().default(true),
    likeNotificationEnabled: boolean('like_notification_enabled').notNull().default(true),
    emotionReminderEnabled: boolean('emotion_reminder_enabled').notNull().default(true),
    /** The Seoul hour (0–23) the day's mood reminder comes at. */
    emotionReminderHour: smallint('emotion_reminder_hour').notNull().default(21),
    challengeReminderEnabled: boolean('challenge_reminder_enabled').notNull().default(true),
    challengeReminderHour: smallint('challenge_reminder_hour').notNull().default(20),
  },
  (t) => [
    index('idx_users_created_at').on(t.createdAt),
    // The hourly reminder jobs read only the users whose hour it is.
    index('idx_users_emotion_reminder')
      .on(t.emotionReminderHour)
      .where(sql`${t.emotionReminderEnabled}`),
    index('idx_users_challenge_reminder')
      .on(t.challengeReminderHour)
      .where(sql`${t.challengeReminderEnabled}`),
    check('users_reminder_hours_check', sql`${t.emotionReminderHour} between 0 and 23 and ${t.challengeReminderHour} between 0 and 23`),
  ],
);
