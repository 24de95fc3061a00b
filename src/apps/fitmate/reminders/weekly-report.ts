import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { addDays, isoWeekday, seoulToday } from '../../../platform/time';
import type { Db } from '../../../platform/db/database';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import type { NotificationType } from '../types';
import { users } from '../users/tables';
import { workoutRecords } from '../workouts/tables';

export interface WeekFigures {
  weekStart: string;
  weekEnd: string;
  workoutDays: number;
  totalWorkouts: number;
  totalMinutes: number;
  totalCalories: number;
  averageWorkoutMinutes: number;
  /** Against the week before, in percent; null when that week had nothing to compare with. */
  minutesChangePercent: number | null;
  caloriesChangePercent: number | null;
}

const change = (now: number, before: number) => (before > 0 ? Math.round(((now - before) / before) * 100) : null);

/** Monday to Sunday (Seoul) of the week `today` falls in. */
export function seoulWeek(today = seoulToday()) {
  const start = addDays(today, 1 - isoWeekday(today));
  return { start, end: addDays(start, 6) };
}

/**
 * Sunday 18:00: every active user who worked out this week or the week before gets the week's
 * real figures (workout days, workouts, minutes, calories) and the change against last week.
 */
export async function sendWeeklyReports(db: Db, inbox: Notifier<NotificationType>, today = seoulToday()): Promise<{ reports: number }> {
  const week = seoulWeek(today);
  const lastStart = addDays(week.start, -7);
  const w = workoutRecords;
  const thisWeek = sql`${w.workoutDate} >= ${week.start}`;
  const only = <T>(column: T) => sql<number>`coalesce(sum(${column}) filter (where ${thisWeek}), 0)::float8`;
  const before = <T>(column: T) => sql<number>`coalesce(sum(${column}) filter (where not (${thisWeek})), 0)::float8`;
  const rows = await db
    .select({
      userId: w.userId,
      workoutDays: sql<number>`count(distinct ${w.workoutDate}) filter (where ${thisWeek})::int`,
      totalWorkouts: sql<number>`count(*) filter (where ${thisWeek})::int`,
      minutes: only(w.durationMinutes),
      calories: only(w.caloriesBurned),
      minutesBefore: before(w.durationMinutes),
      caloriesBefore: before(w.caloriesBurned),
    })
    .from(w)
    .innerJoin(users, and(eq(users.id, w.userId), eq(users.isActive, true)))
    .where(and(gte(w.workoutDate, lastStart), lte(w.workoutDate, week.end)))
    .groupBy(w.userId);
  for (const row of rows) {
    const figures: WeekFigures = {
      weekStart: week.start,
      weekEnd: week.end,
      workoutDays: row.workoutDays,
      totalWorkouts: row.totalWorkouts,
      totalMinutes: Math.round(row.minutes),
      totalCalories: Math.round(row.calories),
      averageWorkoutMinutes: row.totalWorkouts ? Math.round(row.minutes / row.totalWorkouts) : 0,
      minutesChangePercent: change(row.minutes, row.minutesBefore),
      caloriesChangePercent: change(row.calories, row.caloriesBefore),
    };
    await inbox.notify(row.userId, { type: 'weekly_report', title: '주간 운동 리포트 📊', message: reportMessage(figures), data: { ...figures } });
  }
  return { reports: rows.length };
}

function reportMessage(f: WeekFigures): string {
  if (!f.workoutDays) return '이번 주에는 운동 기록이 없어요. 다음 주에는 가볍게 시작해 볼까요?';
  const trend =
    f.minutesChangePercent === null
      ? ''
      : f.minutesChangePercent >= 0
        ? ` 지난주보다 운동 시간이 ${f.minutesChangePercent}% 늘었어요.`
        : ` 지난주보다 운동 시간이 ${-f.minutesChangePercent}% 줄었어요.`;
  return `이번 주 ${f.workoutDays}일 운동했어요! 총 ${f.totalMinutes}분, ${f.totalCalories}칼로리 소모!${trend}`;
}
