import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Cache } from '../../../platform/cache';
import { OwnerCache } from '../../../platform/cache/owner-cache';
import type { Db } from '../../../platform/db/database';
import { AppError, fieldError } from '../../../platform/http/errors';
import { type Lang } from '../../../platform/http/i18n';
import { defineMessages } from '../feature';
import { addDays, seoulMidnight, seoulToday } from '../../../platform/time';
import type { ExerciseCatalog } from '../exercises/catalog';
import type { Exercise, ExerciseSummary } from '../exercises/schemas';
import { exercises } from '../exercises/tables';
import { recommendationFeedback } from './tables';
import { type DifficultyWindow, difficultyWindow } from './levels';
import { type Ranked, rank } from './ranking';
import { explain } from './reasons';
import { type FeedbackBody, MAX_RECOMMENDATIONS, type RecommendationList } from './schemas';
import { type Preferences, historyOf, preferencesOf } from './situation';

const Message = defineMessages({
  RECOMMENDATION_UNKNOWN_EXERCISE: { ko: '존재하지 않거나 더 이상 제공되지 않는 운동입니다.', en: 'No such exercise, or it has been retired.' },
});

/**
 * Document 000 keeps a user's recommendations 12 hours (recommendations:user:{userId}). A list
 * lasts no longer than its Seoul day either, and the day is part of its key, so the cache's 12
 * hours end no later than the list's validUntil.
 */
const LIST_TTL_MS = 12 * 3_600_000;
const CATALOG_PAGE = 100;

/** A built list as the cache keeps it: no words in any language, no exercise details. */
interface CachedList {
  generatedAt: string;
  validUntil: string;
  basis: RecommendationList['basis'];
  items: Ranked[];
}

const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);

/**
 * Personal exercise recommendations. A list is built from the user's profile, goals, recent
 * workouts and feedback, and cached until the next change of any of them, a new Seoul day, or
 * twelve hours, whichever comes first. What the profile says is part of the cache key; changes
 * of records and feedback give the user's lists a new version (OwnerCache).
 */
export class Recommendations {
  private readonly lists: OwnerCache;

  constructor(
    private readonly db: Db,
    cache: Cache,
    private readonly catalog: ExerciseCatalog,
  ) {
    this.lists = new OwnerCache(cache, 'recommendations', LIST_TTL_MS);
  }

  async list(userId: number, limit: number, lang: Lang): Promise<RecommendationList> {
    const cached = await this.cachedList(userId);
    const shown = await this.withExercises(cached.items, limit);
    return {
      exercises: shown.map(({ item, exercise }, i) => ({
        rank: i + 1,
        exercise,
        score: item.score,
        suggested: item.suggested,
        reasons: item.reasons.map((r) => explain(r, lang)),
      })),
      basis: cached.basis,
      generatedAt: new Date(cached.generatedAt),
      validUntil: new Date(cached.validUntil),
    };
  }

  async feedback(userId: number, body: FeedbackBody) {
    const [exercise] = await this.db
      .select({ id: exercises.id })
      .from(exercises)
      .where(and(eq(exercises.id, body.exerciseId), eq(exercises.isActive, true)));
    if (!exercise) throw fieldError('exerciseId', Message.RECOMMENDATION_UNKNOWN_EXERCISE);
    const [row] = await this.db
      .insert(recommendationFeedback)
      .values({ ...body, userId })
      .returning();
    await this.renew(userId);
    return row!;
  }

  /** The user's records or feedback changed: the next list is built afresh. */
  async renew(userId: number): Promise<void> {
    await this.lists.forget(userId);
  }

  private async cachedList(userId: number): Promise<CachedList> {
    const now = new Date();
    const today = seoulToday(now);
    const preferences = await preferencesOf(this.db, userId);
    return this.lists.read(userId, fingerprint({ preferences, today }), () => this.build(userId, preferences, today, now));
  }

  private async build(userId: number, preferences: Preferences, today: string, now: Date): Promise<CachedList> {
    const history = await historyOf(this.db, userId, today, now);
    const window = difficultyWindow(preferences.level, history.recentDifficulty);
    const candidates = await this.candidates(preferences.equipment, window);
    // "Today or yesterday" moves at midnight, so a list lasts no longer than the Seoul day.
    const validUntil = Math.min(now.getTime() + LIST_TTL_MS, seoulMidnight(addDays(today, 1)).getTime());
    return {
      generatedAt: now.toISOString(),
      validUntil: new Date(validUntil).toISOString(),
      basis: {
        fitnessLevel: preferences.level,
        goals: preferences.goals,
        difficulty: window,
        recentAverageDifficulty: history.recentDifficulty,
        restingMuscles: [...history.resting.values()].sort((a, b) => a.id - b.id),
      },
      items: rank(candidates, { preferences, history, window }, MAX_RECOMMENDATIONS),
    };
  }

  /** Active exercises the user's equipment allows within the difficulty window, from the catalog's cached pages. */
  private async candidates(equipment: string[], window: DifficultyWindow): Promise<ExerciseSummary[]> {
    // Sorted by difficulty and name, which only an edit changes (and an edit renews every page).
    const byId = new Map<number, ExerciseSummary>();
    for (let page = 1; ; page++) {
      const { items, pagination } = await this.catalog.list(
        { page, limit: CATALOG_PAGE, sort: 'difficulty', difficultyMin: window.min, difficultyMax: window.max },
        equipment,
      );
      for (const exercise of items) byId.set(exercise.id, exercise);
      if (!pagination.hasNext) return [...byId.values()];
    }
  }

  /** The first `limit` items with their exercises as the catalog shows them now; one retired since the list was built gives way to the next. */
  private async withExercises(items: Ranked[], limit: number): Promise<Array<{ item: Ranked; exercise: Exercise }>> {
    const shown: Array<{ item: Ranked; exercise: Exercise }> = [];
    for (let next = 0; shown.length < limit && next < items.length;) {
      const batch = items.slice(next, next + limit - shown.length);
      next += batch.length;
      const found = await Promise.all(batch.map((item) => this.activeExercise(item.exerciseId)));
      for (const [i, item] of batch.entries()) {
        const exercise = found[i];
        if (exercise) shown.push({ item, exercise });
      }
    }
    return shown;
  }

  /** The exercise as the catalog shows it now, unless it has been retired. */
  private async activeExercise(id: number): Promise<Exercise | undefined> {
    try {
      return await this.catalog.get(id, { countView: false, includeRetired: false });
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return undefined;
      throw error;
    }
  }
}
