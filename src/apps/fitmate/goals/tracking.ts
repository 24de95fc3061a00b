import { and, asc, countDistinct, desc, eq, gt, gte, inArray, isNotNull, lte, max, sql, sum } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { bodyRecords } from '../body/tables';
import { exerciseCategories, exercises } from '../exercises/tables';
import { workoutGoals } from './tables';
import { workoutRecords } from '../workouts/tables';
import type { GoalType } from './schemas';

type GoalRow = typeof workoutGoals.$inferSelect;

/** How a goal type follows the records: in which unit, and which way progress runs. */
interface Tracking {
  /** The unit the records are reckoned in; a goal without a unit gets it. */
  unit: string;
  /** Other spellings of the same unit (compared without case). */
  aliases: readonly string[];
  /** Weight loss counts down toward the target; everything else counts up. */
  direction: 'down' | 'up';
  /** Body measures start where the body was at the start date; workout totals start at zero. */
  fromBaseline: boolean;
}

const KG = ['kg', 'kgs', '킬로그램'];
const MINUTES = ['분', 'min', 'mins', 'minute', 'minutes'];
const DAYS = ['일', 'day', 'days'];

export const TRACKING: Record<GoalType, Tracking> = {
  WEIGHT_LOSS: { unit: 'kg', aliases: KG, direction: 'down', fromBaseline: true },
  MUSCLE_GAIN: { unit: 'kg', aliases: KG, direction: 'up', fromBaseline: true },
  STRENGTH: { unit: 'kg', aliases: KG, direction: 'up', fromBaseline: false },
  ENDURANCE: { unit: '분', aliases: MINUTES, direction: 'up', fromBaseline: false },
  FLEXIBILITY: { unit: '분', aliases: MINUTES, direction: 'up', fromBaseline: false },
  GENERAL_FITNESS: { unit: '일', aliases: DAYS, direction: 'up', fromBaseline: false },
};

/** Flexibility counts the minutes of these categories only. */
const FLEXIBILITY_CATEGORIES = ['STRETCHING', 'YOGA_PILATES'];

export const defaultUnit = (type: GoalType | null) => (type ? TRACKING[type].unit : null);

/**
 * Records can speak for a goal only in the unit they are reckoned in: a weight-loss goal in
 * pounds, or an endurance goal in kilometres, is the user's to keep up to date.
 */
export const isTracked = (goal: { goalType: GoalType | null; unit: string | null }): goal is { goalType: GoalType; unit: string } =>
  goal.goalType !== null && goal.unit !== null && TRACKING[goal.goalType].aliases.includes(goal.unit.trim().toLowerCase());

type BodyMeasure = typeof bodyRecords.weightKg | typeof bodyRecords.muscleMassKg;

/**
 * Keeps goals' current values in step with the owner's workout and body records. Only open
 * goals (ACTIVE, PAUSED) follow the records; a finished goal keeps the figures it ended with.
 */
export class GoalTracker {
  constructor(private readonly db: Db) {}

  async refreshOpenGoals(userId: number): Promise<void> {
    const open = await this.db
      .select()
      .from(workoutGoals)
      .where(and(eq(workoutGoals.userId, userId), inArray(workoutGoals.status, ['ACTIVE', 'PAUSED'])));
    for (const goal of open) await this.refresh(goal);
  }

  async refresh(goal: GoalRow): Promise<void> {
    const { currentValue, baselineValue } = await this.measure(goal);
    if (currentValue === goal.currentValue && baselineValue === goal.baselineValue) return;
    await this.db.update(workoutGoals).set({ currentValue, baselineValue }).where(eq(workoutGoals.id, goal.id));
  }

  private async measure(goal: GoalRow): Promise<{ currentValue: number | null; baselineValue: number | null }> {
    // An untracked goal keeps the value its owner gives; a baseline in another unit would mislead.
    if (!isTracked(goal)) return { currentValue: goal.currentValue, baselineValue: null };
    const { userId, startDate } = goal;
    // Where the records have nothing to say yet (no weight recorded), the owner's figure stands.
    const orGiven = (value: number | null) => value ?? goal.currentValue;
    switch (goal.goalType) {
      case 'WEIGHT_LOSS':
        return this.bodyMeasure(userId, bodyRecords.weightKg, startDate, orGiven);
      case 'MUSCLE_GAIN': {
        // Muscle mass says more than weight, once the user has measured it at all.
        const measure = (await this.latest(userId, bodyRecords.muscleMassKg)) !== null ? bodyRecords.muscleMassKg : bodyRecords.weightKg;
        return this.bodyMeasure(userId, measure, startDate, orGiven);
      }
      case 'STRENGTH':
        return { currentValue: orGiven(await this.heaviestLift(userId, startDate)), baselineValue: null };
      case 'ENDURANCE':
        return { currentValue: await this.minutes(userId, startDate), baselineValue: null };
      case 'FLEXIBILITY':
        return { currentValue: await this.minutes(userId, startDate, FLEXIBILITY_CATEGORIES), baselineValue: null };
      case 'GENERAL_FITNESS':
        return { currentValue: await this.workoutDays(userId, startDate), baselineValue: null };
    }
  }

  private async bodyMeasure(userId: number, measure: BodyMeasure, startDate: string, orGiven: (value: number | null) => number | null) {
    return { currentValue: orGiven(await this.latest(userId, measure)), baselineValue: await this.baseline(userId, measure, startDate) };
  }

  private async latest(userId: number, measure: BodyMeasure, onOrBefore?: string): Promise<number | null> {
    const [row] = await this.db
      .select({ value: measure })
      .from(bodyRecords)
      .where(and(eq(bodyRecords.userId, userId), isNotNull(measure), onOrBefore ? lte(bodyRecords.measurementDate, onOrBefore) : undefined))
      .orderBy(desc(bodyRecords.measurementDate), sql`${bodyRecords.measurementTime} desc nulls last`, desc(bodyRecords.id))
      .limit(1);
    return row?.value ?? null;
  }

  /** Where the body was when the goal started: the latest measure on or before the start, else the first after it. */
  private async baseline(userId: number, measure: BodyMeasure, startDate: string): Promise<number | null> {
    const before = await this.latest(userId, measure, startDate);
    if (before !== null) return before;
    const [after] = await this.db
      .select({ value: measure })
      .from(bodyRecords)
      .where(and(eq(bodyRecords.userId, userId), isNotNull(measure), gt(bodyRecords.measurementDate, startDate)))
      .orderBy(asc(bodyRecords.measurementDate), sql`${bodyRecords.measurementTime} asc nulls first`, asc(bodyRecords.id))
      .limit(1);
    return after?.value ?? null;
  }

  private async heaviestLift(userId: number, since: string): Promise<number | null> {
    const [row] = await this.db
      .select({ kg: max(workoutRecords.weightKg) })
      .from(workoutRecords)
      .where(and(eq(workoutRecords.userId, userId), gte(workoutRecords.workoutDate, since)));
    return row?.kg ?? null;
  }

  private async minutes(userId: number, since: string, categories?: string[]): Promise<number> {
    const [row] = await this.db
      .select({ minutes: sum(workoutRecords.durationMinutes).mapWith(Number) })
      .from(workoutRecords)
      .innerJoin(exercises, eq(exercises.id, workoutRecords.exerciseId))
      .innerJoin(exerciseCategories, eq(exerciseCategories.id, exercises.categoryId))
      .where(
        and(eq(workoutRecords.userId, userId), gte(workoutRecords.workoutDate, since), categories ? inArray(exerciseCategories.name, categories) : undefined),
      );
    return row?.minutes ?? 0;
  }

  private async workoutDays(userId: number, since: string): Promise<number> {
    const [row] = await this.db
      .select({ days: countDistinct(workoutRecords.workoutDate) })
      .from(workoutRecords)
      .where(and(eq(workoutRecords.userId, userId), gte(workoutRecords.workoutDate, since)));
    return row?.days ?? 0;
  }
}
