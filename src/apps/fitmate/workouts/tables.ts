import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, numeric, text, time, varchar } from 'drizzle-orm/pg-core';
import { idColumn, timestampColumns } from '../../../platform/db/columns';
import { exercises } from '../exercises/tables';
import { fitmate, ownerColumn } from '../users/tables';
import { MOODS, WORKOUT_TYPES } from '../vocabulary';

export const workoutType = fitmate.enum('workout_type', WORKOUT_TYPES);
export const mood = fitmate.enum('mood', MOODS);

// Index names are unique per schema in PostgreSQL, so the document's idx_user_date of two
// tables becomes idx_workouts_user_date and idx_body_user_date.
export const workoutRecords = fitmate.table(
  'workout_records',
  {
    id: idColumn(),
    userId: ownerColumn(),
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id),
    durationMinutes: integer('duration_minutes').notNull(),
    repetitions: integer('repetitions'),
    sets: integer('sets'),
    weightKg: numeric('weight_kg', { precision: 5, scale: 2, mode: 'number' }),
    distanceKm: numeric('distance_km', { precision: 6, scale: 3, mode: 'number' }),
    caloriesBurned: numeric('calories_burned', { precision: 6, scale: 2, mode: 'number' }),
    perceivedExertion: integer('perceived_exertion'),
    heartRateAvg: integer('heart_rate_avg'),
    heartRateMax: integer('heart_rate_max'),
    workoutDate: date('workout_date').notNull(),
    startTime: time('start_time'),
    endTime: time('end_time'),
    workoutType: workoutType('workout_type').notNull().default('INDIVIDUAL'),
    location: varchar('location', { length: 255 }),
    moodBefore: mood('mood_before'),
    moodAfter: mood('mood_after'),
    notes: text('notes'),
    motionAnalysisData: jsonb('motion_analysis_data'),
    formScore: numeric('form_score', { precision: 3, scale: 2, mode: 'number' }),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_workouts_user_date').on(t.userId, t.workoutDate),
    index('idx_workouts_exercise').on(t.exerciseId),
    index('idx_workouts_date_range').on(t.workoutDate),
    index('idx_calories').on(t.caloriesBurned),
    index('idx_user_exercise').on(t.userId, t.exerciseId),
    index('idx_workout_user_date_exercise').on(t.userId, t.workoutDate, t.exerciseId),
    check('perceived_exertion_range', sql`${t.perceivedExertion} between 1 and 10`),
    check('form_score_range', sql`${t.formScore} between 0 and 10`),
    check('duration_positive', sql`${t.durationMinutes} > 0`),
  ],
);
