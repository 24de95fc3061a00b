import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumns } from '../../../platform/db/columns';
import { mimo, users } from '../users/tables';

export const CAMERA_STATUSES = ['online', 'offline', 'error'] as const;
export const cameraStatus = mimo.enum('camera_status', CAMERA_STATUSES);

/** Document 003's Camera: a phone left at home as an always-ready camera. */
export const cameras = mimo.table(
  'cameras',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 100 }).notNull(),
    /** The hardware's own identifier; set at registration, never changed by a client. */
    deviceId: varchar('device_id', { length: 255 }).notNull().unique('cameras_device_id_unique'),
    location: varchar('location', { length: 100 }),
    status: cameraStatus('status').notNull().default('offline'),
    lastSeen: timestamp('last_seen', { withTimezone: true }),
    lastHeartbeat: timestamp('last_heartbeat', { withTimezone: true }),
    firmware: varchar('firmware', { length: 50 }),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** SHA-256 of the device credential issued at registration (the credential itself is shown once). */
    deviceSecretHash: varchar('device_secret_hash', { length: 64 }).notNull(),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_cameras_user').on(t.userId, t.id),
    // The sweeper's scan: the online cameras, whose last beat it then compares. No index holds
    // last_heartbeat or last_seen, so a heartbeat (which writes only those, and firmware) is a HOT
    // update on PostgreSQL: no index entry, no dead index tuple per beat. The table's fillfactor
    // (90, set in migration 0010) leaves room on each page for those new row versions.
    index('idx_cameras_online')
      .on(t.id)
      .where(sql`status = 'online'`),
  ],
);

/** Who may watch a camera besides its owner: granted by a pairing code, revoked by the owner. */
export const cameraViewers = mimo.table(
  'camera_viewers',
  {
    id: idColumn(),
    cameraId: bigint('camera_id', { mode: 'number' })
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    lastViewedAt: timestamp('last_viewed_at', { withTimezone: true }),
  },
  (t) => [unique('camera_viewers_camera_user_unique').on(t.cameraId, t.userId), index('idx_camera_viewers_user').on(t.userId)],
);

/**
 * Each time a camera's status changes, with when: a camera's uptime over a window is read from
 * here (the cameras row only knows the present).
 */
export const cameraStatusLog = mimo.table(
  'camera_status_log',
  {
    id: idColumn(),
    cameraId: bigint('camera_id', { mode: 'number' })
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    status: cameraStatus('status').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_camera_status_log_camera_changed').on(t.cameraId, t.changedAt)],
);
