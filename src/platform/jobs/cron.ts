/** Korea keeps one offset all year (no daylight saving since 1988). */
const SEOUL_OFFSET_MS = 9 * 3_600_000;

interface Field {
  min: number;
  max: number;
}
const FIELDS: Field[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12 }, // month
  { min: 0, max: 7 }, // day of week, 0 and 7 both Sunday
];

/** A five-field cron expression, read in Asia/Seoul. */
export interface Cron {
  /** Whether the minute holding `at` is one of its ticks. */
  matches(at: Date): boolean;
}

/**
 * Parses `minute hour day-of-month month day-of-week` with `*`, numbers, ranges (`1-5`), steps
 * (`*\/15`, `0-30/10`) and lists (`1,15`). As in cron, when both day fields are restricted a day
 * matching either is a tick. Checking a minute is a few array reads: cheap enough to run every
 * minute with nothing to do (a general cron library with time-zone support cost ~7 ms a check).
 */
export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expression}": expected 5 fields (minute hour day month weekday)`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!, expression));
  const [minutes, hours, days, months, weekdays] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (weekdays.has(7)) weekdays.add(0);
  const dayRestricted = parts[2] !== '*';
  const weekdayRestricted = parts[4] !== '*';
  return {
    matches(at: Date) {
      const seoul = new Date(at.getTime() + SEOUL_OFFSET_MS);
      if (!minutes.has(seoul.getUTCMinutes()) || !hours.has(seoul.getUTCHours()) || !months.has(seoul.getUTCMonth() + 1)) return false;
      const day = days.has(seoul.getUTCDate());
      const weekday = weekdays.has(seoul.getUTCDay());
      return dayRestricted && weekdayRestricted ? day || weekday : day && weekday;
    },
  };
}

function parseField(part: string, { min, max }: Field, expression: string): Set<number> {
  const values = new Set<number>();
  const bad = () => new Error(`cron "${expression}": cannot read "${part}" (${min}–${max})`);
  for (const item of part.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw bad();
    const step = match[4] === undefined ? 1 : Number(match[4]);
    const from = match[1] === '*' ? min : Number(match[2]);
    const to = match[1] === '*' ? max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? max : from;
    if (step < 1 || from < min || to > max || from > to) throw bad();
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}
