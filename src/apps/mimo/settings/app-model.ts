import { z } from 'zod';
import { defineMessages } from '../feature';
import { type SettingsUpdate, SettingsFieldMessage, extraValue, fixedSettingFields } from './schemas';
import type { UserSettings } from './service';

const Message = defineMessages({
  DATA_TYPE_MISMATCH: { ko: 'value가 dataType과 맞지 않습니다.', en: 'The value does not match its dataType.' },
});

/**
 * The MIMO app's settings model ("core" settings in snake_case, "custom" key/value settings), read
 * and written through document 003's: sensitivity low/medium/high is 25/50/75 of 1–100 (read back
 * by thirds), quality 720p/1080p/4K is low/medium/high, custom settings are the `extra` keys.
 */
const SENSITIVITY = { low: 25, medium: 50, high: 75 } as const;
const QUALITY = { '720p': 'low', '1080p': 'medium', '4K': 'high' } as const;
type Sensitivity = keyof typeof SENSITIVITY;
type Quality = keyof typeof QUALITY;

const sensitivityOf = (value: number): Sensitivity => (value <= 37 ? 'low' : value <= 62 ? 'medium' : 'high');
const qualityOf = (value: UserSettings['recordingQuality']): Quality => (Object.keys(QUALITY) as Quality[]).find((q) => QUALITY[q] === value)!;

export const coreSettingsSchema = z.object({
  user_id: z.number(),
  notification_enabled: z.boolean(),
  motion_sensitivity: z.enum(['low', 'medium', 'high']),
  auto_recording: z.boolean(),
  recording_quality: z.enum(['720p', '1080p', '4K']),
  storage_days: z.number(),
  dark_mode: z.boolean(),
  language: z.string(),
  timezone: z.string(),
  updated_at: z.date().nullable(),
});

export const coreSettingsUpdate = z
  .strictObject({
    notification_enabled: fixedSettingFields.notificationEnabled,
    motion_sensitivity: z.enum(['low', 'medium', 'high']),
    auto_recording: fixedSettingFields.autoRecording,
    recording_quality: z.enum(['720p', '1080p', '4K']),
    storage_days: fixedSettingFields.storageDays,
    dark_mode: fixedSettingFields.darkMode,
    language: fixedSettingFields.language,
    timezone: fixedSettingFields.timezone,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, SettingsFieldMessage.NOTHING_TO_CHANGE);

export function toCore(s: UserSettings): z.input<typeof coreSettingsSchema> {
  return {
    user_id: s.userId,
    notification_enabled: s.notificationEnabled,
    motion_sensitivity: sensitivityOf(s.motionSensitivity),
    auto_recording: s.autoRecording,
    recording_quality: qualityOf(s.recordingQuality),
    storage_days: s.storageDays,
    dark_mode: s.darkMode,
    language: s.language,
    timezone: s.timezone,
    updated_at: s.updatedAt,
  };
}

export function fromCore(patch: z.output<typeof coreSettingsUpdate>): SettingsUpdate {
  const update: SettingsUpdate = {
    notificationEnabled: patch.notification_enabled,
    motionSensitivity: patch.motion_sensitivity && SENSITIVITY[patch.motion_sensitivity],
    autoRecording: patch.auto_recording,
    recordingQuality: patch.recording_quality && QUALITY[patch.recording_quality],
    storageDays: patch.storage_days,
    darkMode: patch.dark_mode,
    language: patch.language,
    timezone: patch.timezone,
  };
  return Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
}

/** Both models at once, as the app's GET /settings reads them: `{core, custom, combined}`. */
export const allSettingsSchema = z.object({
  core: coreSettingsSchema,
  custom: z.record(z.string(), z.unknown()),
  combined: z.record(z.string(), z.unknown()),
});
export const allSettingsOf = (s: UserSettings) => {
  const core = toCore(s);
  return { core, custom: s.extra, combined: { ...core, ...s.extra } };
};

const DATA_TYPES = ['string', 'number', 'boolean', 'json'] as const;
const typeOf = (value: z.output<typeof extraValue>) => typeof value as 'string' | 'number' | 'boolean';

/** PUT /settings/custom/{key}: `{value, dataType?}`; a value is a short string, a number or a boolean, `json` a string of JSON. */
export const customSettingBody = z.strictObject({ value: extraValue, dataType: z.enum(DATA_TYPES).optional() }).refine(({ value, dataType }) => {
  if (dataType === undefined) return true;
  if (dataType !== 'json') return typeOf(value) === dataType;
  if (typeof value !== 'string') return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}, Message.DATA_TYPE_MISMATCH);

export const customSettingSchema = z.object({ key: z.string(), value: z.unknown(), dataType: z.enum(DATA_TYPES) });
export const customSettingOf = (key: string, value: z.output<typeof extraValue>, dataType?: (typeof DATA_TYPES)[number]) => ({
  key,
  value,
  dataType: dataType ?? typeOf(value),
});

/** What POST /settings/reset {resetType} puts back: the app's core settings, its custom ones, or everything. */
export const resetBody = z.strictObject({ resetType: z.enum(['core', 'custom', 'all']) }).nullish();
export type ResetType = 'core' | 'custom' | 'all';
