import { sql } from 'drizzle-orm';
import { check, date, index, numeric, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumns } from '../../../platform/db/columns';
import { fitmate, ownerColumn } from '../users/tables';
import { GOAL_STATUSES, GOAL_TYPES } from '../vocabulary';

export const goalType = fitmate.enum('goal_type', GOAL_TYPES);
export const goalStatus = fitmate.enum('goal_status', GOAL_STATUSES);

export const workoutGoals = fitmate.table(
  'workout_goals',
  {
    id: idColumn(),
    userId: ownerColumn(),
    goalType: goalType('goal_type'),
    targetValue: numeric('target_value', { precision: 8, scale: 2, mode: 'number' }),
    currentValue: numeric('current_value', { precision: 8, scale: 2, mode: 'number' }),
    unit: varchar('unit', { length: 20 }),
    startDate: date('start_date').notNull(),
    targetDate: date('target_date').notNull(),
    status: goalStatus('status').notNull().default('ACTIVE'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    title: varchar('title', { length: 255 }).notNull(),
    description: text('description'),
    motivationNote: text('motivation_note'),
    /** Where the goal started (the first weight, say), so progress toward the target can be told. */
    baselineValue: numeric('baseline_value', { precision: 8, scale: 2, mode: 'number' }),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_user_status').on(t.userId, t.status),
    index('idx_target_date').on(t.targetDate),
    index('idx_goal_type').on(t.goalType),
    check('goal_dates', sql`${t.targetDate} >= ${t.startDate}`),
  ],
);
