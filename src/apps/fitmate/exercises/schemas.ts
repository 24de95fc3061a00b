import { z } from 'zod';
import { httpsUrl, lineText, longText } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { BODY_PARTS } from './shipped/types';
import { EQUIPMENT_CODES, INTENSITIES } from '../vocabulary';

export const categorySchema = z.object({
  id: z.number(),
  name: z.string(),
  nameKr: z.string(),
  description: z.string().nullable(),
  imageUrl: z.string().nullable(),
  sortOrder: z.number(),
  exerciseCount: z.number(),
});

export const muscleSchema = z.object({ id: z.number(), name: z.string(), nameKr: z.string(), bodyPart: z.enum(BODY_PARTS).nullable() });
export type Muscle = z.infer<typeof muscleSchema>;

export const exerciseSchema = z.object({
  id: z.number(),
  name: z.string(),
  nameKr: z.string(),
  description: z.string().nullable(),
  /** The numbered steps as separate strings. */
  instructions: z.array(z.string()),
  category: z.object({ id: z.number(), name: z.string(), nameKr: z.string() }),
  primaryMuscle: muscleSchema,
  secondaryMuscles: z.array(muscleSchema),
  bodyPart: z.enum(BODY_PARTS).nullable(),
  metValue: z.number().nullable(),
  intensity: z.enum(INTENSITIES).nullable(),
  difficultyLevel: z.number(),
  requiredEquipment: z.array(z.string()),
  imageUrl: z.string().nullable(),
  videoUrl: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  durationMin: z.number().nullable(),
  repetitionsMin: z.number().nullable(),
  repetitionsMax: z.number().nullable(),
  setsMin: z.number(),
  setsMax: z.number(),
  tags: z.array(z.string()),
  isBeginnerFriendly: z.boolean(),
  isEquipmentFree: z.boolean(),
  isActive: z.boolean(),
  viewCount: z.number(),
  popularityScore: z.number(),
  // ISO strings rather than Dates: the same value whether it comes from the database or the cache.
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Exercise = z.infer<typeof exerciseSchema>;

/** What lists and search show of an exercise; the description and steps are in its detail. */
export const exerciseSummarySchema = exerciseSchema.omit({ description: true, instructions: true });
export type ExerciseSummary = z.infer<typeof exerciseSummarySchema>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(30));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A category or muscle group by id ("3") or by name ("STRENGTH", "가슴"). */
const reference = z.string().trim().min(1).max(100);

export const listQuery = pageQuery.extend({
  category: reference.optional(),
  muscle: reference.optional().describe('Primary or secondary muscle group'),
  bodyPart: z.enum(BODY_PARTS).optional(),
  intensity: csv(z.enum(INTENSITIES)).optional(),
  difficultyMin: z.coerce.number().int().min(1).max(10).optional(),
  difficultyMax: z.coerce.number().int().min(1).max(10).optional(),
  equipment: csv(z.enum(EQUIPMENT_CODES)).optional().describe('Equipment at hand: exercises needing nothing else'),
  myEquipment: flag.optional().describe('Use the signed-in user’s equipment (profile) as `equipment`'),
  equipmentFree: flag.optional(),
  beginnerFriendly: flag.optional(),
  sort: z.enum(['popularity', 'name', 'difficulty']).default('popularity'),
  order: z.enum(['asc', 'desc']).optional(),
});
export type ListQuery = z.output<typeof listQuery>;

export const searchQuery = pageQuery.extend({ q: z.string().trim().min(1).max(50) });

export const popularItemSchema = z.object({
  rank: z.number(),
  score: z.number(),
  workoutsThisWeek: z.number(),
  usersThisWeek: z.number(),
  viewsThisWeek: z.number(),
  exercise: exerciseSummarySchema,
});

const steps = z.array(lineText(500)).min(1).max(15);

// The fields without defaults: an update must not put defaults over what is stored.
const exerciseFields = z.strictObject({
  name: lineText(255),
  nameKr: lineText(255),
  description: longText(5000).nullable(),
  instructions: steps,
  categoryId: z.number().int().positive(),
  primaryMuscleGroupId: z.number().int().positive(),
  secondaryMuscleGroupIds: z.array(z.number().int().positive()).max(10),
  metValue: z.number().min(1).max(25),
  intensity: z.enum(INTENSITIES).describe('Left out, it follows metValue: LOW below 3 MET, MODERATE below 6, HIGH from 6'),
  difficultyLevel: z.number().int().min(1).max(10),
  requiredEquipment: z.array(z.enum(EQUIPMENT_CODES)).max(10),
  imageUrl: httpsUrl(500).nullable(),
  videoUrl: httpsUrl(500).nullable(),
  thumbnailUrl: httpsUrl(500).nullable(),
  durationMin: z.number().int().min(1).max(600).nullable(),
  repetitionsMin: z.number().int().min(1).max(1000).nullable(),
  repetitionsMax: z.number().int().min(1).max(1000).nullable(),
  setsMin: z.number().int().min(1).max(20),
  setsMax: z.number().int().min(1).max(20),
  tags: z.array(lineText(50)).max(30),
  isBeginnerFriendly: z.boolean(),
});

const optionalOnCreate = ['intensity', 'description', 'imageUrl', 'videoUrl', 'thumbnailUrl', 'durationMin', 'repetitionsMin', 'repetitionsMax'] as const;

export const exerciseBody = exerciseFields
  .partial(Object.fromEntries(optionalOnCreate.map((key) => [key, true])) as { [K in (typeof optionalOnCreate)[number]]: true })
  .extend({
    secondaryMuscleGroupIds: exerciseFields.shape.secondaryMuscleGroupIds.default([]),
    requiredEquipment: exerciseFields.shape.requiredEquipment.default([]),
    setsMin: exerciseFields.shape.setsMin.default(1),
    setsMax: exerciseFields.shape.setsMax.default(5),
    tags: exerciseFields.shape.tags.default([]),
    isBeginnerFriendly: exerciseFields.shape.isBeginnerFriendly.default(false),
  });
export type ExerciseBody = z.output<typeof exerciseBody>;

/** Fields left out stay as they are. */
export const exerciseUpdate = exerciseFields.partial();
export type ExerciseUpdate = z.output<typeof exerciseUpdate>;
