import { z } from 'zod';
import { lineText, longText } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { ChallengeMessage } from './messages';
import { CHALLENGE_CATEGORIES, CHALLENGE_STATUSES } from './vocabulary';

export const MAX_TARGET_DAYS = 365;
/** How far from today a challenge may start: planned a little ahead, or begun a little ago. */
export const START_WINDOW_DAYS = 30;

const fields = {
  title: lineText(100),
  description: longText(1000).nullable(),
  category: z.enum(CHALLENGE_CATEGORIES),
  targetDays: z.number().int().min(1).max(MAX_TARGET_DAYS).describe('Days to check in, e.g. 7 for a 7-day gratitude journal'),
};

/** A new challenge starts active, today (Seoul) unless told otherwise. */
export const challengeBody = z.strictObject({
  ...fields,
  description: fields.description.optional(),
  category: fields.category.default('other'),
  startDate: z.iso.date().optional(),
});
export type ChallengeBody = z.output<typeof challengeBody>;

/**
 * Status changes, edits and the day's check-in, alone or together. `checkIn` marks today (Seoul)
 * kept, with an optional note; reaching the target completes the challenge.
 */
export const challengeUpdate = z
  .strictObject({
    ...fields,
    status: z.enum(CHALLENGE_STATUSES),
    checkIn: z.strictObject({ note: longText(500).nullable().optional() }),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, ChallengeMessage.NOTHING_TO_CHANGE);
export type ChallengeUpdate = z.output<typeof challengeUpdate>;

export const challengeQuery = pageQuery.extend({
  status: z.enum(CHALLENGE_STATUSES).optional(),
  category: z.enum(CHALLENGE_CATEGORIES).optional(),
});
export type ChallengeQuery = z.output<typeof challengeQuery>;

const checkIn = z.object({ date: z.string(), note: z.string().nullable(), createdAt: z.date() });

export const challengeSchema = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.enum(CHALLENGE_CATEGORIES),
  categoryLabel: z.string(),
  targetDays: z.number(),
  startDate: z.string(),
  status: z.enum(CHALLENGE_STATUSES),
  checkInCount: z.number(),
  progress: z.number().describe('Check-ins ÷ target days, 0–1'),
  progressPercent: z.number().describe('The same, 0–100'),
  checkedInToday: z.boolean().describe('Whether today (Seoul) is already checked in'),
  lastCheckInDate: z.string().nullable(),
  checkIns: z.array(checkIn).describe('Every check-in, newest first'),
  completedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Challenge = z.infer<typeof challengeSchema>;
