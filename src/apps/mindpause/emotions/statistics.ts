import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { OwnerCache } from '../../../platform/cache/owner-cache';
import { type Db, queryRows } from '../../../platform/db/database';
import { SEOUL, addDays, daysBetween, eachDay, isoWeekday, monthEnd, monthStart, seoulMidnight, seoulToday } from '../../../platform/time';
import { emotionLogs } from './tables';
import { EMOTION_CODES, EMOTIONS, type EmotionCode, TIMES_OF_DAY, WEEKDAYS } from './vocabulary';

export const statsQuery = z.object({
  period: z.enum(['week', 'month', 'year']).default('week'),
  /** Which week, month or year: the one containing this Seoul date (default today). */
  date: z.iso.date().optional(),
});
type StatsQuery = z.output<typeof statsQuery>;

const count = z.object({ records: z.number(), averageIntensity: z.number().nullable() });
const pattern = count.extend({ topEmotion: z.enum(EMOTION_CODES).nullable() });
const ranked = z.array(z.object({ name: z.string(), count: z.number() }));

export const statsSchema = z.object({
  period: z.object({ type: z.enum(['week', 'month', 'year']), from: z.string(), to: z.string(), days: z.number() }),
  totals: count.extend({ daysRecorded: z.number(), positiveShare: z.number().nullable().describe('Share of records with a pleasant emotion, 0–1') }),
  distribution: z.array(count.extend({ emotion: z.enum(EMOTION_CODES), label: z.string(), share: z.number() })),
  daily: z.array(pattern.extend({ date: z.string() })),
  streaks: z
    .object({ current: z.number(), longest: z.number(), lastRecordDate: z.string().nullable() })
    .describe('Days in a row with a record, all time; the current one still counts if it reached yesterday'),
  topTags: ranked,
  topActivities: ranked,
  byWeekday: z.array(pattern.extend({ weekday: z.number().describe('Monday = 1 … Sunday = 7'), label: z.string() })),
  byTimeOfDay: z.array(
    pattern.extend({
      timeOfDay: z.enum(TIMES_OF_DAY.map((t) => t.code) as [string, ...string[]]),
      label: z.string(),
      fromHour: z.number(),
      toHour: z.number(),
    }),
  ),
});
export type EmotionStats = z.infer<typeof statsSchema>;

/** The week (Monday first), month or year holding `anchor`, as Seoul dates. */
export function periodOf(type: StatsQuery['period'], anchor: string) {
  switch (type) {
    case 'week': {
      const from = addDays(anchor, 1 - isoWeekday(anchor));
      return { type, from, to: addDays(from, 6) };
    }
    case 'month':
      return { type, from: monthStart(anchor), to: monthEnd(anchor) };
    case 'year':
      return { type, from: `${anchor.slice(0, 4)}-01-01`, to: `${anchor.slice(0, 4)}-12-31` };
  }
}

const TOP = 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const ORDER = new Map(EMOTIONS.map((e, i) => [e.code as string, i]));
const POSITIVE = new Set<string>(EMOTIONS.filter((e) => e.valence === 'positive').map((e) => e.code));

// Spelled out, not a parameter, so the same expression can be selected and grouped by.
const local = sql`(${emotionLogs.feltAt} at time zone ${sql.raw(`'${SEOUL}'`)})`;

interface Cell {
  emotion: string;
  records: number;
  intensity: number;
}

/** Records and their average intensity over some cells, with the emotion felt most (ties: the set's order). */
function summarise(cells: Cell[]) {
  const records = cells.reduce((n, c) => n + c.records, 0);
  const intensity = cells.reduce((n, c) => n + c.intensity, 0);
  const byEmotion = new Map<string, number>();
  for (const c of cells) byEmotion.set(c.emotion, (byEmotion.get(c.emotion) ?? 0) + c.records);
  const top = [...byEmotion].sort((a, b) => b[1] - a[1] || ORDER.get(a[0])! - ORDER.get(b[0])!)[0];
  return { records, averageIntensity: records ? round2(intensity / records) : null, topEmotion: (top?.[0] as EmotionCode | undefined) ?? null };
}

export class EmotionStatistics {
  constructor(
    private readonly db: Db,
    /** The user's mood reads, forgotten when their records change (or after a day: "today" moves the streak). */
    private readonly cache: OwnerCache,
  ) {}

  async of(userId: number, query: StatsQuery): Promise<EmotionStats> {
    const today = seoulToday();
    const period = periodOf(query.period, query.date ?? today);
    return this.cache.read(userId, `stats:${today}:${period.type}:${period.from}`, () => this.compute(userId, period, today));
  }

  private async compute(userId: number, period: ReturnType<typeof periodOf>, today: string): Promise<EmotionStats> {
    // Seoul midnights bound the period (Korea keeps no summer time).
    const [from, until] = [seoulMidnight(period.from).toISOString(), seoulMidnight(addDays(period.to, 1)).toISOString()];
    const within = sql`${emotionLogs.userId} = ${userId} and ${emotionLogs.feltAt} >= ${from}::timestamptz and ${emotionLogs.feltAt} < ${until}::timestamptz`;
    type Grouped = Cell & { day: string; weekday: number; hour: number };
    const [cells, tags, activities, streaks] = await Promise.all([
      queryRows<Grouped>(
        this.db,
        sql`select ${local}::date::text as day, extract(isodow from ${local})::int as weekday, extract(hour from ${local})::int as hour,
                   ${emotionLogs.emotion} as emotion, count(*)::int as records, sum(${emotionLogs.intensity})::int as intensity
            from ${emotionLogs} where ${within} group by 1, 2, 3, 4`,
      ),
      this.top(emotionLogs.tags, within),
      this.top(emotionLogs.activities, within),
      this.streaks(userId, today),
    ]);

    const totals = summarise(cells);
    const days = new Map<string, Grouped[]>();
    for (const c of cells) days.set(c.day, [...(days.get(c.day) ?? []), c]);

    const distribution = EMOTIONS.map((e) => {
      const { records, averageIntensity } = summarise(cells.filter((c) => c.emotion === e.code));
      return { emotion: e.code, label: e.label, records, averageIntensity, share: totals.records ? round3(records / totals.records) : 0 };
    }).sort((a, b) => b.records - a.records || ORDER.get(a.emotion)! - ORDER.get(b.emotion)!);
    const positive = cells.filter((c) => POSITIVE.has(c.emotion)).reduce((n, c) => n + c.records, 0);

    return {
      period: { ...period, days: daysBetween(period.from, period.to) },
      totals: {
        records: totals.records,
        averageIntensity: totals.averageIntensity,
        daysRecorded: days.size,
        positiveShare: totals.records ? round3(positive / totals.records) : null,
      },
      distribution,
      daily: eachDay(period.from, period.to).map((date) => ({ date, ...summarise(days.get(date) ?? []) })),
      streaks,
      topTags: tags,
      topActivities: activities,
      byWeekday: WEEKDAYS.map((label, i) => ({ weekday: i + 1, label, ...summarise(cells.filter((c) => c.weekday === i + 1)) })),
      byTimeOfDay: TIMES_OF_DAY.map((slot) => ({
        timeOfDay: slot.code,
        label: slot.label,
        fromHour: slot.fromHour,
        toHour: slot.toHour,
        ...summarise(cells.filter((c) => c.hour >= slot.fromHour && c.hour < slot.toHour)),
      })),
    };
  }

  /** The words used most in the period (ties by the word). */
  private top(column: typeof emotionLogs.tags | typeof emotionLogs.activities, within: SQL) {
    return queryRows<{ name: string; count: number }>(
      this.db,
      sql`select word as name, count(*)::int as count from ${emotionLogs}, unnest(${column}) as word where ${within}
          group by word order by count(*) desc, word limit ${TOP}`,
    );
  }

  /**
   * Streaks in the database, so a long history is not sent over: consecutive Seoul days share
   * day − row number (gaps and islands). The last island is the current streak if it reached
   * yesterday or today.
   */
  private async streaks(userId: number, today: string): Promise<EmotionStats['streaks']> {
    const [row] = await queryRows<{ longest: number; latest: number | null; last: string | null }>(
      this.db,
      sql`
      with days as (select distinct ${local}::date as day from ${emotionLogs} where ${emotionLogs.userId} = ${userId}),
      islands as (select day, day - (row_number() over (order by day))::int as island from days),
      runs as (select island, count(*)::int as length, max(day) as last from islands group by island)
      select (select coalesce(max(length), 0) from runs)::int as longest,
             (select length from runs order by last desc limit 1)::int as latest,
             (select max(last)::text from runs) as last`,
    );
    const last = row?.last ?? null;
    const current = last && (last === today || last === addDays(today, -1)) ? Number(row!.latest) : 0;
    return { current, longest: Number(row?.longest ?? 0), lastRecordDate: last };
  }
}
