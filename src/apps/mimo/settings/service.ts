import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Passwords } from '../../../platform/auth/passwords';
import type { Db, Tx } from '../../../platform/db/database';
import { badRequest, fieldError, notFound } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import { RequestValidationError } from '../../../platform/http/validation';
import { type ExtraValue, type FixedSettingKey, type SettingsUpdate, SettingsFieldMessage, extraSettings, isFixedSettingKey, valueSchemaOf } from './schemas';
import { SEOUL } from '../../../platform/time';
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
  autoRecording: boolean;
  darkMode: boolean;
  language: string;
  timezone: string;
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
  autoRecording: false,
  darkMode: false,
  language: 'ko',
  timezone: SEOUL,
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
    autoRecording: row.autoRecording,
    darkMode: row.darkMode,
    language: row.language,
    timezone: row.timezone,
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

export const SettingsMessage = defineMessages({
  SETTING_NOT_FOUND: { ko: '설정을 찾을 수 없습니다.', en: 'The setting was not found.' },
  SETTING_WRITE_ONLY: {
    ko: '앱 잠금 PIN은 조회할 수 없습니다. 설정 여부는 appLockPinSet에서 확인하세요.',
    en: 'The app-lock PIN cannot be read; appLockPinSet tells whether one is set.',
  },
  SETTING_READ_ONLY: { ko: '이 설정은 읽기 전용입니다. PIN은 appLockPin으로 바꾸세요.', en: 'This setting is read-only; change the PIN through appLockPin.' },
  APP_LOCK_PIN_REQUIRED: { ko: '앱 잠금을 켜려면 먼저 PIN을 설정해야 합니다.', en: 'Set an app-lock PIN before turning the app lock on.' },
});

/** A change to one user's settings; `extra` merges (null removes a key) or replaces the whole object. */
export interface SettingsChange {
  fixed: Partial<Pick<UserSettings, FixedSettingKey>>;
  extra?: { mode: 'merge'; values: Record<string, ExtraValue | null> } | { mode: 'replace'; values: Record<string, ExtraValue> };
  /** A new argon2id hash, null to clear the PIN, undefined to keep it. */
  appLockPinHash?: string | null;
}

/**
 * Applies a change inside a transaction: the row is created on the first write and locked, so
 * the app-lock rule (on ⇒ a PIN is set) and the merged `extra` limits hold against concurrent writes.
 */
export async function applySettingsChange(tx: Tx, userId: number, change: SettingsChange): Promise<UserSettings> {
  await tx.insert(userSettings).values({ userId }).onConflictDoNothing({ target: userSettings.userId });
  const [row] = await tx.select().from(userSettings).where(eq(userSettings.userId, userId)).for('update');
  const appLockPinHash = change.appLockPinHash === undefined ? row!.appLockPinHash : change.appLockPinHash;
  if ((change.fixed.appLockEnabled ?? row!.appLockEnabled) && !appLockPinHash) throw badRequest(SettingsMessage.APP_LOCK_PIN_REQUIRED);
  const extra = change.extra && nextExtra(row!.extra, change.extra);
  const [updated] = await tx
    .update(userSettings)
    .set({ ...change.fixed, appLockPinHash, ...(extra && { extra }) })
    .where(eq(userSettings.userId, userId))
    .returning();
  return toUserSettings(updated!);
}

function nextExtra(current: Record<string, unknown>, change: NonNullable<SettingsChange['extra']>): Record<string, unknown> {
  if (change.mode === 'replace') return change.values;
  const merged = { ...current };
  for (const [key, value] of Object.entries(change.values)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  if (!extraSettings.safeParse(merged).success) throw fieldError('extra', SettingsFieldMessage.EXTRA_TOO_LARGE);
  return merged;
}

/** Document 003's user settings: read, change (whole or one key), reset. */
export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly passwords: Passwords,
  ) {}

  get(userId: number): Promise<UserSettings> {
    return settingsOfUser(this.db, userId);
  }

  async update(userId: number, update: SettingsUpdate): Promise<UserSettings> {
    const { appLockPin, extra, ...fixed } = update;
    // Hashing takes a while: done before the row is locked.
    const appLockPinHash = appLockPin ? await this.passwords.hash(appLockPin) : appLockPin;
    return this.db.transaction((tx) => applySettingsChange(tx, userId, { fixed, appLockPinHash, ...(extra && { extra: { mode: 'merge', values: extra } }) }));
  }

  /** One setting by name: a fixed one, `appLockPinSet`, or an extra key. */
  async getKey(userId: number, key: string): Promise<{ key: string; value: unknown }> {
    if (key === 'appLockPin') throw badRequest(SettingsMessage.SETTING_WRITE_ONLY);
    return keyView(await this.get(userId), key);
  }

  /** Sets one setting by the same rules as `update`; null removes an extra key or clears the PIN. */
  async setKey(userId: number, key: string, value: unknown): Promise<{ key: string; value: unknown }> {
    if (key === 'appLockPinSet') throw badRequest(SettingsMessage.SETTING_READ_ONLY);
    const schema = z.object({ value: valueSchemaOf(key) });
    const checked = schema.safeParse({ value });
    if (!checked.success) throw new RequestValidationError(schema, { value });
    const update = (
      isFixedSettingKey(key) || key === 'appLockPin' ? { [key]: checked.data.value } : { extra: { [key]: checked.data.value } }
    ) as SettingsUpdate;
    const settings = await this.update(userId, update);
    if (key === 'appLockPin') return keyView(settings, 'appLockPinSet');
    return isFixedSettingKey(key) ? keyView(settings, key) : { key, value: Object.hasOwn(settings.extra, key) ? settings.extra[key] : null };
  }

  /**
   * Back to document 003's defaults: everything, extra keys and the PIN too (`all`); or only the
   * MIMO app's core settings (`core`), or only the extra keys, its custom settings (`custom`).
   */
  async reset(userId: number, part: 'all' | 'core' | 'custom' = 'all'): Promise<UserSettings> {
    if (part === 'custom') return this.db.transaction((tx) => applySettingsChange(tx, userId, { fixed: {}, extra: { mode: 'replace', values: {} } }));
    if (part === 'core') {
      const { notificationEnabled, motionSensitivity, autoRecording, recordingQuality, storageDays, darkMode, language, timezone } = SETTINGS_DEFAULTS;
      return this.update(userId, { notificationEnabled, motionSensitivity, autoRecording, recordingQuality, storageDays, darkMode, language, timezone });
    }
    await this.db.delete(userSettings).where(eq(userSettings.userId, userId));
    return defaultSettings(userId);
  }

  /** Removes an extra key; 404 when there is none. */
  async removeExtra(userId: number, key: string): Promise<void> {
    if (!Object.hasOwn((await this.get(userId)).extra, key)) throw notFound(SettingsMessage.SETTING_NOT_FOUND);
    await this.update(userId, { extra: { [key]: null } });
  }
}

function keyView(settings: UserSettings, key: string): { key: string; value: unknown } {
  if (isFixedSettingKey(key) || key === 'appLockPinSet') return { key, value: settings[key] };
  if (Object.hasOwn(settings.extra, key)) return { key, value: settings.extra[key] };
  throw notFound(SettingsMessage.SETTING_NOT_FOUND);
}
