import { bigint, boolean, index, timestamp, varchar } from 'drizzle-orm/pg-core';
import { idColumn, createdAtColumn } from '../../../platform/db/columns';
import { mimo, users } from '../users/tables';
import { cameras } from '../cameras/tables';

/**
 * A pairing code of a camera: a 6-digit PIN and a QR payload, both standing for this row. Only
 * keyed hashes are stored; one live code per camera (generating or renewing replaces it); single use.
 */
export const connectionCodes = mimo.table(
  'connection_codes',
  {
    id: idColumn(),
    cameraId: bigint('camera_id', { mode: 'number' })
      .notNull()
      .unique('connection_codes_camera_unique')
      .references(() => cameras.id, { onDelete: 'cascade' }),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** HMAC of the PIN: unique among live codes, so a PIN names one camera. */
    pinHash: varchar('pin_hash', { length: 64 }).notNull().unique('connection_codes_pin_unique'),
    /** HMAC of the QR code's random part (the public code id is its prefix). */
    codeHash: varchar('code_hash', { length: 64 }).notNull().unique('connection_codes_code_unique'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedBy: bigint('used_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    /** Renewed by the server while its camera is online: before it expires, and once it is spent. */
    autoRenew: boolean('auto_renew').notNull().default(false),
    /** When this code was issued: a renewal names the code it replaces by it. */
    createdAt: createdAtColumn(),
  },
  (t) => [index('idx_connection_codes_expires').on(t.expiresAt)],
);
