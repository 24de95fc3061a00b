import { and, asc, count, countDistinct, desc, eq, gte, isNotNull, lte, sql, sum } from 'drizzle-orm';
import { z } from 'zod';
import type { Cache } from '../../../platform/cache';
import { OwnerCache } from '../../../platform/cache/owner-cache';
import { type Db, queryRows } from '../../../platform/db/database';
import { badRequest } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import { addDays, daysBetween, eachDay, isoWeekday, monthEnd, monthStart, seoulToday } from '../../../platform/time';
import { exerciseCategories, exercises, muscleGroups } from '../exercises/tables';
import { workoutRecords } from './tables';

const Message = defineMessages({
  STATS_RANGE: {
    ko: '기간은 period 또는 from과 to로 지정하며, 최대 3년입니다.',
    en: 'Give either a period or both from and to, spanning at most three years.',
  },
});

const MAX_DAYS = 3 * 366;

export const statisticsQuery = z.object({
  period: z.enum(['week', 'month', 'year']).optional(),
  /** Which week, month or year: the one containing this date (default today in Seoul). */
  date: z.iso.date().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
type StatisticsQuery = z.output<typeof statisticsQuery>;

const figures = z.object({ workouts: z.number(), activeDays: z.number(), minutes: z.number(), calories: z.number(), volumeKg: z.number() });
type Figures = z.infer<typeof figures>;
const share = z.object({
  id: z.number(),
  name: z.string(),
  nameKr: z.string(),
  workouts: z.number(),
  minutes: z.number(),
  calories: z.number(),
  share: z.number(),
});
const record = z
  .object({ value: z.number(), unit: z.string(), workoutId: z.number(), exerciseId: z.number(), exerciseNameKr: z.string(), date: z.string() })
  .nullable();

export const statisticsSchema = z.object({
  period: z.object({ type: z.enum(['week', 'month', 'year', 'custom']), from: z.string(), to: z.string(), days: z.number() }),
  previousPeriod: z.object({ from: z.string(), to: z.string() }),
  totals: figures,
  previousTotals: figures,
  change: z.record(z.string(), z.object({ difference: z.number(), percent: z.number().nullable() })),
  daily: z.array(z.object({ date: z.string(), workouts: z.number(), minutes: z.number(), calories: z.number(), volumeKg: z.number() })),
  byCategory: z.array(share),
  byMuscleGroup: z.array(share),
  streaks: z.object({ current: z.number(), longest: z.number(), lastWorkoutDate: z.string().nullable() }),
  personalRecords: z.object({ heaviestWeight: record, largestVolume: record, longestSession: record }),
});
export type Statistics = z.infer<typeof statisticsSchema>;

const round2 = (n: number) => Math.round(n * 100) / 100;
const volume = sql<number>`coalesce(sum(${workoutRecords.sets} * ${workoutRecords.repetitions} * ${workoutRecords.weightKg}), 0)`.mapWith(Number);

/** The period asked for and the one before it, as Seoul calendar dates. */
export function periodsOf(query: StatisticsQuery, today = seoulToday()) {
  if (query.from || query.to) {
    if (!query.from || !query.to || query.period || query.from > query.to || daysBetween(query.from, query.to) > MAX_DAYS)
      throw badRequest(Message.STATS_RANGE);
    const days = daysBetween(query.from, query.to);
    return { type: 'custom' as const, from: query.from, to: query.to, previous: { from: addDays(query.from, -days), to: addDays(query.from, -1) } };
  }
  const anchor = query.date ?? today;
  switch (query.period ?? 'week') {
    case 'week': {
      const from = addDays(anchor, 1 - isoWeekday(anchor));
      return { type: 'week' as const, from, to: addDays(from, 6), previous: { from: addDays(from, -7), to: addDays(from, -1) } };
    }
    case 'month': {
      const from = monthStart(anchor);
      const previousFrom = monthStart(addDays(from, -1));
      return { type: 'month' as const, from, to: monthEnd(anchor), previous: { from: previousFrom, to: addDays(from, -1) } };
    }
    case 'year': {
      const year = Number(anchor.slice(0, 4));
      return { type: 'year' as const, from: `${year}-01-01`, to: `${year}-12-31`, previous: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` } };
    }
  }
}

/**
 * Current and longest run of consecutive workout days; a run still counts today if it reached
 * yesterday. (The same rule as the SQL in `streaks`, kept here for reading and for tests.)
 */
export function streaksOf(dates: string[], today: string) {
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const date of dates) {
    run = previous && addDays(previous, 1) === date ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = date;
  }
  const last = dates.at(-1);
  const current = last && (last === today || last === addDays(today, -1)) ? run : 0;
  return { current, longest, lastWorkoutDate: last ?? null };
}

// Statistics change only when records do: kept until then (or a day: "today" moves the streak).
const STATS_TTL_MS = 86_400_000;

export class WorkoutStatistics {
  private readonly reads: OwnerCache;

  constructor(
    private readonly db: Db,
    cache: Cache,
  ) {
    this.reads = new OwnerCache(cache, 'stats', STATS_TTL_MS);
  }

  /** Forgets a user's cached statistics; called whenever their records change. */
  async forget(userId: number): Promise<void> {
    await this.reads.forget(userId);
  }

  async of(userId: number, query: StatisticsQuery): Promise<Statistics> {
    const today = seoulToday();
    const period = periodsOf(query, today);
    return this.reads.read(userId, `${today}:${period.type}:${period.from}:${period.to}`, () => this.compute(userId, period, today));
  }

  private async compute(userId: number, period: ReturnType<typeof periodsOf>, today: string): Promise<Statistics> {
    const mine = eq(workoutRecords.userId, userId);
    const within = (from: string, to: string) => and(mine, gte(workoutRecords.workoutDate, from), lte(workoutRecords.workoutDate, to));

    const [days, [previousTotals], byCategory, byMuscleGroup, streaks, heaviest, largest, longestSession] = await Promise.all([
      this.db
        .select({
          date: workoutRecords.workoutDate,
          workouts: count(),
          minutes: sum(workoutRecords.durationMinutes).mapWith(Number),
          calories: sql<number>`coalesce(sum(${workoutRecords.caloriesBurned}), 0)`.mapWith(Number),
          volumeKg: volume,
        })
        .from(workoutRecords)
        .where(within(period.from, period.to))
        .groupBy(workoutRecords.workoutDate),
      this.db
        .select({
          workouts: count(),
          activeDays: countDistinct(workoutRecords.workoutDate),
          minutes: sql<number>`coalesce(sum(${workoutRecords.durationMinutes}), 0)`.mapWith(Number),
          calories: sql<number>`coalesce(sum(${workoutRecords.caloriesBurned}), 0)`.mapWith(Number),
          volumeKg: volume,
        })
        .from(workoutRecords)
        .where(within(period.previous.from, period.previous.to)),
      this.distribution(within(period.from, period.to), exerciseCategories),
      this.distribution(within(period.from, period.to), muscleGroups),
      this.streaks(userId, today),
      this.best(mine, workoutRecords.weightKg, 'kg'),
      this.best(mine, sql<number>`${workoutRecords.sets} * ${workoutRecords.repetitions} * ${workoutRecords.weightKg}`, 'kg'),
      this.best(mine, workoutRecords.durationMinutes, 'min'),
    ]);

    const perDay = new Map(days.map((d) => [d.date, d]));
    const daily = eachDay(period.from, period.to).map((date) => {
      const d = perDay.get(date);
      return { date, workouts: d?.workouts ?? 0, minutes: d?.minutes ?? 0, calories: round2(d?.calories ?? 0), volumeKg: round2(d?.volumeKg ?? 0) };
    });
    const add = (pick: (d: (typeof days)[number]) => number) => round2(days.reduce((total, d) => total + pick(d), 0));
    const totals: Figures = {
      workouts: add((d) => d.workouts),
      activeDays: days.length,
      minutes: add((d) => d.minutes),
      calories: add((d) => d.calories),
      volumeKg: add((d) => d.volumeKg),
    };
    const previous = previousTotals ?? { workouts: 0, activeDays: 0, minutes: 0, calories: 0, volumeKg: 0 };
    const before: Figures = { ...previous, calories: round2(previous.calories), volumeKg: round2(previous.volumeKg) };
    const change = Object.fromEntries(
      (Object.keys(totals) as Array<keyof Figures>).map((key) => [
        key,
        { difference: round2(totals[key] - before[key]), percent: before[key] ? round2(((totals[key] - before[key]) / before[key]) * 100) : null },
      ]),
    );
    const withShare = (rows: Array<Omit<z.infer<typeof share>, 'share'>>) =>
      rows.map((r) => ({ ...r, calories: round2(r.calories), share: totals.workouts ? Math.round((r.workouts / totals.workouts) * 1000) / 1000 : 0 }));

    return {
      period: { type: period.type, from: period.from, to: period.to, days: daysBetween(period.from, period.to) },
      previousPeriod: period.previous,
      totals,
      previousTotals: before,
      change,
      daily,
      byCategory: withShare(byCategory),
      byMuscleGroup: withShare(byMuscleGroup),
      streaks,
      personalRecords: { heaviestWeight: heaviest, largestVolume: largest, longestSession },
    };
  }

  /**
   * Streaks in the database, so a long history is not sent over: consecutive dates share
   * date − row number (gaps and islands). The last island is the current streak if it reached
   * yesterday or today.
   */
  private async streaks(userId: number, today: string): Promise<Statistics['streaks']> {
    const [row] = await queryRows<{ longest: number | string; latest: number | string | null; last: string | null }>(
      this.db,
      sql`
      with days as (select distinct ${workoutRecords.workoutDate} as day from ${workoutRecords} where ${workoutRecords.userId} = ${userId}),
      islands as (select day, day - (row_number() over (order by day))::int as island from days),
      runs as (select island, count(*)::int as length, max(day) as last from islands group by island)
      select (select coalesce(max(length), 0) from runs) as longest,
             (select length from runs order by last desc limit 1) as latest,
             (select max(last)::text from runs) as last`,
    );
    const last = row?.last ?? null;
    const current = last && (last === today || last === addDays(today, -1)) ? Number(row!.latest) : 0;
    return { current, longest: Number(row?.longest ?? 0), lastWorkoutDate: last };
  }

  /** Workouts, minutes and calories per category or per primary muscle group. */
  private distribution(where: ReturnType<typeof and>, by: typeof exerciseCategories | typeof muscleGroups) {
    const join = by === exerciseCategories ? eq(exerciseCategories.id, exercises.categoryId) : eq(muscleGroups.id, exercises.primaryMuscleGroupId);
    return this.db
      .select({
        id: by.id,
        name: by.name,
        nameKr: by.nameKr,
        workouts: count(),
        minutes: sum(workoutRecords.durationMinutes).mapWith(Number),
        calories: sql<number>`coalesce(sum(${workoutRecords.caloriesBurned}), 0)`.mapWith(Number),
      })
      .from(workoutRecords)
      .innerJoin(exercises, eq(exercises.id, workoutRecords.exerciseId))
      .innerJoin(by, join)
      .where(where)
      .groupBy(by.id, by.name, by.nameKr)
      .orderBy(desc(count()), asc(by.id));
  }

  /** The user's best on one measure, ever, with the workout it came from. */
  private async best(
    mine: ReturnType<typeof eq>,
    measure: typeof workoutRecords.weightKg | typeof workoutRecords.durationMinutes | ReturnType<typeof sql<number>>,
    unit: string,
  ) {
    const [top] = await this.db
      .select({
        value: sql<number>`${measure}`.mapWith(Number),
        workoutId: workoutRecords.id,
        exerciseId: exercises.id,
        exerciseNameKr: exercises.nameKr,
        date: workoutRecords.workoutDate,
      })
      .from(workoutRecords)
      .innerJoin(exercises, eq(exercises.id, workoutRecords.exerciseId))
      .where(and(mine, isNotNull(sql`${measure}`)))
      .orderBy(desc(sql`${measure}`), asc(workoutRecords.workoutDate), asc(workoutRecords.id))
      .limit(1);
    return top ? { ...top, value: round2(top.value), unit } : null;
  }
}
