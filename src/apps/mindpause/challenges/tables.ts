import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { idColumn, createdAtColumn, timestampColumns } from '../../../platform/db/columns';
import { mindpause, users } from '../users/tables';
import { CHALLENGE_CATEGORIES, CHALLENGE_STATUSES } from './vocabulary';

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Document 002's Challenge: a habit kept for a number of days, e.g. a 7-day gratitude journal. */
export const challenges = mindpause.table(
  'challenges',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: varchar('title', { length: 100 }).notNull(),
    description: text('description'),
    category: varchar('category', { length: 20 }).notNull(),
    targetDays: integer('target_days').notNull(),
    startDate: date('start_date').notNull(),
    status: varchar('status', { length: 20 }).notNull().default('active'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_challenges_user_created').on(t.userId, t.createdAt.desc(), t.id.desc()),
    check('challenges_status_check', sql.raw(`status in (${inList(CHALLENGE_STATUSES)})`)),
    check('challenges_category_check', sql.raw(`category in (${inList(CHALLENGE_CATEGORIES)})`)),
    check('challenges_target_days_check', sql`${t.targetDays} between 1 and 365`),
  ],
);

/** One day kept: at most one per challenge and Seoul day. */
export const challengeCheckIns = mindpause.table(
  'challenge_check_ins',
  {
    id: idColumn(),
    challengeId: bigint('challenge_id', { mode: 'number' })
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    note: varchar('note', { length: 500 }),
    createdAt: createdAtColumn(),
  },
  (t) => [unique('challenge_check_ins_challenge_day_unique').on(t.challengeId, t.day)],
);
