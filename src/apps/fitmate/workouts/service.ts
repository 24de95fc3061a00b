import { and, desc, eq, gte, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { badRequest, fieldError, notFound } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import type { RecordChanges } from './record-changes';
import type { FitmateNotices } from '../notifications/notices';
import { addDays, seoulToday } from '../../../platform/time';
import { bodyRecords } from '../body/tables';
import { exerciseCategories, exercises } from '../exercises/tables';
import { users } from '../users/tables';
import { workoutRecords } from './tables';
import type { Workout, WorkoutBody, WorkoutQuery, WorkoutUpdate } from './schemas';

const Message = defineMessages({
  UNKNOWN_EXERCISE: { ko: '존재하지 않거나 더 이상 제공되지 않는 운동입니다.', en: 'No such exercise, or it has been retired.' },
  HEART_RATE_ORDER: { ko: '최대 심박수는 평균 심박수보다 낮을 수 없습니다.', en: 'The maximum heart rate cannot be below the average.' },
  TIME_ORDER: { ko: '종료 시간은 시작 시간보다 뒤여야 합니다.', en: 'The end time must be after the start time.' },
  BAD_DATE_RANGE: { ko: '시작 날짜가 종료 날짜보다 늦을 수 없습니다.', en: 'The start date cannot be after the end date.' },
});

type Row = typeof workoutRecords.$inferSelect;

/** MET × kg × hours, the document's calorie formula, to two decimals. */
export const caloriesFor = (met: number, weightKg: number, minutes: number) => Math.round(met * weightKg * (minutes / 60) * 100) / 100;

export const volumeOf = (w: { sets: number | null; repetitions: number | null; weightKg: number | null }) =>
  w.sets && w.repetitions && w.weightKg ? Math.round(w.sets * w.repetitions * w.weightKg * 100) / 100 : null;

/**
 * Workout records. Every read and write is scoped to the owner: another user's record is "not
 * found", never shown. Calories left out are worked out from the exercise's MET and the user's
 * body weight (the latest body record, else the profile).
 */
export class Workouts {
  constructor(
    private readonly db: Db,
    private readonly records: RecordChanges,
    private readonly notices: Pick<FitmateNotices, 'workoutCompleted'>,
  ) {}

  async list(userId: number, query: WorkoutQuery) {
    if (query.from && query.to && query.from > query.to) throw badRequest(Message.BAD_DATE_RANGE);
    const where = and(
      eq(workoutRecords.userId, userId),
      query.from ? gte(workoutRecords.workoutDate, query.from) : undefined,
      query.to ? lte(workoutRecords.workoutDate, query.to) : undefined,
      query.exerciseId ? eq(workoutRecords.exerciseId, query.exerciseId) : undefined,
    );
    const rows = await this.select()
      .where(where)
      .orderBy(desc(workoutRecords.workoutDate), sql`${workoutRecords.startTime} desc nulls last`, desc(workoutRecords.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    return pageOf(rows.map(toWorkout), query, rows[0]?.total ?? 0);
  }

  async get(userId: number, id: number): Promise<Workout> {
    const [row] = await this.select().where(and(eq(workoutRecords.id, id), eq(workoutRecords.userId, userId)));
    if (!row) throw notFound();
    return toWorkout(row);
  }

  async create(userId: number, body: WorkoutBody): Promise<Workout> {
    const met = await this.activeMet(body.exerciseId);
    const caloriesBurned = body.caloriesBurned ?? (await this.estimateCalories(userId, met, body.durationMinutes));
    const [row] = await this.db
      .insert(workoutRecords)
      .values({ ...body, userId, caloriesBurned })
      .returning({ id: workoutRecords.id });
    await this.records.changed(userId);
    const workout = await this.get(userId, row!.id);
    // Document 004's "운동 완료" — for a workout just done, not for history typed in later.
    if (body.workoutDate >= addDays(seoulToday(), -1)) {
      await this.notices.workoutCompleted(userId, {
        workoutId: workout.id,
        exerciseName: workout.exercise.nameKr,
        duration: workout.durationMinutes,
        calories: workout.caloriesBurned,
      });
    }
    return workout;
  }

  async update(userId: number, id: number, patch: WorkoutUpdate): Promise<Workout> {
    const current = await this.get(userId, id);
    const merged = { ...current, ...patch };
    if (merged.heartRateAvg && merged.heartRateMax && merged.heartRateMax < merged.heartRateAvg) throw fieldError('heartRateMax', Message.HEART_RATE_ORDER);
    if (merged.startTime && merged.endTime && merged.endTime <= merged.startTime) throw fieldError('endTime', Message.TIME_ORDER);
    const values: Partial<Row> = { ...patch };
    const exerciseChanged = patch.exerciseId !== undefined && patch.exerciseId !== current.exercise.id;
    // Calories follow the exercise and the duration unless the user states them.
    if (patch.caloriesBurned === undefined && (exerciseChanged || (patch.durationMinutes && patch.durationMinutes !== current.durationMinutes))) {
      const met = exerciseChanged ? await this.activeMet(patch.exerciseId!) : current.exercise.metValue;
      values.caloriesBurned = await this.estimateCalories(userId, met, merged.durationMinutes);
    } else if (exerciseChanged) {
      await this.activeMet(patch.exerciseId!);
    }
    if (Object.keys(values).length)
      await this.db
        .update(workoutRecords)
        .set(values)
        .where(and(eq(workoutRecords.id, id), eq(workoutRecords.userId, userId)));
    await this.records.changed(userId);
    return this.get(userId, id);
  }

  async delete(userId: number, id: number): Promise<void> {
    const [row] = await this.db
      .delete(workoutRecords)
      .where(and(eq(workoutRecords.id, id), eq(workoutRecords.userId, userId)))
      .returning({ id: workoutRecords.id });
    if (!row) throw notFound();
    await this.records.changed(userId);
  }

  /** The body weight calories are reckoned with: the latest body record, else the profile. */
  async bodyWeight(userId: number): Promise<number | null> {
    const [latest] = await this.db
      .select({ weight: bodyRecords.weightKg })
      .from(bodyRecords)
      .where(and(eq(bodyRecords.userId, userId), isNotNull(bodyRecords.weightKg)))
      .orderBy(desc(bodyRecords.measurementDate), sql`${bodyRecords.measurementTime} desc nulls last`, desc(bodyRecords.id))
      .limit(1);
    if (latest?.weight) return latest.weight;
    const [profile] = await this.db.select({ weight: users.weight }).from(users).where(eq(users.id, userId));
    return profile?.weight ?? null;
  }

  private async estimateCalories(userId: number, met: number | null, minutes: number): Promise<number | null> {
    const weight = await this.bodyWeight(userId);
    return met && weight ? caloriesFor(met, weight, minutes) : null;
  }

  private async activeMet(exerciseId: number): Promise<number | null> {
    const [exercise] = await this.db
      .select({ met: exercises.metValue })
      .from(exercises)
      .where(and(eq(exercises.id, exerciseId), eq(exercises.isActive, true)));
    if (!exercise) throw fieldError('exerciseId', Message.UNKNOWN_EXERCISE);
    return exercise.met;
  }

  private select() {
    return this.db
      .select({
        record: workoutRecords,
        exercise: { id: exercises.id, name: exercises.name, nameKr: exercises.nameKr, metValue: exercises.metValue },
        category: { id: exerciseCategories.id, name: exerciseCategories.name, nameKr: exerciseCategories.nameKr },
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(workoutRecords)
      .innerJoin(exercises, eq(exercises.id, workoutRecords.exerciseId))
      .innerJoin(exerciseCategories, eq(exerciseCategories.id, exercises.categoryId));
  }
}

function toWorkout({
  record,
  exercise,
  category,
}: {
  record: Row;
  exercise: Omit<Workout['exercise'], 'category'>;
  category: Workout['exercise']['category'];
}): Workout {
  const { exerciseId: _e, motionAnalysisData, ...rest } = record;
  return {
    ...rest,
    motionAnalysisData: (motionAnalysisData as Record<string, unknown> | null) ?? null,
    exercise: { ...exercise, category },
    volumeKg: volumeOf(record),
  };
}
