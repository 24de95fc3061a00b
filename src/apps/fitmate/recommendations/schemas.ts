import { z } from 'zod';
import { exerciseSchema, muscleSchema } from '../exercises/schemas';
import { FEEDBACK_KINDS, FITNESS_LEVELS, GOAL_TYPES } from '../vocabulary';
import { REASON_CODES } from './reasons';

/** The longest list asked for; the cached list holds this many. */
export const MAX_RECOMMENDATIONS = 30;

export const recommendationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_RECOMMENDATIONS).default(10),
});

export const feedbackBody = z.strictObject({
  exerciseId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  feedback: z.enum(FEEDBACK_KINDS),
});
export type FeedbackBody = z.output<typeof feedbackBody>;

export const feedbackSchema = z.object({
  id: z.number(),
  exerciseId: z.number(),
  feedback: z.enum(FEEDBACK_KINDS),
  createdAt: z.date(),
});

export const recommendationListSchema = z.object({
  exercises: z.array(
    z.object({
      rank: z.number(),
      exercise: exerciseSchema,
      score: z.number().describe('Higher is better; only the order within one list means anything'),
      suggested: z.object({
        sets: z.number(),
        repetitions: z.number().nullable().describe('Per set; null for timed exercises'),
        durationMinutes: z.number().nullable().describe('For timed exercises'),
      }),
      reasons: z.array(z.object({ code: z.enum(REASON_CODES), message: z.string() })),
    }),
  ),
  /** What the list was built from, so a client can say why. */
  basis: z.object({
    fitnessLevel: z.enum(FITNESS_LEVELS),
    goals: z.array(z.enum(GOAL_TYPES)),
    difficulty: z.object({ min: z.number(), max: z.number(), target: z.number() }),
    recentAverageDifficulty: z.number().nullable().describe('Average difficulty of the last 14 days’ workouts'),
    restingMuscles: z.array(muscleSchema).describe('Trained today or yesterday (Seoul): left to recover'),
  }),
  generatedAt: z.date(),
  validUntil: z.date(),
});
export type RecommendationList = z.input<typeof recommendationListSchema>;
