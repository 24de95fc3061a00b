import { z } from 'zod';
import { lineText, longText } from '../../../platform/http/fields';
import { defineMessages } from '../feature';
import { pageQuery } from '../../../platform/http/pagination';
import { GOAL_STATUSES, GOAL_TYPES } from '../vocabulary';

export const GoalFieldMessage = defineMessages({
  GOAL_DATE_ORDER: { ko: '목표 날짜는 시작 날짜보다 빠를 수 없습니다.', en: 'The target date cannot be before the start date.' },
  GOAL_DATE_RANGE: { ko: '날짜는 1900-01-01부터 2100-12-31 사이여야 합니다.', en: 'Dates must be between 1900-01-01 and 2100-12-31.' },
});

export type GoalType = (typeof GOAL_TYPES)[number];
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** The column is numeric(8,2): two decimals, below a million; goal figures are never negative. */
const figure = z
  .number()
  .min(0)
  .max(999_999.99)
  .transform((n) => Math.round(n * 100) / 100);

const calendarDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2100-12-31', GoalFieldMessage.GOAL_DATE_RANGE);

const fields = {
  goalType: z.enum(GOAL_TYPES),
  title: lineText(255),
  description: longText(5000).nullable(),
  motivationNote: longText(2000).nullable(),
  targetValue: figure.nullable(),
  currentValue: figure.nullable(),
  unit: lineText(20).nullable(),
  startDate: calendarDate,
  targetDate: calendarDate,
};

const datesInOrder = (g: { startDate?: string; targetDate?: string }) => !(g.startDate && g.targetDate && g.targetDate < g.startDate);
const dateOrder = { message: GoalFieldMessage.GOAL_DATE_ORDER, path: ['targetDate'] };

/**
 * A new goal. The start date defaults to today in Seoul (filled in by the service, so that "today"
 * is read when the request comes, not when the module loads); a new goal is ACTIVE or PAUSED.
 * completedAt and baselineValue are the server's to set.
 */
export const goalBody = z
  .strictObject({
    ...fields,
    description: fields.description.optional(),
    motivationNote: fields.motivationNote.optional(),
    targetValue: fields.targetValue.optional(),
    currentValue: fields.currentValue.optional(),
    unit: fields.unit.optional(),
    startDate: fields.startDate.optional(),
    status: z.enum(['ACTIVE', 'PAUSED']).default('ACTIVE'),
  })
  .refine(datesInOrder, dateOrder);
export type GoalBody = z.output<typeof goalBody>;

/** Fields left out stay as they are; null clears an optional one (a cleared unit is the type's default again). */
export const goalUpdate = z
  .strictObject({ ...fields, status: z.enum(GOAL_STATUSES) })
  .partial()
  .refine(datesInOrder, dateOrder);
export type GoalUpdate = z.output<typeof goalUpdate>;

export const goalQuery = pageQuery.extend({
  status: z.enum(GOAL_STATUSES).optional(),
  goalType: z.enum(GOAL_TYPES).optional(),
});
export type GoalQuery = z.output<typeof goalQuery>;

export const goalSchema = z.object({
  id: z.number(),
  userId: z.number(),
  // The document's column allows null; goals made through this API always have a type.
  goalType: z.enum(GOAL_TYPES).nullable(),
  title: z.string(),
  description: z.string().nullable(),
  motivationNote: z.string().nullable(),
  targetValue: z.number().nullable(),
  currentValue: z.number().nullable().describe('Kept up to date from workout and body records for the tracked types and units'),
  baselineValue: z.number().nullable().describe('Where a body-measure goal started: the weight (or muscle mass) at the start date'),
  unit: z.string().nullable(),
  startDate: z.string(),
  targetDate: z.string(),
  status: z.enum(GOAL_STATUSES),
  completedAt: z.date().nullable(),
  progressPercent: z.number().nullable().describe('0–100; null when it cannot be told'),
  daysLeft: z.number().nullable().describe('Days until the target date (0 on it or after); null once the goal is completed or cancelled'),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Goal = z.infer<typeof goalSchema>;
