import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, primaryKey, text, unique, varchar } from 'drizzle-orm/pg-core';
import { timestampColumns } from '../../../platform/db/columns';
import { BODY_PARTS } from './shipped/types';
import { fitmate } from '../users/tables';
import { INTENSITIES } from '../vocabulary';

// Shipped catalog rows carry their own ids; rows made through the API start above them.
const catalogId = (start: number) => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity({ startWith: start });

export const bodyPart = fitmate.enum('body_part', BODY_PARTS);
export const intensity = fitmate.enum('intensity', INTENSITIES);

export const exerciseCategories = fitmate.table(
  'exercise_categories',
  {
    id: catalogId(1_000),
    name: varchar('name', { length: 100 }).notNull(),
    nameKr: varchar('name_kr', { length: 100 }).notNull(),
    description: text('description'),
    imageUrl: varchar('image_url', { length: 500 }),
    sortOrder: integer('sort_order').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    ...timestampColumns(),
  },
  (t) => [index('idx_active_categories').on(t.isActive, t.sortOrder)],
);

export const muscleGroups = fitmate.table(
  'muscle_groups',
  {
    id: catalogId(1_000),
    name: varchar('name', { length: 100 }).notNull(),
    nameKr: varchar('name_kr', { length: 100 }).notNull(),
    bodyPart: bodyPart('body_part'),
  },
  (t) => [unique('unique_muscle_name').on(t.name), index('idx_body_part').on(t.bodyPart)],
);

export const exercises = fitmate.table(
  'exercises',
  {
    id: catalogId(100_000),
    name: varchar('name', { length: 255 }).notNull(),
    nameKr: varchar('name_kr', { length: 255 }).notNull(),
    description: text('description'),
    instructions: text('instructions'),
    categoryId: bigint('category_id', { mode: 'number' })
      .notNull()
      .references(() => exerciseCategories.id),
    primaryMuscleGroupId: bigint('primary_muscle_group_id', { mode: 'number' })
      .notNull()
      .references(() => muscleGroups.id),
    metValue: numeric('met_value', { precision: 4, scale: 2, mode: 'number' }),
    intensity: intensity('intensity'),
    difficultyLevel: integer('difficulty_level').notNull().default(1),
    requiredEquipment: jsonb('required_equipment').$type<string[]>().notNull().default([]),
    imageUrl: varchar('image_url', { length: 500 }),
    videoUrl: varchar('video_url', { length: 500 }),
    thumbnailUrl: varchar('thumbnail_url', { length: 500 }),
    durationMin: integer('duration_min'),
    repetitionsMin: integer('repetitions_min'),
    repetitionsMax: integer('repetitions_max'),
    setsMin: integer('sets_min').notNull().default(1),
    setsMax: integer('sets_max').notNull().default(5),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    isBeginnerFriendly: boolean('is_beginner_friendly').notNull().default(false),
    isEquipmentFree: boolean('is_equipment_free').notNull().default(true),
    isActive: boolean('is_active').notNull().default(true),
    viewCount: integer('view_count').notNull().default(0),
    popularityScore: numeric('popularity_score', { precision: 3, scale: 2, mode: 'number' }).notNull().default(0),
    /** Names and tags lower-cased and split into jamo (and initial consonants), for typo-tolerant Korean search. */
    searchText: text('search_text').notNull().default(''),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_category').on(t.categoryId),
    index('idx_muscle_group').on(t.primaryMuscleGroupId),
    index('idx_intensity').on(t.intensity),
    index('idx_difficulty').on(t.difficultyLevel),
    index('idx_equipment_free').on(t.isEquipmentFree),
    index('idx_active_exercises').on(t.isActive, t.popularityScore),
    index('idx_search').on(t.name, t.nameKr),
    // MySQL's FULLTEXT (name, name_kr, description, tags) as a PostgreSQL text search index.
    index('ft_search').using(
      'gin',
      sql`to_tsvector('simple', ${t.name} || ' ' || ${t.nameKr} || ' ' || coalesce(${t.description}, '') || ' ' || ${t.tags}::text)`,
    ),
    index('idx_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('difficulty_range', sql`${t.difficultyLevel} between 1 and 10`),
  ],
);

export const exerciseSecondaryMuscles = fitmate.table(
  'exercise_secondary_muscles',
  {
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    muscleGroupId: bigint('muscle_group_id', { mode: 'number' })
      .notNull()
      .references(() => muscleGroups.id),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.muscleGroupId] })],
);

/** Views per exercise per Seoul day, for the weekly ranking (view_count is the running total). */
export const exerciseDailyViews = fitmate.table(
  'exercise_daily_views',
  {
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.day] }), index('idx_daily_views_day').on(t.day)],
);
