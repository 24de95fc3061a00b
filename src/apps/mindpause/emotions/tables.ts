import { sql } from 'drizzle-orm';
import { bigint, check, index, smallint, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumns } from '../../../platform/db/columns';
import { mindpause, users } from '../users/tables';
import { EMOTION_CODES } from './vocabulary';

const codes = EMOTION_CODES.map((code) => `'${code}'`).join(', ');

/** Document 002's EmotionLog: one feeling, how strong, when, and what went with it. */
export const emotionLogs = mindpause.table(
  'emotion_logs',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emotion: varchar('emotion', { length: 20 }).notNull(),
    intensity: smallint('intensity').notNull(),
    note: text('note'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    activities: text('activities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    feltAt: timestamp('felt_at', { withTimezone: true }).notNull(),
    ...timestampColumns(),
  },
  (t) => [
    // Lists, ranges, statistics and streaks all read one user's records by time.
    index('idx_emotion_logs_user_felt_at').on(t.userId, t.feltAt.desc(), t.id.desc()),
    check('emotion_logs_emotion_check', sql.raw(`emotion in (${codes})`)),
    check('emotion_logs_intensity_check', sql`${t.intensity} between 1 and 10`),
  ],
);
