import { createHash } from 'node:crypto';
import { type SQL, and, asc, count, countDistinct, desc, eq, gte, inArray, lte, or, sql, sum } from 'drizzle-orm';
import type { Cache } from '../../../platform/cache';
import { NearCache } from '../../../platform/cache/near';
import { OwnerCache } from '../../../platform/cache/owner-cache';
import { type Db, qualified } from '../../../platform/db/database';
import { badRequest, notFound } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import { isInitialsQuery, searchForm } from '../../../platform/text/korean';
import { seoulToday } from '../../../platform/time';
import { derivedColumns, numberedSteps } from './shipped/load';
import { type Intensity, intensityOf } from '../vocabulary';
import { exerciseCategories, exerciseDailyViews, exerciseSecondaryMuscles, exercises, muscleGroups } from './tables';
import { users } from '../users/tables';
import { workoutRecords } from '../workouts/tables';
import type { Exercise, ExerciseBody, ExerciseSummary, ExerciseUpdate, ListQuery, Muscle } from './schemas';

const Message = defineMessages({
  UNKNOWN_CATEGORY: { ko: '존재하지 않는 운동 카테고리입니다.', en: 'No such exercise category.' },
  UNKNOWN_MUSCLE: { ko: '존재하지 않는 근육 그룹입니다.', en: 'No such muscle group.' },
  BAD_RANGE: { ko: '최솟값이 최댓값보다 클 수 없습니다.', en: 'The minimum cannot exceed the maximum.' },
});

// Document 000 keeps catalog reads two hours (exercises:category:{id}); every edit gives the
// catalog a new version instead of hunting for keys to delete.
const CATALOG_TTL_MS = 2 * 3_600_000;
// The catalog as one owner of cached reads: it belongs to no one user.
const CATALOG = 'catalog';
// The weekly ranking: the document caches it a day; an hour keeps a busy week's ranking current.
const POPULAR_TTL_MS = 3_600_000;
// The ranking is kept once, for the longest list asked for, under the document's key.
const POPULAR_KEY = 'popular_exercises:weekly';
const POPULAR_MAX = 50;
// How long a node keeps catalog pages and the ranking itself.
const NEAR_TTL_MS = 5 * 60_000;

const category = { id: exerciseCategories.id, name: exerciseCategories.name, nameKr: exerciseCategories.nameKr };
const primaryMuscle = { id: muscleGroups.id, name: muscleGroups.name, nameKr: muscleGroups.nameKr, bodyPart: muscleGroups.bodyPart };

const parseSteps = (text: string | null) =>
  text
    ? text
        .split('\n')
        .map((line) => line.replace(/^\d+\.\s*/, ''))
        .filter(Boolean)
    : [];

/**
 * FitMate's exercise catalog: browsing with filters, search in Korean and English, the weekly
 * ranking, and edits by admins and trainers. Reads are cached; edits invalidate them.
 */
export class ExerciseCatalog {
  // Catalog pages are read on every screen and change rarely: each node keeps hot ones for a
  // while. Their keys carry the catalog version, which a node re-reads at most once a second,
  // so an edit on any node is seen everywhere within a second.
  private readonly pages: OwnerCache;
  // The ranking is not versioned: it is recomputed on its own clock and dropped by edits.
  private readonly rankings: NearCache;

  constructor(
    private readonly db: Db,
    cache: Cache,
  ) {
    this.pages = new OwnerCache(cache, 'exercises', CATALOG_TTL_MS, { entryTtlMs: NEAR_TTL_MS, versionTtlMs: 1_000 });
    this.rankings = new NearCache(cache, NEAR_TTL_MS);
  }

  async list(query: ListQuery, equipmentAtHand?: string[]) {
    if (query.difficultyMin && query.difficultyMax && query.difficultyMin > query.difficultyMax) {
      throw badRequest(Message.BAD_RANGE);
    }
    const equipment = equipmentAtHand ?? query.equipment;
    return this.cached(`list:${fingerprint({ ...query, equipment, myEquipment: undefined })}`, async () => {
      const where = and(eq(exercises.isActive, true), ...(await this.filters(query, equipment)));
      const direction = query.order === 'desc' || (!query.order && query.sort === 'popularity') ? desc : asc;
      const orderBy =
        query.sort === 'name'
          ? [direction(exercises.nameKr)]
          : query.sort === 'difficulty'
            ? [direction(exercises.difficultyLevel), asc(exercises.nameKr)]
            : [direction(exercises.popularityScore), desc(exercises.viewCount), asc(exercises.id)];
      const rows = await this.select({ total: sql<number>`count(*) over ()`.mapWith(Number) })
        .where(where)
        .orderBy(...orderBy)
        .limit(query.limit)
        .offset(offsetOf(query));
      return pageOf((await this.withSecondary(rows)).map(summary), query, rows[0]?.total ?? (await this.count(where)));
    });
  }

  /** One exercise; a view is counted (retired ones are only for admins and trainers). */
  async get(id: number, options: { countView: boolean; includeRetired: boolean }): Promise<Exercise> {
    const exercise = await this.cached(`detail:${id}`, async () => {
      const [row] = await this.withSecondary(await this.select().where(eq(exercises.id, id)));
      return row ?? null;
    });
    if (!exercise || (!exercise.isActive && !options.includeRetired)) throw notFound();
    if (!options.countView) return exercise;
    const [counted] = await this.db
      .update(exercises)
      .set({ viewCount: sql`${exercises.viewCount} + 1`, updatedAt: sql`${exercises.updatedAt}` })
      .where(eq(exercises.id, id))
      .returning({ viewCount: exercises.viewCount });
    await this.db
      .insert(exerciseDailyViews)
      .values({ exerciseId: id, day: seoulToday(), views: 1 })
      .onConflictDoUpdate({ target: [exerciseDailyViews.exerciseId, exerciseDailyViews.day], set: { views: sql`${exerciseDailyViews.views} + 1` } });
    return { ...exercise, viewCount: counted?.viewCount ?? exercise.viewCount };
  }

  categories() {
    return this.cached('categories', () =>
      this.db
        .select({
          id: exerciseCategories.id,
          name: exerciseCategories.name,
          nameKr: exerciseCategories.nameKr,
          description: exerciseCategories.description,
          imageUrl: exerciseCategories.imageUrl,
          sortOrder: exerciseCategories.sortOrder,
          exerciseCount:
            sql<number>`(select count(*) from ${exercises} where ${qualified(exercises.categoryId)} = ${qualified(exerciseCategories.id)} and ${qualified(exercises.isActive)})`.mapWith(
              Number,
            ),
        })
        .from(exerciseCategories)
        .where(eq(exerciseCategories.isActive, true))
        .orderBy(asc(exerciseCategories.sortOrder), asc(exerciseCategories.id)),
    );
  }

  muscles() {
    return this.cached('muscles', () => this.db.select(primaryMuscle).from(muscleGroups).orderBy(asc(muscleGroups.id)));
  }

  /**
   * This week's ranking: distinct people who logged an exercise in the last seven Seoul days
   * count most, then the workouts logged, then the views. The scores also become the exercises'
   * popularity_score (0–9.99), which the list sorts by.
   */
  async popular(limit: number) {
    return (await this.ranking()).slice(0, limit);
  }

  private ranking() {
    return this.remember(POPULAR_KEY, async () => {
      const since = seoulToday(new Date(Date.now() - 6 * 86_400_000));
      const [workouts, views] = await Promise.all([
        this.db
          .select({ exerciseId: workoutRecords.exerciseId, workouts: count(), people: countDistinct(workoutRecords.userId) })
          .from(workoutRecords)
          .where(gte(workoutRecords.workoutDate, since))
          .groupBy(workoutRecords.exerciseId),
        this.db
          .select({ exerciseId: exerciseDailyViews.exerciseId, views: sum(exerciseDailyViews.views).mapWith(Number) })
          .from(exerciseDailyViews)
          .where(gte(exerciseDailyViews.day, since))
          .groupBy(exerciseDailyViews.exerciseId),
      ]);
      const tally = new Map<number, { workouts: number; people: number; views: number }>();
      const entry = (id: number) => tally.get(id) ?? tally.set(id, { workouts: 0, people: 0, views: 0 }).get(id)!;
      for (const w of workouts) Object.assign(entry(w.exerciseId), { workouts: w.workouts, people: w.people });
      for (const v of views) entry(v.exerciseId).views = v.views;
      const scored = [...tally].map(([id, t]) => ({ id, ...t, score: t.people * 10 + t.workouts * 3 + t.views }));
      await this.storePopularity(scored);
      const active = scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, POPULAR_MAX);
      // A quiet week: the most viewed exercises of all time fill the list.
      const filler = await this.db
        .select({ id: exercises.id })
        .from(exercises)
        .where(and(eq(exercises.isActive, true), sql`${exercises.id} <> all(${sql.param(active.map((a) => a.id))}::bigint[])`))
        .orderBy(desc(exercises.viewCount), asc(exercises.id))
        .limit(POPULAR_MAX - active.length);
      const top = [...active, ...filler.map(({ id }) => ({ id, workouts: 0, people: 0, views: 0, score: 0 }))];
      const details = new Map(
        (await this.withSecondary(await this.select().where(and(inArray(exercises.id, top.map((t) => t.id).concat(0)), eq(exercises.isActive, true))))).map(
          (e) => [e.id, e],
        ),
      );
      return top
        .filter((t) => details.has(t.id))
        .map((t, i) => ({
          rank: i + 1,
          score: t.score,
          workoutsThisWeek: t.workouts,
          usersThisWeek: t.people,
          viewsThisWeek: t.views,
          exercise: summary(details.get(t.id)!),
        }));
    });
  }

  /**
   * Korean and English search, forgiving partial words and typos: names and tags are compared
   * letter by letter (jamo) and by trigram similarity, and initial consonants (ㅅㅋㅌ) match too.
   * Exact names come first, then names that start with the query, then the closest.
   */
  search(query: PageQuery & { q: string }) {
    const term = searchForm(query.q);
    return this.cached(`search:${fingerprint({ ...query, q: term })}`, async () => {
      const contains = sql`${exercises.searchText} like ${'%' + likeEscape(term) + '%'}`;
      const similar = sql`word_similarity(${term}, ${exercises.searchText})`;
      const matches = isInitialsQuery(term)
        ? contains
        : or(
            contains,
            sql`${similar} >= 0.4`,
            sql`to_tsvector('simple', ${exercises.name} || ' ' || ${exercises.nameKr} || ' ' || coalesce(${exercises.description}, '') || ' ' || ${exercises.tags}::text) @@ plainto_tsquery('simple', ${query.q})`,
          )!;
      const where = and(eq(exercises.isActive, true), matches);
      const rows = await this.select({ total: sql<number>`count(*) over ()`.mapWith(Number), relevance: similar.mapWith(Number) })
        .where(where)
        .orderBy(
          desc(sql`lower(${exercises.name}) = ${query.q.toLowerCase()} or ${exercises.nameKr} = ${query.q}`),
          desc(sql`${exercises.nameKr} like ${likeEscape(query.q) + '%'} or lower(${exercises.name}) like ${likeEscape(query.q.toLowerCase()) + '%'}`),
          desc(sql`greatest(similarity(normalize(lower(${exercises.nameKr}), NFD), ${term}), similarity(lower(${exercises.name}), ${term}))`),
          desc(sql`${contains}`),
          desc(similar),
          desc(exercises.popularityScore),
          asc(exercises.id),
        )
        .limit(query.limit)
        .offset(offsetOf(query));
      return pageOf((await this.withSecondary(rows)).map(summary), query, rows[0]?.total ?? 0);
    });
  }

  async create(body: ExerciseBody): Promise<Exercise> {
    await this.checkReferences(body.categoryId, [body.primaryMuscleGroupId, ...body.secondaryMuscleGroupIds]);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(exercises).values(this.columns(body)).returning({ id: exercises.id });
      await this.setSecondary(tx, row!.id, body.secondaryMuscleGroupIds, body.primaryMuscleGroupId);
      return row!.id;
    });
    await this.invalidate();
    return this.get(id, { countView: false, includeRetired: true });
  }

  async update(id: number, patch: ExerciseUpdate): Promise<Exercise> {
    const current = await this.get(id, { countView: false, includeRetired: true });
    const merged = {
      name: patch.name ?? current.name,
      nameKr: patch.nameKr ?? current.nameKr,
      tags: patch.tags ?? current.tags,
      metValue: patch.metValue ?? current.metValue,
      requiredEquipment: patch.requiredEquipment ?? current.requiredEquipment,
    };
    const primary = patch.primaryMuscleGroupId ?? current.primaryMuscle.id;
    await this.checkReferences(patch.categoryId, patch.primaryMuscleGroupId ? [patch.primaryMuscleGroupId] : [], patch.secondaryMuscleGroupIds);
    const { secondaryMuscleGroupIds, instructions, ...columns } = patch;
    await this.db.transaction(async (tx) => {
      await tx
        .update(exercises)
        .set({
          ...columns,
          ...(instructions && { instructions: numberedSteps(instructions) }),
          ...derivedColumns(merged),
          intensity: intensityAfter(patch, current.intensity),
        })
        .where(eq(exercises.id, id));
      if (secondaryMuscleGroupIds) await this.setSecondary(tx, id, secondaryMuscleGroupIds, primary);
    });
    await this.invalidate();
    return this.get(id, { countView: false, includeRetired: true });
  }

  /** Retires an exercise: it leaves the catalog, while workout records that name it keep it. */
  async retire(id: number): Promise<void> {
    const [row] = await this.db.update(exercises).set({ isActive: false }).where(eq(exercises.id, id)).returning({ id: exercises.id });
    if (!row) throw notFound();
    await this.invalidate();
  }

  /** The equipment a user listed in their profile. */
  async equipmentOf(userId: number): Promise<string[]> {
    const [row] = await this.db.select({ equipment: users.availableEquipment }).from(users).where(eq(users.id, userId));
    return row?.equipment ?? [];
  }

  // ---- helpers ----

  private select<E extends Record<string, SQL.Aliased | SQL>>(extra?: E) {
    return this.db
      .select({ exercise: exercises, category, primaryMuscle, ...(extra ?? ({} as E)) })
      .from(exercises)
      .innerJoin(exerciseCategories, eq(exerciseCategories.id, exercises.categoryId))
      .innerJoin(muscleGroups, eq(muscleGroups.id, exercises.primaryMuscleGroupId));
  }

  /** Rows to exercises, with their secondary muscles fetched in one more query. */
  private async withSecondary<R extends { exercise: typeof exercises.$inferSelect; category: Exercise['category']; primaryMuscle: Muscle }>(
    rows: R[],
  ): Promise<Exercise[]> {
    const ids = rows.map((r) => r.exercise.id);
    const secondary = ids.length
      ? await this.db
          .select({ exerciseId: exerciseSecondaryMuscles.exerciseId, ...primaryMuscle })
          .from(exerciseSecondaryMuscles)
          .innerJoin(muscleGroups, eq(muscleGroups.id, exerciseSecondaryMuscles.muscleGroupId))
          .where(inArray(exerciseSecondaryMuscles.exerciseId, ids))
          .orderBy(asc(muscleGroups.id))
      : [];
    return rows.map(({ exercise: e, category, primaryMuscle }) => {
      const { searchText: _searchText, categoryId: _c, primaryMuscleGroupId: _p, instructions, createdAt, updatedAt, ...rest } = e;
      return {
        ...rest,
        createdAt: createdAt.toISOString(),
        updatedAt: updatedAt.toISOString(),
        instructions: parseSteps(instructions),
        category,
        primaryMuscle,
        bodyPart: primaryMuscle.bodyPart,
        secondaryMuscles: secondary.filter((s) => s.exerciseId === e.id).map(({ exerciseId: _e, ...m }) => m),
      };
    });
  }

  private async filters(query: ListQuery, equipment: string[] | undefined): Promise<SQL[]> {
    const where: SQL[] = [];
    if (query.category) where.push(eq(exercises.categoryId, await this.categoryId(query.category)));
    if (query.muscle) {
      const muscle = await this.muscleId(query.muscle);
      where.push(
        or(
          eq(exercises.primaryMuscleGroupId, muscle),
          inArray(
            exercises.id,
            this.db
              .select({ id: exerciseSecondaryMuscles.exerciseId })
              .from(exerciseSecondaryMuscles)
              .where(eq(exerciseSecondaryMuscles.muscleGroupId, muscle)),
          ),
        )!,
      );
    }
    if (query.bodyPart) where.push(eq(muscleGroups.bodyPart, query.bodyPart));
    if (query.intensity?.length) where.push(inArray(exercises.intensity, query.intensity));
    if (query.difficultyMin) where.push(gte(exercises.difficultyLevel, query.difficultyMin));
    if (query.difficultyMax) where.push(lte(exercises.difficultyLevel, query.difficultyMax));
    if (equipment) where.push(sql`${exercises.requiredEquipment} <@ ${JSON.stringify(equipment)}::jsonb`);
    if (query.equipmentFree !== undefined) where.push(eq(exercises.isEquipmentFree, query.equipmentFree));
    if (query.beginnerFriendly !== undefined) where.push(eq(exercises.isBeginnerFriendly, query.beginnerFriendly));
    return where;
  }

  private async categoryId(reference: string): Promise<number> {
    const found = (await this.categories()).find((c) => String(c.id) === reference || c.name === reference.toUpperCase() || c.nameKr === reference);
    if (!found) throw badRequest(Message.UNKNOWN_CATEGORY);
    return found.id;
  }

  private async muscleId(reference: string): Promise<number> {
    const found = (await this.muscles()).find((m) => String(m.id) === reference || m.name === reference.toUpperCase() || m.nameKr === reference);
    if (!found) throw badRequest(Message.UNKNOWN_MUSCLE);
    return found.id;
  }

  private async checkReferences(categoryId: number | undefined, muscleIds: number[], more: number[] = []) {
    if (categoryId !== undefined && !(await this.categories()).some((c) => c.id === categoryId)) throw badRequest(Message.UNKNOWN_CATEGORY);
    const known = new Set((await this.muscles()).map((m) => m.id));
    if ([...muscleIds, ...more].some((id) => !known.has(id))) throw badRequest(Message.UNKNOWN_MUSCLE);
  }

  private columns(body: ExerciseBody) {
    const { secondaryMuscleGroupIds: _s, instructions, ...columns } = body;
    const derived = derivedColumns(body);
    return { ...columns, instructions: numberedSteps(instructions), ...derived, intensity: body.intensity ?? derived.intensity };
  }

  private async setSecondary(tx: Pick<Db, 'insert' | 'delete'>, exerciseId: number, muscleIds: number[], primary: number) {
    await tx.delete(exerciseSecondaryMuscles).where(eq(exerciseSecondaryMuscles.exerciseId, exerciseId));
    const ids = [...new Set(muscleIds)].filter((id) => id !== primary);
    if (ids.length) await tx.insert(exerciseSecondaryMuscles).values(ids.map((muscleGroupId) => ({ exerciseId, muscleGroupId })));
  }

  /** Writes the ranking into popularity_score, which lists sort by: their cached pages go. */
  private async storePopularity(scored: Array<{ id: number; score: number }>) {
    const best = Math.max(1, ...scored.map((s) => s.score));
    await this.db.transaction(async (tx) => {
      await tx
        .update(exercises)
        .set({ popularityScore: 0, updatedAt: sql`${exercises.updatedAt}` })
        .where(sql`${exercises.popularityScore} <> 0`);
      for (const { id, score } of scored) {
        const value = Math.min(9.99, Math.round((score / best) * 999) / 100);
        if (value > 0)
          await tx
            .update(exercises)
            .set({ popularityScore: value, updatedAt: sql`${exercises.updatedAt}` })
            .where(eq(exercises.id, id));
      }
    });
    await this.bumpVersion();
  }

  private async count(where: SQL | undefined): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(exercises)
      .innerJoin(muscleGroups, eq(muscleGroups.id, exercises.primaryMuscleGroupId))
      .where(where);
    return row?.n ?? 0;
  }

  /** A catalog read, under the catalog's current version: an edit makes every one of them stale. */
  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.pages.read(CATALOG, key, load);
  }

  private async bumpVersion() {
    await this.pages.forget(CATALOG);
  }

  /** After an edit: every cached read goes, the ranking too (it may name a retired exercise). */
  private async invalidate() {
    await this.bumpVersion();
    await this.rankings.delete(POPULAR_KEY);
  }

  private async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = await this.rankings.get<T>(key);
    if (hit !== undefined) return hit;
    const value = await load();
    await this.rankings.set(key, value, POPULAR_TTL_MS);
    return value;
  }
}

/** A stable, short key for a query: the same filters in any order give the same key. */
function fingerprint(value: Record<string, unknown>): string {
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 22);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const summary = ({ description: _d, instructions: _i, ...rest }: Exercise): ExerciseSummary => rest;

/** An intensity given is kept; a new MET value without one sets it by the document's rule; otherwise it stays. */
function intensityAfter(patch: ExerciseUpdate, current: Intensity | null): Intensity | null {
  return patch.intensity ?? (patch.metValue === undefined ? current : intensityOf(patch.metValue));
}
