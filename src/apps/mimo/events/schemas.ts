import { z } from 'zod';
import { httpsUrl, jsonObject } from '../../../platform/http/fields';
import { seoulMidnight } from '../../../platform/time';
import { EVENT_TYPES } from './tables';
import { EventMessage } from './messages';

/** Metadata is a small JSON object: what a detector wants to keep (boxes, labels), not a file. */
export const METADATA_MAX_BYTES = 4096;
/** A camera's clock may run a little ahead of ours; more than this is a mistake. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_EVENT_SECONDS = 86_400;

export const recordId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A moment with its offset ("2026-11-21T09:00:00+09:00" or "…Z"), as a Date. */
export const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

const notInFuture = instant.refine((at) => at.getTime() <= Date.now() + CLOCK_SKEW_MS, EventMessage.EVENT_IN_FUTURE);

export const metadataSchema = jsonObject(METADATA_MAX_BYTES);

/** `?flag=true|false`; anything else is a validation error (z.coerce.boolean would read "false" as true). */
export const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `from`/`to` of a query, in order. */
export const timeRange = {
  from: instant.optional().describe('From this moment on (inclusive), ISO 8601 with offset'),
  to: instant.optional().describe('Before this moment (exclusive), ISO 8601 with offset'),
};
export const rangeInOrder = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from <= q.to;
export const rangeIssue = { message: EventMessage.RANGE_REVERSED, path: ['from'] };

export const eventBody = z
  .strictObject({
    cameraId: recordId,
    type: z.enum(EVENT_TYPES),
    startedAt: notInFuture,
    endedAt: notInFuture.nullable().optional(),
    duration: z.number().int().min(0).max(MAX_EVENT_SECONDS).optional().describe('Seconds; from endedAt when left out'),
    score: z.number().min(0).max(100).nullable().optional().describe('Detection score 0–100; required for motion and sound'),
    confidence: z.number().min(0).max(1).nullable().optional().describe('Detector confidence 0–1'),
    metadata: metadataSchema.default({}),
    imageUrl: httpsUrl(255).nullable().optional().describe('Thumbnail URL'),
  })
  .refine((e) => !e.endedAt || e.endedAt >= e.startedAt, { message: EventMessage.EVENT_ENDS_BEFORE_START, path: ['endedAt'] })
  .refine((e) => (e.type !== 'motion' && e.type !== 'sound') || (e.score ?? null) !== null, { message: EventMessage.EVENT_SCORE_REQUIRED, path: ['score'] });
export type EventBody = z.output<typeof eventBody>;

/** What an owner may change: the camera, type and start of an event are what happened, not edits. */
export const eventUpdate = z
  .strictObject({
    acknowledged: z.boolean(),
    isPinned: z.boolean(),
    metadata: metadataSchema,
    endedAt: notInFuture.nullable(),
    duration: z.number().int().min(0).max(MAX_EVENT_SECONDS),
    imageUrl: httpsUrl(255).nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, EventMessage.NOTHING_TO_CHANGE);
export type EventUpdate = z.output<typeof eventUpdate>;

/** The MIMO app's `startDate`/`endDate`: an instant, or a Seoul day (YYYY-MM-DD; the end day is included). */
const appStart = z.union([instant, z.iso.date().transform(seoulMidnight)]);
const appEnd = z.union([instant, z.iso.date().transform((day) => new Date(seoulMidnight(day).getTime() + 86_400_000))]);
const oneOf = (a: string, b: string) => ({
  check: (q: Record<string, unknown>) => q[a] === undefined || q[b] === undefined,
  issue: { message: EventMessage.ALIAS_TWICE, path: [b] },
});
const pinnedAlias = oneOf('pinned', 'isPinned');
const fromAlias = oneOf('from', 'startDate');
const toAlias = oneOf('to', 'endDate');
const pageOrCursor = oneOf('cursor', 'page');

export const eventQuery = z
  .strictObject({
    cameraId: recordId.optional(),
    type: z.enum(EVENT_TYPES).optional(),
    ...timeRange,
    startDate: appStart.optional().describe('As the MIMO app sends it: `from`, or a Seoul day'),
    endDate: appEnd.optional().describe('As the MIMO app sends it: `to`, or a Seoul day (included)'),
    minScore: z.coerce.number().min(0).max(100).optional(),
    maxScore: z.coerce.number().min(0).max(100).optional(),
    pinned: flag.optional(),
    isPinned: flag.optional().describe('As the MIMO app sends it: `pinned`'),
    acknowledged: flag.optional(),
    cursor: z.string().max(64).optional().describe('nextCursor of the previous page'),
    page: z.coerce.number().int().min(1).max(10_000).optional().describe('As the MIMO app pages: counts rows to skip (slower than `cursor` on deep pages)'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine(pinnedAlias.check, pinnedAlias.issue)
  .refine(fromAlias.check, fromAlias.issue)
  .refine(toAlias.check, toAlias.issue)
  .refine(pageOrCursor.check, pageOrCursor.issue)
  .transform(({ startDate, endDate, isPinned, ...q }) => ({ ...q, from: q.from ?? startDate, to: q.to ?? endDate, pinned: q.pinned ?? isPinned }))
  .refine(rangeInOrder, rangeIssue)
  .refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
    message: EventMessage.SCORE_RANGE_REVERSED,
    path: ['minScore'],
  });
export type EventQuery = z.output<typeof eventQuery>;

export const statsQuery = z.object({ cameraId: recordId.optional(), ...timeRange }).refine(rangeInOrder, rangeIssue);
export type StatsQuery = z.output<typeof statsQuery>;

export const eventSchema = z.object({
  id: z.number(),
  cameraId: z.number(),
  type: z.enum(EVENT_TYPES),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  duration: z.number(),
  score: z.number().nullable(),
  confidence: z.number().nullable(),
  isPinned: z.boolean(),
  acknowledged: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
  imageUrl: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const eventPage = z.object({
  items: z.array(eventSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last one'),
  hasMore: z.boolean(),
});

const count = z.number().int();
export const eventStatsSchema = z.object({
  total: count,
  pinned: count,
  unacknowledged: count,
  byType: z.object(Object.fromEntries(EVENT_TYPES.map((type) => [type, count])) as Record<(typeof EVENT_TYPES)[number], typeof count>),
  byDay: z.array(z.object({ date: z.string().describe('Asia/Seoul, YYYY-MM-DD'), count })),
  byCamera: z.array(z.object({ cameraId: z.number(), name: z.string(), count })),
  totalEvents: count.describe('As the MIMO app reads it: total'),
  todayEvents: count.describe('Events that started today (Asia/Seoul) within the range'),
  pinnedEvents: count.describe('As the MIMO app reads it: pinned'),
  eventsByType: z.record(z.enum(EVENT_TYPES), count).describe('As the MIMO app reads it: byType'),
  averageScore: z.number().nullable().describe('Mean detection score of the events that have one'),
});
