import { z } from 'zod';
import { pageQuery } from '../../../platform/http/pagination';
import { filenameField } from '../../../platform/storage/content';
import { EventMessage } from '../events/messages';
import { instant, rangeInOrder, rangeIssue, recordId, timeRange } from '../events/schemas';

/** Media a camera may upload, and the format a recording of each is filed under. */
export const MEDIA_TYPES = { 'video/mp4': 'mp4', 'video/webm': 'webm', 'image/jpeg': 'jpg' } as const;
export type MediaType = keyof typeof MEDIA_TYPES;
const mediaTypes = Object.keys(MEDIA_TYPES) as [MediaType, ...MediaType[]];

/** Largest segment accepted (S3); the local store's UPLOAD_LIMIT applies when it is lower. */
export const MEDIA_MAX_BYTES = 200 * 1024 * 1024;
export const MAX_SEGMENT_SECONDS = 86_400;
export const MAX_INDEX = 100_000;

const endsAfterStart = (r: { startedAt?: Date | null; endedAt?: Date | null }) => !r.startedAt || !r.endedAt || r.endedAt >= r.startedAt;
const endIssue = { message: EventMessage.EVENT_ENDS_BEFORE_START, path: ['endedAt'] };

const timing = {
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
  duration: z.number().int().min(0).max(MAX_SEGMENT_SECONDS).describe('Seconds; from startedAt and endedAt when left out'),
};

export const presignBody = z.strictObject({
  cameraId: recordId,
  eventId: recordId,
  contentType: z.enum(mediaTypes),
  fileSize: z.number().int().min(1).max(MEDIA_MAX_BYTES).describe('Exact size in bytes of what will be uploaded'),
  indexNum: z.number().int().min(0).max(MAX_INDEX).default(0).describe('Order of the segment within its event'),
  filename: filenameField().optional(),
});
export type PresignBody = z.output<typeof presignBody>;

export const completeBody = z
  .strictObject({
    uploadId: recordId,
    durationSec: timing.duration.optional(),
    startedAt: timing.startedAt.optional(),
    endedAt: timing.endedAt.optional(),
  })
  .refine(endsAfterStart, endIssue);
export type CompleteBody = z.output<typeof completeBody>;

/** POST /api/recordings: a segment uploaded through /api/media/presign, named by its key. */
export const recordingBody = z
  .strictObject({
    eventId: recordId,
    key: z.string().min(1).max(500).describe('The key /api/media/presign gave'),
    durationSec: timing.duration.optional(),
    startedAt: timing.startedAt.optional(),
    endedAt: timing.endedAt.optional(),
  })
  .refine(endsAfterStart, endIssue);
export type RecordingBody = z.output<typeof recordingBody>;

/** What an owner may change: the description of a segment, never its file, size, camera or event. */
export const recordingUpdate = z
  .strictObject({ filename: filenameField().nullable(), indexNum: z.number().int().min(0).max(MAX_INDEX), ...timing })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, EventMessage.NOTHING_TO_CHANGE)
  .refine(endsAfterStart, endIssue);
export type RecordingUpdate = z.output<typeof recordingUpdate>;

export const recordingQuery = pageQuery.extend({ cameraId: recordId.optional(), eventId: recordId.optional(), ...timeRange }).refine(rangeInOrder, rangeIssue);
export type RecordingQuery = z.output<typeof recordingQuery>;

export const recordingStatsQuery = z.object({ cameraId: recordId.optional(), ...timeRange }).refine(rangeInOrder, rangeIssue);
export type RecordingStatsQuery = z.output<typeof recordingStatsQuery>;

export const recordingSchema = z.object({
  id: z.number(),
  eventId: z.number(),
  cameraId: z.number(),
  indexNum: z.number(),
  filename: z.string().nullable(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  duration: z.number().describe('Seconds'),
  fileSize: z.number().describe('Bytes'),
  format: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const totals = { count: z.number().int(), bytes: z.number(), duration: z.number().describe('Seconds') };
export const recordingStatsSchema = z.object({
  ...totals,
  byCamera: z.array(z.object({ cameraId: z.number(), name: z.string(), ...totals })),
  byDay: z.array(z.object({ date: z.string().describe('Asia/Seoul, YYYY-MM-DD, of when it was stored'), ...totals })),
});

export const presignSchema = z.object({
  uploadId: z.number(),
  key: z.string(),
  url: z.string().describe('PUT the exact bytes here, with the headers below'),
  method: z.literal('PUT'),
  headers: z.object({ 'content-type': z.string(), 'if-none-match': z.literal('*') }).describe('Send exactly these with the PUT; the URL takes one upload'),
  expiresAt: z.date(),
});

export const clipUrlSchema = z.object({
  recordingId: z.number(),
  url: z.string().describe('Signed GET URL; anyone holding it can download until it expires'),
  expiresAt: z.date(),
  fileSize: z.number(),
  format: z.string(),
  filename: z.string().nullable(),
});
