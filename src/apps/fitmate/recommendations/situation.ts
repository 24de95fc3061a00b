import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { addDays, seoulMidnight } from '../../../platform/time';
import type { Muscle } from '../exercises/schemas';
import type { GoalType } from '../goals/schemas';
import { exerciseCategories, exercises, muscleGroups } from '../exercises/tables';
import { workoutGoals } from '../goals/tables';
import { recommendationFeedback } from './tables';
import { users } from '../users/tables';
import { workoutRecords } from '../workouts/tables';
import { type FITNESS_LEVELS, GOAL_TYPES } from '../vocabulary';

export type FitnessLevel = (typeof FITNESS_LEVELS)[number];

/** What the user told us: cheap to read, so every request reads it and keys the cache by it. */
export interface Preferences {
  level: FitnessLevel;
  /** The profile's workout goals and the ACTIVE goals' types, in vocabulary order; never empty. */
  goals: GoalType[];
  equipment: string[];
  availableMinutes: number | null;
}

/** What the user did lately: read only when a list is built. */
export interface History {
  /** Average difficulty of the last 14 days' workouts, to one decimal; null without any. */
  recentDifficulty: number | null;
  /** Muscles trained today or yesterday (Seoul), which are left to recover. */
  resting: Map<number, Muscle>;
  liked: Set<number>;
  disliked: Set<number>;
  skipped: Set<number>;
}

const DIFFICULTY_DAYS = 14;
const SKIP_DAYS = 7;
/** Stretching and yoga neither tire a muscle nor need to wait for one: they are how it recovers. */
export const RECOVERY_CATEGORIES = new Set(['STRETCHING', 'YOGA_PILATES']);
/** The catalog's primary "muscle" of nearly all cardio: trained daily without harm, no muscle to rest. */
export const HEART_AND_LUNGS = 'CARDIOVASCULAR';

const loads = (category: string, muscle: Muscle) => !RECOVERY_CATEGORIES.has(category) && muscle.name !== HEART_AND_LUNGS;

const primaryMuscle = { id: muscleGroups.id, name: muscleGroups.name, nameKr: muscleGroups.nameKr, bodyPart: muscleGroups.bodyPart };

export async function preferencesOf(db: Db, userId: number): Promise<Preferences> {
  const [[profile], active] = await Promise.all([
    db
      .select({ level: users.fitnessLevel, goals: users.workoutGoals, equipment: users.availableEquipment, minutes: users.availableWorkoutTime })
      .from(users)
      .where(eq(users.id, userId)),
    db
      .selectDistinct({ type: workoutGoals.goalType })
      .from(workoutGoals)
      .where(and(eq(workoutGoals.userId, userId), eq(workoutGoals.status, 'ACTIVE'))),
  ]);
  const wanted = new Set<string>([...(profile?.goals ?? []), ...active.map((g) => g.type ?? '')]);
  const goals = GOAL_TYPES.filter((type) => wanted.has(type));
  return {
    // Without a stated level the safe guess is the gentlest one.
    level: profile?.level ?? 'BEGINNER',
    goals: goals.length ? goals : ['GENERAL_FITNESS'],
    equipment: [...(profile?.equipment ?? [])].sort(),
    availableMinutes: profile?.minutes ?? null,
  };
}

export async function historyOf(db: Db, userId: number, today: string, now = new Date()): Promise<History> {
  const yesterday = addDays(today, -1);
  const [workouts, feedback] = await Promise.all([
    db
      .select({ date: workoutRecords.workoutDate, difficulty: exercises.difficultyLevel, category: exerciseCategories.name, muscle: primaryMuscle })
      .from(workoutRecords)
      .innerJoin(exercises, eq(exercises.id, workoutRecords.exerciseId))
      .innerJoin(exerciseCategories, eq(exerciseCategories.id, exercises.categoryId))
      .innerJoin(muscleGroups, eq(muscleGroups.id, exercises.primaryMuscleGroupId))
      .where(and(eq(workoutRecords.userId, userId), gte(workoutRecords.workoutDate, addDays(today, 1 - DIFFICULTY_DAYS)))),
    db
      .select({
        exerciseId: recommendationFeedback.exerciseId,
        kind: recommendationFeedback.feedback,
        at: recommendationFeedback.createdAt,
        category: exerciseCategories.name,
        muscle: primaryMuscle,
      })
      .from(recommendationFeedback)
      .innerJoin(exercises, eq(exercises.id, recommendationFeedback.exerciseId))
      .innerJoin(exerciseCategories, eq(exerciseCategories.id, exercises.categoryId))
      .innerJoin(muscleGroups, eq(muscleGroups.id, exercises.primaryMuscleGroupId))
      .where(eq(recommendationFeedback.userId, userId))
      .orderBy(desc(recommendationFeedback.createdAt), desc(recommendationFeedback.id)),
  ]);

  const resting = new Map<number, Muscle>();
  const rest = (category: string, muscle: Muscle) => loads(category, muscle) && resting.set(muscle.id, muscle);
  for (const w of workouts) if (w.date >= yesterday) rest(w.category, w.muscle);

  const liked = new Set<number>();
  const disliked = new Set<number>();
  const skipped = new Set<number>();
  const opinionated = new Set<number>();
  const skipSince = now.getTime() - SKIP_DAYS * 86_400_000;
  const doneSince = seoulMidnight(yesterday).getTime();
  for (const f of feedback) {
    // Newest first: the latest LIKE or DISLIKE of an exercise is the user's standing opinion of it.
    if ((f.kind === 'LIKE' || f.kind === 'DISLIKE') && !opinionated.has(f.exerciseId)) {
      opinionated.add(f.exerciseId);
      (f.kind === 'LIKE' ? liked : disliked).add(f.exerciseId);
    }
    if (f.kind === 'SKIP' && f.at.getTime() >= skipSince) skipped.add(f.exerciseId);
    // "Done" without a workout logged still means those muscles worked today or yesterday.
    if (f.kind === 'DONE' && f.at.getTime() >= doneSince) rest(f.category, f.muscle);
  }

  const average = workouts.length ? workouts.reduce((total, w) => total + w.difficulty, 0) / workouts.length : null;
  return { recentDifficulty: average === null ? null : Math.round(average * 10) / 10, resting, liked, disliked, skipped };
}
