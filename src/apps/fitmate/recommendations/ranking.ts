import type { ExerciseSummary } from '../exercises/schemas';
import { bestGoal } from './goal-fit';
import { type DifficultyWindow, type Suggestion, suggestionFor } from './levels';
import { type Reason, muscleParams } from './reasons';
import { HEART_AND_LUNGS, type History, type Preferences, RECOVERY_CATEGORIES } from './situation';

/** One recommended exercise as it is cached: the exercise itself is looked up when answering. */
export interface Ranked {
  exerciseId: number;
  score: number;
  suggested: Suggestion;
  reasons: Reason[];
}

/** What each rule adds to (or takes from) an exercise's score. */
const POINTS = {
  /** Times how well it serves the user's goals (0–1). */
  goal: 40,
  /** Times how close its difficulty is to the target (0–1). */
  level: 20,
  beginnerFriendly: 10,
  /** Times the catalog's popularity score (0–9.99). */
  popularity: 0.5,
  liked: 20,
  skipped: -20,
  secondaryRecovering: -15,
};
/** Difficulty steps away from the target at which the level points run out. */
const LEVEL_REACH = 4;
/** A goal is named as a reason only when the exercise serves it well. */
const GOAL_REASON_FIT = 0.5;
const POPULAR = 5;
/** At most this many exercises per primary muscle, so that a list spreads over the body. */
export const PER_MUSCLE = 2;

interface Situation {
  preferences: Preferences;
  history: History;
  window: DifficultyWindow;
}

/** Whether the user can do it at all: equipment, time, difficulty, recovery and dislikes. */
function eligible(e: ExerciseSummary, { preferences, history, window }: Situation): boolean {
  return (
    !history.disliked.has(e.id) &&
    e.requiredEquipment.every((item) => preferences.equipment.includes(item)) &&
    (e.durationMin === null || preferences.availableMinutes === null || e.durationMin <= preferences.availableMinutes) &&
    e.difficultyLevel >= window.min &&
    e.difficultyLevel <= window.max &&
    !(waitsForRecovery(e) && history.resting.has(e.primaryMuscle.id))
  );
}

/** Stretching and yoga help tired muscles; everything else lets them rest. */
const waitsForRecovery = (e: ExerciseSummary) => !RECOVERY_CATEGORIES.has(e.category.name);

/** The score and the reasons for it, strongest first. */
function assess(e: ExerciseSummary, { preferences, history, window }: Situation): Ranked {
  const reasons: Reason[] = [];
  let score = 0;
  const add = (points: number, reason?: Reason) => {
    score += points;
    if (reason) reasons.push(reason);
  };

  if (history.liked.has(e.id)) add(POINTS.liked, { code: 'LIKED' });
  const { goal, fit } = bestGoal(preferences.goals, e);
  add(POINTS.goal * fit, fit >= GOAL_REASON_FIT ? { code: `GOAL_${goal}` } : undefined);
  const closeness = Math.max(0, 1 - Math.abs(e.difficultyLevel - window.target) / LEVEL_REACH);
  const recent = history.recentDifficulty;
  const climbing = recent !== null && e.difficultyLevel > recent;
  add(POINTS.level * closeness, climbing ? { code: 'PROGRESSION', params: { recent } } : { code: 'LEVEL_FIT', params: { difficulty: e.difficultyLevel } });
  if (preferences.level === 'BEGINNER' && e.isBeginnerFriendly) add(POINTS.beginnerFriendly, { code: 'BEGINNER_FRIENDLY' });
  if (history.resting.size && waitsForRecovery(e) && e.primaryMuscle.name !== HEART_AND_LUNGS)
    reasons.push({ code: 'RESTED_MUSCLE', params: muscleParams(e.primaryMuscle) });
  if (e.durationMin !== null && preferences.availableMinutes !== null) reasons.push({ code: 'FITS_TIME', params: { minutes: preferences.availableMinutes } });
  reasons.push({ code: e.requiredEquipment.length ? 'EQUIPMENT_AT_HAND' : 'NO_EQUIPMENT' });
  add(POINTS.popularity * e.popularityScore, e.popularityScore >= POPULAR ? { code: 'POPULAR' } : undefined);

  const tired = waitsForRecovery(e) ? e.secondaryMuscles.find((m) => history.resting.has(m.id)) : undefined;
  if (tired) add(POINTS.secondaryRecovering, { code: 'SECONDARY_RECOVERING', params: muscleParams(tired) });
  if (history.skipped.has(e.id)) add(POINTS.skipped, { code: 'SKIPPED_RECENTLY' });

  return {
    exerciseId: e.id,
    score: Math.max(0, Math.round(score * 10) / 10),
    suggested: suggestionFor(e, preferences.level, preferences.availableMinutes),
    reasons,
  };
}

/**
 * The muscle group an exercise counts toward when the list is spread. Nearly every cardio
 * exercise names the heart and lungs as its primary muscle, so two of them would fill that group
 * and starve endurance and weight-loss lists; such cardio is grouped by the set of muscles it
 * works instead (running and cycling together, rowing apart).
 */
function spreadGroup(e: ExerciseSummary): string {
  if (e.primaryMuscle.name !== HEART_AND_LUNGS || !e.secondaryMuscles.length) return String(e.primaryMuscle.id);
  return `${HEART_AND_LUNGS}:${e.secondaryMuscles
    .map((m) => m.id)
    .sort((a, b) => a - b)
    .join(',')}`;
}

/**
 * The best `max` exercises for the user, highest score first and ties by exercise id, so the
 * same data always gives the same list; no more than PER_MUSCLE share a muscle group.
 */
export function rank(exercises: ExerciseSummary[], situation: Situation, max: number): Ranked[] {
  const scored = exercises
    .filter((e) => eligible(e, situation))
    .map((e) => ({ group: spreadGroup(e), ranked: assess(e, situation) }))
    .sort((a, b) => b.ranked.score - a.ranked.score || a.ranked.exerciseId - b.ranked.exerciseId);
  const perGroup = new Map<string, number>();
  const list: Ranked[] = [];
  for (const { group, ranked } of scored) {
    if (list.length === max) break;
    const taken = perGroup.get(group) ?? 0;
    if (taken === PER_MUSCLE) continue;
    perGroup.set(group, taken + 1);
    list.push(ranked);
  }
  return list;
}
