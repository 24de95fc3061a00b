import { z } from 'zod';
import { lineText, longText } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { seoulMidnight } from '../../../platform/time';
import { EmotionMessage } from './messages';
import { EMOTION_CODES, EMOTIONS, TIMES_OF_DAY } from './vocabulary';

/** A client's clock may run a little ahead of ours. */
export const FUTURE_SKEW_MS = 5 * 60_000;
export const NOTE_MAX = 2000;
export const LABELS_MAX = 10;
export const LABEL_MAX = 30;

const emotion = z.enum(EMOTION_CODES).describe(`One of ${EMOTIONS.map((e) => `${e.code} (${e.label})`).join(', ')}`);

/** Tags and activities: short words, no repeats (compared as given, after trimming). */
const words = z
  .array(lineText(LABEL_MAX))
  .max(LABELS_MAX)
  .refine((list) => new Set(list).size === list.length, EmotionMessage.DUPLICATE_ITEMS);

const feltAt = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine((d) => d.getTime() >= Date.UTC(2000, 0, 1), EmotionMessage.FELT_TOO_EARLY)
  .refine((d) => d.getTime() <= Date.now() + FUTURE_SKEW_MS, EmotionMessage.FELT_IN_FUTURE)
  .describe('ISO 8601 with an offset, e.g. 2025-01-15T21:30:00+09:00; not in the future');

const fields = {
  emotion,
  intensity: z.number().int().min(1).max(10).describe('1 (barely) – 10 (overwhelming)'),
  note: longText(NOTE_MAX).nullable(),
  tags: words,
  activities: words.describe('What the user was doing, e.g. 운동, 업무, 산책'),
  feltAt,
};

/** A new record; `feltAt` defaults to now, tags and activities to none. */
export const emotionBody = z.strictObject({
  ...fields,
  note: fields.note.optional(),
  tags: fields.tags.default([]),
  activities: fields.activities.default([]),
  feltAt: fields.feltAt.optional(),
});
export type EmotionBody = z.output<typeof emotionBody>;

/** Fields left out stay as they are; a null note clears it. */
export const emotionUpdate = z.strictObject(fields).partial();
export type EmotionUpdate = z.output<typeof emotionUpdate>;

/** A date (a whole Seoul day) or an instant with its offset. */
const bound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const emotionList = z
  .string()
  .max(500)
  .transform((text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(emotion).max(20));

export const emotionQuery = pageQuery
  .extend({
    from: bound.optional().describe('From this Seoul date (YYYY-MM-DD) or instant, inclusive'),
    to: bound.optional().describe('To this Seoul date (YYYY-MM-DD, the whole day) or instant, inclusive'),
    emotion: emotionList.optional().describe('One emotion or several, comma-separated'),
    tag: lineText(LABEL_MAX).optional(),
    activity: lineText(LABEL_MAX).optional(),
  })
  .refine((q) => !(q.from && q.to && startOf(q.from) > endOf(q.to)), { message: EmotionMessage.RANGE_ORDER, path: ['from'] });
export type EmotionQuery = z.output<typeof emotionQuery>;

/** The first instant a bound includes: a date is its Seoul midnight (Korea keeps no summer time). */
export const startOf = (bound: string) => (bound.length === 10 ? seoulMidnight(bound) : new Date(bound));
/** The last instant a bound includes: a date runs to the end of its Seoul day. */
export const endOf = (bound: string) => (bound.length === 10 ? new Date(seoulMidnight(bound).getTime() + 86_400_000 - 1) : new Date(bound));

export const emotionSchema = z.object({
  id: z.number(),
  emotion: z.enum(EMOTION_CODES),
  emotionLabel: z.string().describe('Korean label of the emotion'),
  intensity: z.number(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
  activities: z.array(z.string()),
  feltAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type EmotionRecord = z.infer<typeof emotionSchema>;

export const labelsSchema = z.object({
  emotions: z.array(z.object({ code: z.enum(EMOTION_CODES), label: z.string(), labelEn: z.string(), valence: z.enum(['positive', 'negative']) })),
  timesOfDay: z.array(z.object({ code: z.string(), label: z.string(), fromHour: z.number(), toHour: z.number() })),
});
export const LABELS = { emotions: EMOTIONS.map((e) => ({ ...e })), timesOfDay: TIMES_OF_DAY.map((t) => ({ ...t })) };
