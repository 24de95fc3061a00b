import { type SQLWrapper, sql } from 'drizzle-orm';

/** "Today", ages and days are reckoned in Korea's time zone, whatever the server's is. */
export const SEOUL = 'Asia/Seoul';

const seoulDate = new Intl.DateTimeFormat('en-CA', { timeZone: SEOUL, year: 'numeric', month: '2-digit', day: '2-digit' });

const seoulHourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: SEOUL, hour: '2-digit', hourCycle: 'h23' });

/** The calendar date in Seoul, as YYYY-MM-DD. */
export const seoulToday = (now = new Date()) => seoulDate.format(now);

/** The hour of the day in Seoul, 0–23. */
export const seoulHour = (now = new Date()) => Number(seoulHourFormat.format(now));

/** The moment a Seoul calendar date begins. */
export const seoulMidnight = (date: string) => new Date(`${date}T00:00:00+09:00`);

/** Age in full years (만 나이) on the given Seoul date. */
export function ageOn(birthDate: string, today = seoulToday()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

// Calendar dates ("YYYY-MM-DD") are reckoned as UTC midnights: no zone, no daylight saving.
const toDay = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => fromDay(toDay(date) + days * 86_400_000);

/** Days from `from` to `to`, counting both. */
export const daysBetween = (from: string, to: string) => Math.round((toDay(to) - toDay(from)) / 86_400_000) + 1;

/** Monday = 1 … Sunday = 7. */
export const isoWeekday = (date: string) => ((new Date(toDay(date)).getUTCDay() + 6) % 7) + 1;

export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
export const monthEnd = (date: string) => addDays(monthStart(addDays(monthStart(date), 32)), -1);

/** Every date from `from` to `to`. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** SQL: the Seoul calendar date (YYYY-MM-DD) of a timestamptz column, for grouping by day. */
export const seoulDay = (column: SQLWrapper) => sql<string>`to_char(${column} at time zone ${sql.raw(`'${SEOUL}'`)}, 'YYYY-MM-DD')`;
