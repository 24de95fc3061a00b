import { z } from 'zod';
import { lineText } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { EVENT_TYPES } from '../events/tables';
import { cameraSettingsSchema } from '../settings/schemas';
import { CameraMessage } from './messages';
import { CAMERA_STATUSES } from './tables';

const ROLES = ['owner', 'viewer'] as const;

/** A hardware identifier as devices report them: letters, digits and a few separators. */
export const deviceIdField = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[\w.:-]+$/, 'letters, digits, ".", ":", "_" and "-" only');

const firmware = lineText(50);

const editable = {
  name: lineText(100),
  location: lineText(100).nullable(),
  firmware: firmware.nullable(),
  settings: cameraSettingsSchema,
};

/** Registration: the device id is fixed from here on; the owner is the caller. */
export const cameraBody = z.strictObject({
  name: editable.name,
  deviceId: deviceIdField,
  location: editable.location.optional(),
  firmware: editable.firmware.optional(),
  settings: editable.settings.default({}),
});
export type CameraBody = z.output<typeof cameraBody>;

/**
 * What a client may change: name, location, firmware and settings (merged into the stored ones).
 * Strict: owner, device id, status or anything else in the body is refused with 400, so nothing
 * slips in by mass assignment.
 */
export const cameraUpdate = z
  .strictObject(editable)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, CameraMessage.NOTHING_TO_CHANGE);
export type CameraUpdate = z.output<typeof cameraUpdate>;

export const cameraQuery = pageQuery.extend({
  status: z.enum(CAMERA_STATUSES).optional(),
  role: z.enum(ROLES).optional().describe('Only cameras I own, or only those I may watch'),
});
export type CameraQuery = z.output<typeof cameraQuery>;

/** A moment as ISO 8601 text, written once per row (the list's two views of a camera share it). */
export const instant = z.string().describe('ISO 8601 date-time');
export const isoOf = (date: Date | null) => date?.toISOString() ?? null;

export const cameraSchema = z.object({
  id: z.number(),
  name: z.string(),
  /** The camera's address in the app's live protocol; it opens nothing (the device credential does). */
  deviceId: z.string(),
  location: z.string().nullable(),
  status: z.enum(CAMERA_STATUSES),
  lastSeen: instant.nullable(),
  lastHeartbeat: instant.nullable(),
  firmware: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  role: z.enum(ROLES).describe('My role on this camera'),
  createdAt: instant,
  updatedAt: instant,
});
export type CameraView = z.input<typeof cameraSchema>;

export const credentialSchema = z.object({
  deviceCredential: z.string().describe('`mc_<cameraId>_<secret>`: shown once; send it as the X-Device-Credential header'),
});

export const createdCameraSchema = z.object({ camera: cameraSchema }).extend(credentialSchema.shape);

/** What a camera may report with a beat; kept small, the beat is built to be cheap. */
export const heartbeatBody = z.strictObject({ firmware: firmware.optional() }).nullish();

export const heartbeatSchema = z.object({
  cameraId: z.number(),
  status: z.enum(CAMERA_STATUSES),
  lastHeartbeat: z.date().nullable(),
  heartbeatIntervalSec: z.number().describe('Beat at least this often; three missed beats turn the camera offline'),
});

export const statsQuery = z.object({
  days: z.coerce.number().int().min(1).max(30).default(1).describe('Window for uptime and events, in days back from now'),
});

export const statsSchema = z.object({
  cameraId: z.number(),
  window: z.object({ from: z.date(), to: z.date(), days: z.number() }),
  uptime: z.object({
    percent: z.number().describe('Share of the window the camera was online, 0–100 (from its registration on, if newer)'),
    onlineSeconds: z.number(),
    windowSeconds: z.number(),
  }),
  events: z.object({ total: z.number(), byType: z.record(z.enum(EVENT_TYPES), z.number()) }).describe('Events that started in the window'),
  recordings: z.object({ count: z.number(), bytes: z.number() }).describe('Every stored recording of the camera'),
  viewers: z.object({ granted: z.number().describe('Users paired as viewers'), watching: z.number().describe('Viewers connected to the live room now') }),
});
