import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../platform/db/database';
import { userSettings } from './tables';

type SettingsRow = typeof userSettings.$inferSelect;

/** A user's settings as the rest of MIMO sees them: the row without its PIN hash or bookkeeping. */
export interface UserSettings {
  userId: number;
  notificationEnabled: boolean;
  emailNotification: boolean;
  motionSensitivity: number;
  recordingQuality: SettingsRow['recordingQuality'];
  storageDays: number;
  appLockEnabled: boolean;
  /** Whether an app-lock PIN is set (its hash never leaves this module). */
  appLockPinSet: boolean;
  extra: Record<string, unknown>;
  updatedAt: Date | null;
}

/** Document 003's defaults; the same as the table's column defaults. */
export const SETTINGS_DEFAULTS = {
  notificationEnabled: true,
  emailNotification: true,
  motionSensitivity: 50,
  recordingQuality: 'medium',
  storageDays: 30,
  appLockEnabled: false,
} as const satisfies Partial<UserSettings>;

export function defaultSettings(userId: number): UserSettings {
  return { userId, ...SETTINGS_DEFAULTS, appLockPinSet: false, extra: {}, updatedAt: null };
}

/** The public view of a stored row. */
export function toUserSettings(row: SettingsRow): UserSettings {
  return {
    userId: row.userId,
    notificationEnabled: row.notificationEnabled,
    emailNotification: row.emailNotification,
    motionSensitivity: row.motionSensitivity,
    recordingQuality: row.recordingQuality,
    storageDays: row.storageDays,
    appLockEnabled: row.appLockEnabled,
    appLockPinSet: row.appLockPinHash !== null,
    extra: row.extra,
    updatedAt: row.updatedAt,
  };
}

/** Several users' settings in one query; users without a row get the defaults. */
export async function settingsOf(db: Db | Tx, userIds: number[]): Promise<Map<number, UserSettings>> {
  const ids = [...new Set(userIds)];
  const result = new Map<number, UserSettings>();
  if (ids.length === 0) return result;
  const rows = await db.select().from(userSettings).where(inArray(userSettings.userId, ids));
  for (const row of rows) result.set(row.userId, toUserSettings(row));
  for (const id of ids) if (!result.has(id)) result.set(id, defaultSettings(id));
  return result;
}

/** One user's settings (defaults when they never saved any). */
export async function settingsOfUser(db: Db | Tx, userId: number): Promise<UserSettings> {
  return (await settingsOf(db, [userId])).get(userId)!;
}
