import { bigint, date, primaryKey } from 'drizzle-orm/pg-core';
import { mindpause, users } from '../users/tables';

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
