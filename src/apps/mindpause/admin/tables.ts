import { bigint, date, pgSchema, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';
import { createdAtColumn } from '../../../platform/db/columns';
// Read only lazily (in `references`): schema.ts re-exports this module (see files/tables.ts).
import { users } from '../schema';

const mindpause = pgSchema('mindpause');

/**
 * Why and until when an account is suspended; the account itself is off through the platform's
 * `is_active`. A row without `endsAt` lasts until an admin lifts it.
 */
export const userSuspensions = mindpause.table('user_suspensions', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  reason: varchar('reason', { length: 500 }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  suspendedBy: bigint('suspended_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAtColumn(),
});

/** The Seoul days on which each user did anything signed in: daily actives for the admin stats. */
export const userActivityDays = mindpause.table(
  'user_activity_days',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.userId] })],
);
