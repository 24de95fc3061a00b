import type { ExerciseSummary } from '../exercises/schemas';
import type { GoalType } from '../goals/schemas';

/** 3 MET (a walk) counts nothing toward calorie burn, 10 MET (a hard run) everything. */
const burn = (e: ExerciseSummary) => Math.min(1, Math.max(0, ((e.metValue ?? 0) - 3) / 7));
/** Rep-based bodyweight work builds muscle; holds and timed moves much less. */
const repBased = (e: ExerciseSummary) => e.repetitionsMin !== null;
/** Endurance grows with sustained effort: 40 minutes or more is a full endurance session. */
const sustained = (e: ExerciseSummary) => Math.min(1, (e.durationMin ?? 0) / 40);

const byCategory = (e: ExerciseSummary, fits: Record<string, number>, otherwise = 0) => fits[e.category.name] ?? otherwise;

/**
 * How well an exercise serves a goal, 0–1, from its category, MET and duration. Categories are
 * the catalog's English names; one the rules do not know serves only general fitness.
 */
const FIT: Record<GoalType, (e: ExerciseSummary) => number> = {
  // Higher-MET cardio first, then HIIT-like (high-intensity) bodyweight work.
  WEIGHT_LOSS: (e) =>
    byCategory(
      e,
      { CARDIO: 0.6 + 0.4 * burn(e), BODYWEIGHT: e.intensity === 'HIGH' ? 0.7 + 0.3 * burn(e) : 0.3, SPORTS: 0.4 + 0.4 * burn(e), STRENGTH: 0.3 },
      0.1,
    ),
  MUSCLE_GAIN: (e) => byCategory(e, { STRENGTH: 1, BODYWEIGHT: repBased(e) ? 0.7 : 0.4, YOGA_PILATES: 0.2 }),
  STRENGTH: (e) => byCategory(e, { STRENGTH: 1, BODYWEIGHT: repBased(e) ? 0.6 : 0.3 }),
  // Cardio of longer duration first.
  ENDURANCE: (e) => byCategory(e, { CARDIO: 0.6 + 0.4 * sustained(e), SPORTS: 0.6, BODYWEIGHT: 0.3 }),
  FLEXIBILITY: (e) => byCategory(e, { STRETCHING: 1, YOGA_PILATES: 1 }),
  // A mix: every kind of exercise serves it alike, and the spread over muscles does the mixing.
  GENERAL_FITNESS: () => 0.6,
};

/** The goal an exercise serves best, and how well. */
export function bestGoal(goals: readonly GoalType[], exercise: ExerciseSummary): { goal: GoalType; fit: number } {
  let best = { goal: goals[0]!, fit: -1 };
  for (const goal of goals) {
    const fit = FIT[goal](exercise);
    if (fit > best.fit) best = { goal, fit };
  }
  return best;
}
