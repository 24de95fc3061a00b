import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, numeric, real, timestamp, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumns } from '../../../platform/db/columns';
import { cameras } from '../cameras/tables';
import { mimo } from '../users/tables';

export const EVENT_TYPES = ['motion', 'sound', 'manual', 'scheduled'] as const;
export const eventType = mimo.enum('event_type', EVENT_TYPES);

/** Document 003's Event: something a camera saw or heard, or a manual or scheduled capture. */
export const events = mimo.table(
  'events',
  {
    id: idColumn(),
    cameraId: bigint('camera_id', { mode: 'number' })
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    type: eventType('type').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Seconds. */
    duration: integer('duration').notNull().default(0),
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }),
    isPinned: boolean('is_pinned').notNull().default(false),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    confidence: real('confidence'),
    acknowledged: boolean('acknowledged').notNull().default(false),
    imageUrl: varchar('image_url', { length: 255 }),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_events_camera_started').on(t.cameraId, t.startedAt.desc(), t.id.desc()),
    index('idx_events_camera_type_started').on(t.cameraId, t.type, t.startedAt.desc()),
    index('idx_events_pinned')
      .on(t.cameraId)
      .where(sql`is_pinned`),
    // The nightly retention's scan across every camera.
    index('idx_events_started').on(t.startedAt),
  ],
);
