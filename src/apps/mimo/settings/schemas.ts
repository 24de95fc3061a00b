import { z } from 'zod';
import { defineMessages } from '../feature';
import { RECORDING_QUALITIES } from './tables';

export const SettingsFieldMessage = defineMessages({
  APP_LOCK_PIN_FORMAT: { ko: '앱 잠금 PIN은 숫자 4~6자리여야 합니다.', en: 'The app-lock PIN must be 4 to 6 digits.' },
  EXTRA_KEY_FORMAT: {
    ko: '설정 키는 영문자로 시작하고 영문자, 숫자, _ . - 만 쓸 수 있습니다. (최대 50자)',
    en: 'A setting key starts with a letter and holds only letters, digits, _ . - (at most 50 characters).',
  },
  EXTRA_KEY_RESERVED: { ko: '기본 설정 이름은 추가 설정 키로 쓸 수 없습니다.', en: 'A built-in setting name cannot be used as an extra key.' },
  EXTRA_TOO_LARGE: {
    ko: '추가 설정은 최대 50개, 8192바이트까지 저장할 수 있습니다.',
    en: 'Extra settings hold at most 50 keys and 8192 bytes.',
  },
  NOTHING_TO_CHANGE: { ko: '변경할 내용이 없습니다.', en: 'Nothing to change.' },
  DUPLICATE_CAMERA: { ko: '같은 카메라가 두 번 들어 있습니다.', en: 'The same camera appears twice.' },
  LANGUAGE_FORMAT: { ko: '언어는 ko, en, ko-KR 같은 언어 태그여야 합니다.', en: 'The language is a language tag such as ko, en or ko-KR.' },
  TIMEZONE_UNKNOWN: { ko: '알 수 없는 시간대입니다. (예: Asia/Seoul)', en: 'Unknown time zone (e.g. Asia/Seoul).' },
});

/** An IANA time zone the runtime knows ("Asia/Seoul", "UTC"). */
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** What a camera's own settings may hold (cameras.settings); every key optional, nothing else. */
export const cameraSettingsSchema = z
  .object({
    motionDetection: z.boolean(),
    motionSensitivity: z.number().int().min(1).max(100),
    soundDetection: z.boolean(),
    recordingQuality: z.enum(RECORDING_QUALITIES),
    recordingEnabled: z.boolean(),
    nightVision: z.boolean(),
    notificationsEnabled: z.boolean(),
  })
  .partial()
  .strict();
export type CameraSettings = z.infer<typeof cameraSettingsSchema>;

/** Limits of the free-form `extra` settings a client keeps next to the fixed ones (EXTRA_TOO_LARGE names them). */
export const EXTRA_LIMITS = { keys: 50, bytes: 8192, valueLength: 1000 } as const;

/** The fixed settings of document 003 as a client writes them (the PIN is write-only). */
export const fixedSettingFields = {
  notificationEnabled: z.boolean(),
  emailNotification: z.boolean(),
  motionSensitivity: z.number().int().min(1).max(100).describe('1–100'),
  recordingQuality: z.enum(RECORDING_QUALITIES),
  storageDays: z.number().int().min(1).max(365).describe('Days recordings are kept, 1–365'),
  appLockEnabled: z.boolean().describe('Needs an app-lock PIN set (now or before)'),
  autoRecording: z.boolean().describe('The app records on motion by itself'),
  darkMode: z.boolean(),
  language: z
    .string()
    .max(35)
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, SettingsFieldMessage.LANGUAGE_FORMAT),
  timezone: z.string().max(64).refine(isTimeZone, SettingsFieldMessage.TIMEZONE_UNKNOWN),
};
export type FixedSettingKey = keyof typeof fixedSettingFields;
export const FIXED_SETTING_KEYS = Object.keys(fixedSettingFields) as FixedSettingKey[];
/** Own keys only: `toString` or `constructor` are extra keys like any other, not fixed settings. */
export const isFixedSettingKey = (key: string): key is FixedSettingKey => Object.hasOwn(fixedSettingFields, key);

export const appLockPinSchema = z.string().regex(/^\d{4,6}$/, SettingsFieldMessage.APP_LOCK_PIN_FORMAT);
/** A new PIN, or null to clear it. */
const appLockPinField = appLockPinSchema.nullable().describe('4–6 digits, stored hashed and never returned; null clears it');

/**
 * Names that belong to the fixed settings (or their read-only view), to the app's core settings,
 * or to the routes beside /api/settings/{key}, and so never to `extra`.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  ...FIXED_SETTING_KEYS,
  'appLockPin',
  'appLockPinSet',
  'core',
  'custom',
  'notification_enabled',
  'motion_sensitivity',
  'auto_recording',
  'recording_quality',
  'storage_days',
  'dark_mode',
  'language',
  'timezone',
]);

export const settingKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,49}$/, SettingsFieldMessage.EXTRA_KEY_FORMAT);
export const extraKey = settingKey.refine((key) => !RESERVED_KEYS.has(key), SettingsFieldMessage.EXTRA_KEY_RESERVED);

/** A value of an extra setting: a short string, a finite number or a boolean. */
export const extraValue = z.union([z.string().max(EXTRA_LIMITS.valueLength), z.number().finite(), z.boolean()]);
export type ExtraValue = z.infer<typeof extraValue>;

const fitsLimits = (extra: Record<string, unknown>) =>
  Object.keys(extra).length <= EXTRA_LIMITS.keys && Buffer.byteLength(JSON.stringify(extra)) <= EXTRA_LIMITS.bytes;

/** The whole `extra` object, as stored and as imported. */
export const extraSettings = z.record(extraKey, extraValue).refine(fitsLimits, SettingsFieldMessage.EXTRA_TOO_LARGE);

/** Changes to `extra`: a value sets the key, null removes it. */
const extraPatch = z.record(extraKey, extraValue.nullable()).refine(fitsLimits, SettingsFieldMessage.EXTRA_TOO_LARGE);

/** PUT /api/settings: any of the fixed settings, the PIN and extra keys; nothing else. */
export const settingsUpdate = z
  .strictObject({ ...fixedSettingFields, appLockPin: appLockPinField, extra: extraPatch })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, SettingsFieldMessage.NOTHING_TO_CHANGE);
export type SettingsUpdate = z.output<typeof settingsUpdate>;

/** The value PUT /api/settings/:key takes for a key: the same rules as the whole update. */
export function valueSchemaOf(key: string): z.ZodType {
  if (key === 'appLockPin') return appLockPinField;
  if (isFixedSettingKey(key)) return fixedSettingFields[key];
  return extraValue.nullable();
}

export const settingsSchema = z.object({
  notificationEnabled: z.boolean(),
  emailNotification: z.boolean(),
  motionSensitivity: z.number(),
  recordingQuality: z.enum(RECORDING_QUALITIES),
  storageDays: z.number(),
  appLockEnabled: z.boolean(),
  autoRecording: z.boolean(),
  darkMode: z.boolean(),
  language: z.string(),
  timezone: z.string(),
  appLockPinSet: z.boolean().describe('Whether an app-lock PIN is set; the PIN itself is never returned'),
  extra: z.record(z.string(), z.unknown()),
  updatedAt: z.date().nullable().describe('null while the user still has the defaults'),
});

export const settingValueSchema = z.object({ key: z.string(), value: z.unknown() });
export const settingKeyParam = z.object({ key: settingKey });
export const settingValueBody = z.strictObject({ value: z.unknown() });

export const pinBody = z.strictObject({ pin: appLockPinSchema });

export const cameraSettingsResponse = z.object({ cameraId: z.number(), settings: z.record(z.string(), z.unknown()) });

/** The export format; import takes the same document back. */
export const SETTINGS_EXPORT_VERSION = 1 as const;

const exportedCamera = z.strictObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  name: z.string().max(100).optional().describe('For people reading the file; import leaves names alone'),
  settings: cameraSettingsSchema,
});

export const settingsExport = z.object({
  version: z.literal(SETTINGS_EXPORT_VERSION),
  exportedAt: z.date(),
  settings: z.object({ ...fixedSettingFields, extra: z.record(z.string(), z.unknown()) }),
  cameras: z.array(z.object({ id: z.number(), name: z.string(), settings: z.record(z.string(), z.unknown()) })),
});

/** POST /api/settings/import: an export, whole or in part; settings given replace the stored ones. */
export const settingsImport = z.strictObject({
  version: z.literal(SETTINGS_EXPORT_VERSION),
  exportedAt: z.iso.datetime({ offset: true }).optional(),
  settings: z
    .strictObject({ ...fixedSettingFields, extra: extraSettings })
    .partial()
    .optional(),
  cameras: z
    .array(exportedCamera)
    .max(1000)
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, SettingsFieldMessage.DUPLICATE_CAMERA)
    .optional(),
});
export type SettingsImport = z.output<typeof settingsImport>;
