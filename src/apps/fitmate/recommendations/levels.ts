import type { ExerciseSummary } from '../exercises/schemas';
import type { FitnessLevel } from './situation';

interface Level {
  /** The difficulty band the level is offered (1–10). */
  min: number;
  max: number;
  /** Where someone of this level is comfortable, before we know what they actually do. */
  comfortable: number;
  /** Where in an exercise's sets and repetitions ranges to pitch the suggestion (0 = bottom, 1 = top). */
  share: number;
  /** Timed exercises: the recommended minutes times this. */
  durationFactor: number;
}

export const LEVELS: Record<FitnessLevel, Level> = {
  BEGINNER: { min: 1, max: 4, comfortable: 2, share: 0, durationFactor: 0.8 },
  INTERMEDIATE: { min: 3, max: 7, comfortable: 5, share: 0.5, durationFactor: 1 },
  ADVANCED: { min: 5, max: 10, comfortable: 7, share: 1, durationFactor: 1.2 },
};

export interface DifficultyWindow {
  min: number;
  max: number;
  /** The difficulty scored best. */
  target: number;
}

/**
 * The difficulties offered: the level's band, and once the user has trained lately, nothing more
 * than two steps above what they did (progress gradually), aiming one step above it.
 */
export function difficultyWindow(level: FitnessLevel, recentDifficulty: number | null): DifficultyWindow {
  const band = LEVELS[level];
  if (recentDifficulty === null) return { min: band.min, max: band.max, target: band.comfortable };
  const max = Math.min(band.max, Math.max(band.min, Math.floor(recentDifficulty) + 2));
  const target = Math.min(max, Math.max(band.min, recentDifficulty + 1));
  return { min: band.min, max, target: Math.round(target * 10) / 10 };
}

export interface Suggestion {
  sets: number;
  repetitions: number | null;
  durationMinutes: number | null;
}

const within = (min: number, max: number | null, share: number) => min + Math.round(share * Math.max(0, (max ?? min) - min));

/** Sets, repetitions and minutes from the exercise's own ranges, pitched to the level and the time the user has. */
export function suggestionFor(exercise: ExerciseSummary, level: FitnessLevel, availableMinutes: number | null): Suggestion {
  const { share, durationFactor } = LEVELS[level];
  const minutes = exercise.durationMin === null ? null : Math.max(1, Math.round(exercise.durationMin * durationFactor));
  return {
    sets: within(exercise.setsMin, exercise.setsMax, share),
    repetitions: exercise.repetitionsMin === null ? null : within(exercise.repetitionsMin, exercise.repetitionsMax, share),
    durationMinutes: minutes === null || availableMinutes === null ? minutes : Math.min(minutes, availableMinutes),
  };
}
