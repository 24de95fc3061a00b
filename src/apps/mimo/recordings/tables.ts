import { bigint, index, integer, timestamp, varchar } from 'drizzle-orm/pg-core';
import { idColumn, createdAtColumn, timestampColumns } from '../../../platform/db/columns';
import { mimo, users } from '../users/tables';
import { cameras } from '../cameras/tables';
import { events } from '../events/tables';

/** Document 003's Recording: one stored segment of an event's video. */
export const recordings = mimo.table(
  'recordings',
  {
    id: idColumn(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    cameraId: bigint('camera_id', { mode: 'number' })
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    /** The camera's owner when it was recorded. */
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    indexNum: integer('index_num').notNull().default(0),
    /** Where the segment is in the app's storage (the document's s3_key, local disk too). */
    s3Key: varchar('s3_key', { length: 500 }).notNull().unique('recordings_s3_key_unique'),
    filename: varchar('filename', { length: 255 }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    duration: integer('duration').notNull().default(0),
    fileSize: bigint('file_size', { mode: 'number' }).notNull().default(0),
    format: varchar('format', { length: 10 }).notNull().default('mp4'),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_recordings_event').on(t.eventId, t.indexNum),
    index('idx_recordings_camera_created').on(t.cameraId, t.createdAt.desc(), t.id.desc()),
    index('idx_recordings_user_created').on(t.userId, t.createdAt),
  ],
);

/** An upload URL handed out by /api/media/presign, waiting for /api/media/complete. */
export const mediaUploads = mimo.table(
  'media_uploads',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cameraId: bigint('camera_id', { mode: 'number' })
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    key: varchar('key', { length: 500 }).notNull().unique('media_uploads_key_unique'),
    contentType: varchar('content_type', { length: 100 }).notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    /** What the recording row will say once the upload is complete. */
    indexNum: integer('index_num').notNull().default(0),
    filename: varchar('filename', { length: 255 }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [index('idx_media_uploads_expires').on(t.expiresAt)],
);
