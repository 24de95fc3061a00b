import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { fieldError, notFound } from '../../../platform/http/errors';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import { seoulToday } from '../../../platform/time';
import type { FitmateNotices } from '../notifications/notices';
import { workoutGoals } from './tables';
import { daysLeft, progressPercent } from './progress';
import { type Goal, type GoalBody, GoalFieldMessage, type GoalQuery, type GoalUpdate } from './schemas';
import { assertOpen, assertStatusChange } from './status';
import { type GoalTracker, defaultUnit } from './tracking';

type Row = typeof workoutGoals.$inferSelect;

/**
 * Workout goals. Every read and write is scoped to the owner: another user's goal is "not
 * found", never shown or changed. Tracked goals take their current value from the records as
 * soon as they are saved.
 */
export class Goals {
  constructor(
    private readonly db: Db,
    private readonly tracker: GoalTracker,
    private readonly notices: Pick<FitmateNotices, 'goalAchieved'>,
  ) {}

  async list(userId: number, query: GoalQuery) {
    const rows = await this.db
      .select({ goal: workoutGoals, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(workoutGoals)
      .where(
        and(
          eq(workoutGoals.userId, userId),
          query.status ? eq(workoutGoals.status, query.status) : undefined,
          query.goalType ? eq(workoutGoals.goalType, query.goalType) : undefined,
        ),
      )
      .orderBy(desc(workoutGoals.createdAt), desc(workoutGoals.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    const today = seoulToday();
    return pageOf(
      rows.map((r) => toGoal(r.goal, today)),
      query,
      rows[0]?.total ?? 0,
    );
  }

  async get(userId: number, id: number): Promise<Goal> {
    return toGoal(await this.row(userId, id), seoulToday());
  }

  async create(userId: number, body: GoalBody): Promise<Goal> {
    const startDate = body.startDate ?? seoulToday();
    if (body.targetDate < startDate) throw fieldError('targetDate', GoalFieldMessage.GOAL_DATE_ORDER);
    const [row] = await this.db
      .insert(workoutGoals)
      .values({ ...body, userId, startDate, unit: body.unit ?? defaultUnit(body.goalType) })
      .returning();
    await this.tracker.refresh(row!);
    return this.get(userId, row!.id);
  }

  async update(userId: number, id: number, patch: GoalUpdate): Promise<Goal> {
    const current = await this.row(userId, id);
    assertOpen(current.status);
    if (patch.status) assertStatusChange(current.status, patch.status);
    const startDate = patch.startDate ?? current.startDate;
    if ((patch.targetDate ?? current.targetDate) < startDate) throw fieldError('targetDate', GoalFieldMessage.GOAL_DATE_ORDER);
    const values: Partial<Row> = { ...patch, unit: unitAfter(current, patch) };
    if (patch.status === 'COMPLETED' && current.status !== 'COMPLETED') values.completedAt = new Date();
    const [row] = await this.db
      .update(workoutGoals)
      .set(values)
      .where(and(eq(workoutGoals.id, id), eq(workoutGoals.userId, userId)))
      .returning();
    await this.tracker.refresh(row!);
    if (values.completedAt) await this.notices.goalAchieved(userId, { goalId: id, goalName: row!.title });
    return this.get(userId, id);
  }

  async complete(userId: number, id: number): Promise<Goal> {
    return this.update(userId, id, { status: 'COMPLETED' });
  }

  async delete(userId: number, id: number): Promise<void> {
    const removed = await this.db
      .delete(workoutGoals)
      .where(and(eq(workoutGoals.id, id), eq(workoutGoals.userId, userId)))
      .returning({ id: workoutGoals.id });
    if (!removed.length) throw notFound();
  }

  private async row(userId: number, id: number): Promise<Row> {
    const [row] = await this.db
      .select()
      .from(workoutGoals)
      .where(and(eq(workoutGoals.id, id), eq(workoutGoals.userId, userId)));
    if (!row) throw notFound();
    return row;
  }
}

/**
 * A cleared unit becomes the type's default again; a goal whose type changes moves on to the
 * new type's default unit unless its owner had chosen a unit of their own.
 */
function unitAfter(current: Row, patch: GoalUpdate): string | null {
  const type = patch.goalType ?? current.goalType;
  if (patch.unit === null) return defaultUnit(type);
  if (patch.unit !== undefined) return patch.unit;
  return current.unit === defaultUnit(current.goalType) ? defaultUnit(type) : current.unit;
}

function toGoal(row: Row, today: string): Goal {
  return { ...row, progressPercent: progressPercent(row), daysLeft: daysLeft(row, today) };
}
