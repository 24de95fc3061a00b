import { z } from 'zod';
import { defineMessages } from '../feature';
import { lineText, longText, pastDate } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { MOODS, WORKOUT_TYPES } from '../vocabulary';

const Message = defineMessages({
  TIME_FORMAT: { ko: '시간은 HH:MM 또는 HH:MM:SS 형식이어야 합니다.', en: 'Times are HH:MM or HH:MM:SS.' },
  MOTION_DATA_TOO_LARGE: { ko: '자세 분석 데이터는 64KB 이하여야 합니다.', en: 'Motion analysis data must be at most 64 KB.' },
  HEART_RATE_ORDER: { ko: '최대 심박수는 평균 심박수보다 낮을 수 없습니다.', en: 'The maximum heart rate cannot be below the average.' },
  TIME_ORDER: { ko: '종료 시간은 시작 시간보다 뒤여야 합니다.', en: 'The end time must be after the start time.' },
});

export const MOTION_DATA_MAX_BYTES = 64 * 1024;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, Message.TIME_FORMAT);
const decimal = (max: number, places: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .transform((n) => Math.round(n * 10 ** places) / 10 ** places);
const heartRate = z.number().int().min(30).max(250);

export const workoutFields = {
  exerciseId: z.number().int().positive(),
  durationMinutes: z.number().int().min(1).max(1440),
  repetitions: z.number().int().min(1).max(10_000).nullable(),
  sets: z.number().int().min(1).max(100).nullable(),
  weightKg: decimal(999.99, 2).nullable(),
  distanceKm: decimal(999.999, 3).nullable(),
  caloriesBurned: decimal(9999.99, 2).nullable(),
  perceivedExertion: z.number().int().min(1).max(10).nullable(),
  heartRateAvg: heartRate.nullable(),
  heartRateMax: heartRate.nullable(),
  workoutDate: pastDate,
  startTime: clock.nullable(),
  endTime: clock.nullable(),
  workoutType: z.enum(WORKOUT_TYPES),
  location: lineText(255).nullable(),
  moodBefore: z.enum(MOODS).nullable(),
  moodAfter: z.enum(MOODS).nullable(),
  notes: longText(5000).nullable(),
  motionAnalysisData: z
    .record(z.string(), z.unknown())
    .refine((data) => Buffer.byteLength(JSON.stringify(data)) <= MOTION_DATA_MAX_BYTES, Message.MOTION_DATA_TOO_LARGE)
    .nullable(),
  formScore: decimal(10, 2).nullable(),
};

const consistent = <T extends z.ZodObject>(schema: T) =>
  schema
    .refine((w: { heartRateAvg?: number | null; heartRateMax?: number | null }) => !(w.heartRateAvg && w.heartRateMax && w.heartRateMax < w.heartRateAvg), {
      message: Message.HEART_RATE_ORDER,
      path: ['heartRateMax'],
    })
    .refine((w: { startTime?: string | null; endTime?: string | null }) => !(w.startTime && w.endTime && w.endTime <= w.startTime), {
      message: Message.TIME_ORDER,
      path: ['endTime'],
    });

const fields = z.strictObject(workoutFields);

export const workoutBody = consistent(
  fields
    .partial()
    .required({ exerciseId: true, durationMinutes: true, workoutDate: true })
    .extend({ workoutType: workoutFields.workoutType.default('INDIVIDUAL') }),
);
export type WorkoutBody = z.output<typeof workoutBody>;

/** Fields left out stay as they are; null clears an optional one. */
export const workoutUpdate = consistent(fields.partial());
export type WorkoutUpdate = z.output<typeof workoutUpdate>;

export const workoutQuery = pageQuery.extend({
  from: pastDate.optional(),
  to: z.iso.date().optional(),
  exerciseId: z.coerce.number().int().positive().optional(),
});
export type WorkoutQuery = z.output<typeof workoutQuery>;

export const workoutSchema = z.object({
  id: z.number(),
  userId: z.number(),
  exercise: z.object({
    id: z.number(),
    name: z.string(),
    nameKr: z.string(),
    metValue: z.number().nullable(),
    category: z.object({ id: z.number(), name: z.string(), nameKr: z.string() }),
  }),
  durationMinutes: z.number(),
  repetitions: z.number().nullable(),
  sets: z.number().nullable(),
  weightKg: z.number().nullable(),
  distanceKm: z.number().nullable(),
  caloriesBurned: z.number().nullable(),
  perceivedExertion: z.number().nullable(),
  heartRateAvg: z.number().nullable(),
  heartRateMax: z.number().nullable(),
  workoutDate: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  workoutType: z.enum(WORKOUT_TYPES),
  location: z.string().nullable(),
  moodBefore: z.enum(MOODS).nullable(),
  moodAfter: z.enum(MOODS).nullable(),
  notes: z.string().nullable(),
  motionAnalysisData: z.record(z.string(), z.unknown()).nullable(),
  formScore: z.number().nullable(),
  /** sets × repetitions × weight, when all three are known. */
  volumeKg: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Workout = z.infer<typeof workoutSchema>;
