import { sql } from 'drizzle-orm';
import { bigint, boolean, check, integer, jsonb, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumns } from '../../../platform/db/columns';
import { SEOUL } from '../../../platform/time';
import { mimo, users } from '../users/tables';

export const RECORDING_QUALITIES = ['low', 'medium', 'high'] as const;
export const recordingQuality = mimo.enum('recording_quality', RECORDING_QUALITIES);

/**
 * Document 003's Settings, one row per user. The document mixes fixed columns with a key/value
 * pair; here the fixed settings are columns and anything else a client keeps is in `extra`.
 */
export const userSettings = mimo.table(
  'settings',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .unique('settings_user_unique')
      .references(() => users.id, { onDelete: 'cascade' }),
    notificationEnabled: boolean('notification_enabled').notNull().default(true),
    emailNotification: boolean('email_notification').notNull().default(true),
    motionSensitivity: integer('motion_sensitivity').notNull().default(50),
    recordingQuality: recordingQuality('recording_quality').notNull().default('medium'),
    storageDays: integer('storage_days').notNull().default(30),
    appLockEnabled: boolean('app_lock_enabled').notNull().default(false),
    // The MIMO app's own settings beside the document's (its "core settings").
    autoRecording: boolean('auto_recording').notNull().default(false),
    darkMode: boolean('dark_mode').notNull().default(false),
    language: varchar('language', { length: 35 }).notNull().default('ko'),
    timezone: varchar('timezone', { length: 64 }).notNull().default(SEOUL),
    /** argon2id of the 4–6 digit app-lock PIN; never returned. */
    appLockPinHash: varchar('app_lock_pin_hash', { length: 255 }),
    extra: jsonb('extra').$type<Record<string, unknown>>().notNull().default({}),
    ...timestampColumns(),
  },
  (t) => [
    check('settings_motion_sensitivity_check', sql`${t.motionSensitivity} between 1 and 100`),
    check('settings_storage_days_check', sql`${t.storageDays} between 1 and 365`),
  ],
);
