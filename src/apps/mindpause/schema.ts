import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, smallint, varchar } from 'drizzle-orm/pg-core';
import { identityColumns, identityTables } from '../../platform/auth/tables';
import { emailTables } from '../../platform/notify/email/table';
import { notificationTables } from '../../platform/notify/tables';
import { pushTables } from '../../platform/notify/push/table';
import { auditTables } from '../../platform/audit/table';
import { settingsTables } from '../../platform/db/settings';
import { smsTables } from '../../platform/notify/sms/table';
import { suspensionTables } from '../../platform/admin/table';

export const mindpause = pgSchema('mindpause');

export const GENDERS = ['MALE', 'FEMALE', 'OTHER', 'PREFER_NOT_TO_SAY'] as const;
export const ROLES = ['USER', 'ADMIN'] as const;
export const NOTIFICATION_TYPES = [
  'emotion_reminder',
  'ai_chat',
  'community_comment',
  'community_like',
  'challenge_reminder',
  'challenge_completed',
  'report_resolved',
  'system',
  'custom',
] as const;
export const NOTIFICATION_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
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

export const { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts } = identityTables(mindpause, users, ROLES);
export const { emailMessages } = emailTables(mindpause);
export const { pushSubscriptions } = pushTables(mindpause, users);
export const { platformSettings } = settingsTables(mindpause);
export const { auditLog } = auditTables(mindpause);
export const { smsLogs } = smsTables(mindpause, users);
export const { userSuspensions } = suspensionTables(mindpause, users);
export const { notificationType, notificationPriority, notifications, notificationDeliveries } = notificationTables(mindpause, users, {
  types: NOTIFICATION_TYPES,
  priorities: NOTIFICATION_PRIORITIES,
  dataColumn: 'data',
});
export * from './files/tables';
export * from './community/tables';
export * from './admin/tables';
export * from './emotions/tables';
export * from './challenges/tables';
export * from './counselling/tables';
