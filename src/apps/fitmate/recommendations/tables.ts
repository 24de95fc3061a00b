import { bigint, index } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn } from '../../../platform/db/columns';
import { exercises } from '../exercises/tables';
import { fitmate, ownerColumn } from '../users/tables';
import { FEEDBACK_KINDS } from '../vocabulary';

export const feedbackKind = fitmate.enum('recommendation_feedback_kind', FEEDBACK_KINDS);

export const recommendationFeedback = fitmate.table(
  'recommendation_feedback',
  {
    id: idColumn(),
    userId: ownerColumn(),
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    feedback: feedbackKind('feedback').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('idx_feedback_user').on(t.userId, t.createdAt)],
);
