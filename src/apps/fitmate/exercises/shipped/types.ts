import type { EQUIPMENT } from '../../vocabulary';

/**
 * The shape of FitMate's own exercise catalog (catalog/data/*.ts). Ids are part of the data:
 * they never change once shipped, so loading the catalog again updates nothing and moves nothing.
 * Shipped ids stay below CATALOG_ID_LIMIT; exercises created through the API get ids above it.
 */
export const CATALOG_ID_LIMIT = 100_000;

export const BODY_PARTS = ['UPPER', 'LOWER', 'CORE', 'FULL_BODY'] as const;
export type BodyPart = (typeof BODY_PARTS)[number];

export interface CatalogCategory {
  id: number;
  /** English name, upper snake case: STRENGTH, BODYWEIGHT, CARDIO, STRETCHING, … */
  name: string;
  nameKr: string;
  description: string;
  sortOrder: number;
}

export interface CatalogMuscle {
  id: number;
  /** English name, upper snake case and unique: CHEST, LATS, QUADRICEPS, … */
  name: string;
  nameKr: string;
  bodyPart: BodyPart;
}

export interface CatalogExercise {
  id: number;
  /** English name, e.g. "Barbell Back Squat". Unique. */
  name: string;
  /** Korean name as Korean gyms say it, e.g. "바벨 백 스쿼트". Unique. */
  nameKr: string;
  /** One or two Korean sentences: what it is and what it trains. */
  description: string;
  /** Korean steps, in order, without numbers (the loader numbers them). 3–8 steps. */
  instructions: string[];
  /** A CatalogCategory name. */
  category: string;
  /** A CatalogMuscle name. */
  primaryMuscle: string;
  /** CatalogMuscle names, not including the primary one. */
  secondaryMuscles: string[];
  /** Equipment the exercise cannot be done without; empty means equipment-free. */
  equipment: Array<keyof typeof EQUIPMENT>;
  /** MET from the 2024 Adult Compendium of Physical Activities. */
  met: number;
  /** The Compendium activity code the MET comes from, e.g. "02054". */
  compendiumCode: string;
  /** 1 (anyone can do it) to 10 (advanced athletes). */
  difficulty: number;
  beginnerFriendly: boolean;
  /** Recommended minutes for timed exercises (cardio, stretches, holds); null for rep-based ones. */
  durationMin: number | null;
  /** Repetitions per set [min, max]; null for timed exercises. */
  repetitions: [number, number] | null;
  /** Sets [min, max]. */
  sets: [number, number];
  /** Search tags in Korean and English (synonyms, common misspellings, body parts, goals). */
  tags: string[];
}
