import type { CatalogExercise } from '../types';
import { BODYWEIGHT_EXERCISES } from './exercises-bodyweight';
import { CARDIO_EXERCISES } from './exercises-cardio';
import { SPORTS_EXERCISES } from './exercises-sports';
import { STRENGTH_EXERCISES } from './exercises-strength';
import { STRETCHING_EXERCISES } from './exercises-stretching';
import { YOGA_PILATES_EXERCISES } from './exercises-yoga-pilates';

/**
 * FitMate's own exercise catalog, written for FitMate. Ids run 1..N in this order and never
 * change once shipped: an exercise added later takes the next id after the highest one, in
 * whichever file it belongs to, and a removed exercise's id is never reused.
 *
 * MET values follow the 2024 Adult Compendium of Physical Activities (Herrmann SD et al.,
 * J Sport Health Sci 2024;13:6-12); each exercise names the Compendium activity code it uses.
 */
export const EXERCISES: CatalogExercise[] = [
  ...STRENGTH_EXERCISES,
  ...BODYWEIGHT_EXERCISES,
  ...CARDIO_EXERCISES,
  ...STRETCHING_EXERCISES,
  ...YOGA_PILATES_EXERCISES,
  ...SPORTS_EXERCISES,
];
