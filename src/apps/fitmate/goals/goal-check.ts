import { and, eq, gt, gte, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import type { FitmateNotices } from '../notifications/notices';
import { workoutGoals } from './tables';

/**
 * Hourly: active goals whose current value has reached the target become COMPLETED, and each
 * raises goal_achieved once. The update is conditional, so a user completing the goal at the
 * same moment, or a second run, cannot raise it twice.
 */
export async function completeReachedGoals(db: Db, notices: Pick<FitmateNotices, 'goalAchieved'>): Promise<{ completed: number }> {
  const g = workoutGoals;
  const reached = or(
    and(eq(g.goalType, 'WEIGHT_LOSS'), gt(g.currentValue, 0), lte(g.currentValue, g.targetValue)),
    and(sql`${g.goalType} is distinct from 'WEIGHT_LOSS'`, gte(g.currentValue, g.targetValue)),
  );
  const done = await db
    .update(g)
    .set({ status: 'COMPLETED', completedAt: new Date() })
    .where(and(eq(g.status, 'ACTIVE'), isNotNull(g.targetValue), isNotNull(g.currentValue), reached))
    .returning({ id: g.id, userId: g.userId, title: g.title });
  for (const goal of done) await notices.goalAchieved(goal.userId, { goalId: goal.id, goalName: goal.title });
  return { completed: done.length };
}
