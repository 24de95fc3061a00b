import { z } from 'zod';
import { longText, pastDate } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { BodyMessage as Message } from './messages';

const measure = (min: number, max: number, places: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .transform((n) => Math.round(n * 10 ** places) / 10 ** places)
    .nullable();

const fields = z.strictObject({
  weightKg: measure(20, 500, 2),
  bodyFatPercentage: measure(1, 75, 2),
  muscleMassKg: measure(5, 200, 2),
  bmi: measure(10, 80, 2).describe('As measured (e.g. by a body-composition scale); left out or null, it is worked out from the weight and the profile height'),
  waistCm: measure(30, 300, 1),
  chestCm: measure(30, 300, 1),
  armCm: measure(10, 100, 1),
  thighCm: measure(20, 150, 1),
  measurementDate: pastDate,
  measurementTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, Message.TIME_FORMAT_BODY)
    .nullable(),
  notes: longText(2000).nullable(),
});
const MEASURES = ['weightKg', 'bodyFatPercentage', 'muscleMassKg', 'bmi', 'waistCm', 'chestCm', 'armCm', 'thighCm'] as const;
export const bodyRecordBody = fields
  .partial()
  .required({ measurementDate: true })
  .refine((r) => MEASURES.some((key) => r[key] != null), { message: Message.NO_MEASUREMENT, path: ['weightKg'] });
export const bodyRecordUpdate = fields.partial();

export const bodyRecordSchema = z.object({
  id: z.number(),
  userId: z.number(),
  weightKg: z.number().nullable(),
  bodyFatPercentage: z.number().nullable(),
  muscleMassKg: z.number().nullable(),
  bmi: z.number().nullable().describe('As given, or worked out from the weight and the height in the profile'),
  waistCm: z.number().nullable(),
  chestCm: z.number().nullable(),
  armCm: z.number().nullable(),
  thighCm: z.number().nullable(),
  measurementDate: z.string(),
  measurementTime: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.date(),
});

export const listQuery = pageQuery.extend({ from: z.iso.date().optional(), to: z.iso.date().optional() });
export const userParams = z.object({ userId: z.coerce.number().int().positive() });
export const recordParams = userParams.extend({ id: z.coerce.number().int().positive() });
