import { daysBetween } from '../../../platform/time';
import type { GoalStatus, GoalType } from './schemas';
import { TRACKING } from './tracking';

interface Figures {
  goalType: GoalType | null;
  status: GoalStatus;
  targetValue: number | null;
  currentValue: number | null;
  baselineValue: number | null;
}

const clampPercent = (fraction: number) => Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;

/**
 * How far along a goal is, 0–100, or null when the figures cannot tell. A body measure runs
 * from its baseline to the target (down for weight loss, up for muscle gain); a workout total
 * runs from zero. A completed goal is done, whatever the figures say.
 */
export function progressPercent(goal: Figures): number | null {
  if (goal.status === 'COMPLETED') return 100;
  const { targetValue: target, currentValue: current, baselineValue: baseline } = goal;
  if (target === null || current === null) return null;
  const tracking = goal.goalType ? TRACKING[goal.goalType] : undefined;
  const down = tracking?.direction === 'down';
  if (baseline === null) {
    // Without a starting point a decrease or a body measure cannot be placed on the way.
    if (down || tracking?.fromBaseline) return null;
    return target > 0 ? clampPercent(current / target) : 100;
  }
  const span = down ? baseline - target : target - baseline;
  const reached = down ? current <= target : current >= target;
  if (span <= 0) return reached ? 100 : 0;
  return clampPercent((down ? baseline - current : current - baseline) / span);
}

/** Whole days until the target date (0 on it and after); none once the goal is finished. */
export function daysLeft(goal: { status: GoalStatus; targetDate: string }, today: string): number | null {
  if (goal.status === 'COMPLETED' || goal.status === 'CANCELLED') return null;
  return Math.max(0, daysBetween(today, goal.targetDate) - 1);
}
