import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_CATALOG } from '../../src/apps/fitmate/exercises/shipped';
import { eq } from 'drizzle-orm';
import { loadCatalog } from '../../src/apps/fitmate/exercises/shipped/load';
import { exerciseSecondaryMuscles, exercises } from '../../src/apps/fitmate/exercises/tables';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, catalogIds, exerciseId } from '../support/fitmate';

type Item = Record<string, any>;

describe('FitMate exercise catalog', () => {
  let t: TestApp;
  let admin: Account;
  let trainer: Account;
  let user: Account;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
    [admin, trainer, user] = await Promise.all([account(t, ['ADMIN']), account(t, ['TRAINER']), account(t)]);
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await t.api.get(`/api/exercises?${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body.data as { items: Item[]; pagination: Item };
  };
  const names = (items: Item[]) => items.map((e) => e.nameKr);

  describe('the shipped catalog', () => {
    it('is loaded on start, in the document’s pagination shape', async () => {
      const page = await list('limit=5&page=2');
      expect(page.items).toHaveLength(5);
      expect(page.pagination).toEqual({
        page: 2,
        limit: 5,
        totalItems: SHIPPED_CATALOG.exercises.length,
        totalPages: Math.ceil(SHIPPED_CATALOG.exercises.length / 5),
        hasNext: true,
        hasPrev: true,
      });
      expect(SHIPPED_CATALOG.exercises.length).toBeGreaterThanOrEqual(150);
    });

    it('loading again changes nothing, and keeps an admin’s edit', async () => {
      const id = await exerciseId(t, '푸시업');
      const edited = await t.api.put(`/api/exercises/${id}`, { token: admin.token, body: { description: '관리자가 고친 설명' } });
      expect(edited.status).toBe(200);
      expect(await loadCatalog(t.stores.database.db, SHIPPED_CATALOG)).toEqual({ inserted: 0 });
      const again = await t.api.get(`/api/exercises/${id}`);
      expect(again.body.data.description).toBe('관리자가 고친 설명');
      expect(again.body.data.id).toBe(SHIPPED_CATALOG.exercises.find((e) => e.nameKr === '푸시업')!.id);
    });

    it('loading again puts back a shipped exercise that went missing, with its secondary muscles', async () => {
      const shipped = SHIPPED_CATALOG.exercises.find((e) => e.secondaryMuscles.length > 0 && e.nameKr !== '푸시업')!;
      const { db } = t.stores.database;
      const rows = () => db.select({ nameKr: exercises.nameKr }).from(exercises).where(eq(exercises.id, shipped.id));
      const pairs = () => db.select().from(exerciseSecondaryMuscles).where(eq(exerciseSecondaryMuscles.exerciseId, shipped.id));
      await db.delete(exerciseSecondaryMuscles).where(eq(exerciseSecondaryMuscles.exerciseId, shipped.id));
      await db.delete(exercises).where(eq(exercises.id, shipped.id));
      expect(await rows()).toEqual([]);
      expect(await loadCatalog(db, SHIPPED_CATALOG)).toEqual({ inserted: 1 });
      expect(await rows()).toEqual([{ nameKr: shipped.nameKr }]);
      expect(await pairs()).toHaveLength(shipped.secondaryMuscles.length);
      expect(await loadCatalog(db, SHIPPED_CATALOG)).toEqual({ inserted: 0 });
    });

    it('lists categories with counts and muscle groups with body parts', async () => {
      const categories = (await t.api.get('/api/exercises/categories')).body.data as Item[];
      for (const name of ['STRENGTH', 'BODYWEIGHT', 'CARDIO', 'STRETCHING']) {
        const category = categories.find((c) => c.name === name)!;
        expect(category.exerciseCount).toBe(SHIPPED_CATALOG.exercises.filter((e) => e.category === name).length);
      }
      const muscles = (await t.api.get('/api/exercises/muscles')).body.data as Item[];
      expect(muscles.length).toBe(SHIPPED_CATALOG.muscles.length);
      expect(muscles.every((m) => ['UPPER', 'LOWER', 'CORE', 'FULL_BODY'].includes(m.bodyPart))).toBe(true);
    });

    it('gives each exercise its numbered steps, muscles, derived intensity and flags', async () => {
      const squat = (await t.api.get(`/api/exercises/${await exerciseId(t, '스쿼트')}`)).body.data;
      expect(squat.instructions.length).toBeGreaterThanOrEqual(3);
      expect(squat.instructions[0]).not.toMatch(/^\d/);
      expect(squat.intensity).toBe(squat.metValue < 3 ? 'LOW' : squat.metValue < 6 ? 'MODERATE' : 'HIGH');
      expect(squat.isEquipmentFree).toBe(squat.requiredEquipment.length === 0);
      expect(squat.bodyPart).toBe(squat.primaryMuscle.bodyPart);
      expect(squat).not.toHaveProperty('searchText');
    });
  });

  describe('GET /api/exercises filters and sorting', () => {
    it('filters by category (id or name), muscle, body part and intensity', async () => {
      const { category, muscle } = await catalogIds(t);
      const strength = await list(`category=STRENGTH&limit=100`);
      expect(strength.items.every((e) => e.category.name === 'STRENGTH')).toBe(true);
      expect((await list(`category=${category('STRENGTH')}&limit=100`)).pagination.totalItems).toBe(strength.pagination.totalItems);
      const chest = await list(`muscle=CHEST&limit=100`);
      expect(chest.items.length).toBeGreaterThan(0);
      expect(chest.items.every((e) => e.primaryMuscle.name === 'CHEST' || e.secondaryMuscles.some((m: Item) => m.id === muscle('CHEST')))).toBe(true);
      expect(chest.items.some((e) => e.primaryMuscle.name !== 'CHEST')).toBe(true);
      const lower = await list(`bodyPart=LOWER&limit=100`);
      expect(lower.items.every((e) => e.primaryMuscle.bodyPart === 'LOWER')).toBe(true);
      const hard = await list(`intensity=HIGH,MODERATE&limit=100`);
      expect(hard.items.every((e) => e.intensity !== 'LOW')).toBe(true);
    });

    it('filters by difficulty, equipment at hand, equipment-free and beginner-friendly', async () => {
      const band = await list('difficultyMin=3&difficultyMax=4&limit=100');
      expect(band.items.every((e) => e.difficultyLevel >= 3 && e.difficultyLevel <= 4)).toBe(true);
      const dumbbells = await list('equipment=DUMBBELL,BENCH&limit=100');
      expect(dumbbells.items.every((e) => e.requiredEquipment.every((q: string) => ['DUMBBELL', 'BENCH'].includes(q)))).toBe(true);
      expect(dumbbells.items.some((e) => e.requiredEquipment.includes('DUMBBELL'))).toBe(true);
      expect((await list('equipmentFree=true&limit=100')).items.every((e) => e.isEquipmentFree && e.requiredEquipment.length === 0)).toBe(true);
      expect((await list('beginnerFriendly=true&limit=100')).items.every((e) => e.isBeginnerFriendly)).toBe(true);
    });

    it('uses the signed-in user’s own equipment with myEquipment=true', async () => {
      await t.api.put('/api/users/profile', { token: user.token, body: { availableEquipment: ['KETTLEBELL'] } });
      const res = await t.api.get('/api/exercises?myEquipment=true&limit=100', { token: user.token });
      expect(res.body.data.items.every((e: Item) => e.requiredEquipment.every((q: string) => q === 'KETTLEBELL'))).toBe(true);
      expect(res.body.data.items.some((e: Item) => e.requiredEquipment.includes('KETTLEBELL'))).toBe(true);
      expect((await t.api.get('/api/exercises?myEquipment=true')).status).toBe(401);
    });

    it('sorts by name (가나다), difficulty or popularity', async () => {
      const byName = names((await list('sort=name&limit=50')).items);
      expect(byName).toEqual([...byName].sort());
      const byDifficulty = (await list('sort=difficulty&order=desc&limit=50')).items.map((e) => e.difficultyLevel);
      expect(byDifficulty).toEqual([...byDifficulty].sort((a, b) => b - a));
    });

    it('refuses bad filters with the field named', async () => {
      for (const [query, field] of [
        ['difficultyMin=0', 'difficultyMin'],
        ['intensity=EXTREME', 'intensity.0'],
        ['page=0', 'page'],
        ['limit=1000', 'limit'],
        ['equipment=ROCKET', 'equipment.0'],
        ['sort=random', 'sort'],
      ]) {
        const res = await t.api.get(`/api/exercises?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error.details[0].field, query).toBe(field);
      }
      expect((await t.api.get('/api/exercises?category=UNKNOWN')).body.error.code).toBe('UNKNOWN_CATEGORY');
      expect((await t.api.get('/api/exercises?difficultyMin=7&difficultyMax=3')).status).toBe(400);
    });
  });

  describe('GET /api/exercises/:id', () => {
    it('counts every view', async () => {
      const id = await exerciseId(t, '런지');
      const first = (await t.api.get(`/api/exercises/${id}`)).body.data.viewCount;
      const second = (await t.api.get(`/api/exercises/${id}`)).body.data.viewCount;
      expect(second).toBe(first + 1);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expect((await t.api.get('/api/exercises/99999999')).status).toBe(404);
      expect((await t.api.get('/api/exercises/abc')).status).toBe(400);
      expect((await t.api.get('/api/exercises/-1')).status).toBe(400);
    });
  });

  describe('search', () => {
    const search = async (q: string) => {
      const res = await t.api.get(`/api/exercises/search?q=${encodeURIComponent(q)}&limit=50`);
      expect(res.status, res.text).toBe(200);
      return names(res.body.data.items);
    };

    it('finds 스쿼트 and 점프 스쿼트 by a partial Korean word', async () => {
      const found = await search('스쿼');
      expect(found).toEqual(expect.arrayContaining(['스쿼트', '점프 스쿼트']));
    });

    it('finds them in English too', async () => {
      expect(await search('squat')).toEqual(expect.arrayContaining(['스쿼트', '점프 스쿼트']));
      expect(await search('SQUAT')).toEqual(expect.arrayContaining(['스쿼트']));
    });

    it('forgives a misspelling: 푸쉬업 finds 푸시업', async () => {
      expect((await search('푸쉬업'))[0]).toBe('푸시업');
    });

    it('finds by initial consonants and puts the exact name first', async () => {
      expect(await search('ㅅㅋㅌ')).toContain('스쿼트');
      expect((await search('스쿼트'))[0]).toBe('스쿼트');
    });

    it('treats SQL and LIKE wildcards as text', async () => {
      expect(await search("'; drop table fitmate.exercises; --")).toEqual([]);
      expect(await search('%')).toEqual([]);
      expect(await search('_')).toEqual([]);
      expect((await list('limit=1')).pagination.totalItems).toBe(SHIPPED_CATALOG.exercises.length);
    });

    it('refuses an empty or oversized query', async () => {
      expect((await t.api.get('/api/exercises/search?q=')).status).toBe(400);
      expect((await t.api.get(`/api/exercises/search?q=${'가'.repeat(51)}`)).status).toBe(400);
    });
  });

  describe('popular this week', () => {
    it('ranks by people and workouts this week, then by views', async () => {
      const plank = await exerciseId(t, '플랭크');
      await list('limit=1'); // cached before the ranking changes
      const today = new Date().toISOString().slice(0, 10);
      for (const person of [user, admin, trainer]) {
        const res = await t.api.post('/api/workouts', { token: person.token, body: { exerciseId: plank, durationMinutes: 5, workoutDate: today } });
        expect(res.status, res.text).toBe(201);
      }
      const ranking = (await t.api.get('/api/exercises/popular?limit=5')).body.data as Item[];
      // Fewer exercises were done this week than asked for: the most viewed fill the list.
      expect(ranking).toHaveLength(5);
      expect(ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
      expect(ranking.at(-1)!.score).toBe(0);
      expect(ranking[0]).toMatchObject({ rank: 1, usersThisWeek: 3, workoutsThisWeek: 3, exercise: { id: plank } });
      expect(ranking[0]!.score).toBeGreaterThanOrEqual(39);
      // The list sorted by popularity follows the ranking, though its pages were cached before.
      const sorted = (await list('limit=1')).items[0]!;
      expect(sorted.id).toBe(plank);
      expect(sorted.popularityScore).toBe(9.99);
    });
  });

  describe('editing the catalog (ADMIN, TRAINER)', () => {
    const body = async () => {
      const { category, muscle } = await catalogIds(t);
      return {
        name: 'Sandbag Carry',
        nameKr: '샌드백 캐리',
        description: '무거운 샌드백을 안고 걷는 전신 운동입니다.',
        instructions: ['샌드백을 가슴에 안습니다.', '허리를 곧게 폅니다.', '20미터를 걷습니다.'],
        categoryId: category('STRENGTH'),
        primaryMuscleGroupId: muscle('FULL_BODY'),
        secondaryMuscleGroupIds: [muscle('GLUTES'), muscle('FULL_BODY')],
        metValue: 6.5,
        difficultyLevel: 6,
        tags: ['캐리', 'carry'],
        durationMin: 10,
      };
    };

    it('is closed to users and strangers', async () => {
      expect((await t.api.post('/api/exercises', { body: await body() })).status).toBe(401);
      expect((await t.api.post('/api/exercises', { token: user.token, body: await body() })).status).toBe(403);
    });

    it('creates, edits and retires an exercise, and the cached reads follow', async () => {
      expect(await (async () => names((await list('category=STRENGTH&limit=100')).items))()).not.toContain('샌드백 캐리');
      const created = await t.api.post('/api/exercises', { token: trainer.token, body: await body() });
      expect(created.status, created.text).toBe(201);
      const exercise = created.body.data;
      expect(exercise).toMatchObject({
        nameKr: '샌드백 캐리',
        intensity: 'HIGH',
        isEquipmentFree: true,
        instructions: ['샌드백을 가슴에 안습니다.', '허리를 곧게 폅니다.', '20미터를 걷습니다.'],
      });
      expect(exercise.id).toBeGreaterThanOrEqual(100_000);
      expect(exercise.secondaryMuscles.map((m: Item) => m.name)).toEqual(['GLUTES']);
      expect(names((await list('category=STRENGTH&limit=100')).items)).toContain('샌드백 캐리');
      expect(await (async () => names((await t.api.get('/api/exercises/search?q=샌드백')).body.data.items))()).toContain('샌드백 캐리');

      const edited = await t.api.put(`/api/exercises/${exercise.id}`, {
        token: admin.token,
        body: { nameKr: '모래주머니 캐리', metValue: 2.5, requiredEquipment: ['MEDICINE_BALL'] },
      });
      // What the edit leaves out stays as it was.
      expect(edited.body.data).toMatchObject({
        nameKr: '모래주머니 캐리',
        intensity: 'LOW',
        isEquipmentFree: false,
        tags: ['캐리', 'carry'],
        difficultyLevel: 6,
        setsMax: 5,
        durationMin: 10,
      });
      expect(edited.body.data.secondaryMuscles.map((m: Item) => m.name)).toEqual(['GLUTES']);
      // An intensity given is kept through later edits; a new MET value without one sets it again.
      const given = await t.api.put(`/api/exercises/${exercise.id}`, { token: admin.token, body: { intensity: 'HIGH' } });
      expect(given.body.data).toMatchObject({ metValue: 2.5, intensity: 'HIGH' });
      expect((await t.api.put(`/api/exercises/${exercise.id}`, { token: admin.token, body: { difficultyLevel: 7 } })).body.data.intensity).toBe('HIGH');
      expect((await t.api.put(`/api/exercises/${exercise.id}`, { token: admin.token, body: { metValue: 4 } })).body.data.intensity).toBe('MODERATE');
      expect((await t.api.put(`/api/exercises/${exercise.id}`, { token: admin.token, body: { intensity: 'EXTREME' } })).status).toBe(400);
      const stretch = await t.api.post('/api/exercises', {
        token: trainer.token,
        body: { ...(await body()), nameKr: '고강도 스트레칭', name: 'Intense stretch', metValue: 2.3, intensity: 'MODERATE' },
      });
      expect(stretch.body.data).toMatchObject({ metValue: 2.3, intensity: 'MODERATE' });
      expect(names((await t.api.get('/api/exercises/search?q=모래주머니')).body.data.items)).toContain('모래주머니 캐리');

      expect((await t.api.delete(`/api/exercises/${exercise.id}`, { token: admin.token })).status).toBe(200);
      expect((await t.api.get(`/api/exercises/${exercise.id}`)).status).toBe(404);
      expect((await t.api.get(`/api/exercises/${exercise.id}`, { token: admin.token })).body.data.isActive).toBe(false);
      expect(names((await list('category=STRENGTH&limit=100')).items)).not.toContain('모래주머니 캐리');
    });

    it('reaches a second node within a second, though it kept the pages in memory', async () => {
      const other = await startTestApp('fitmate', {}, { stores: t.stores });
      try {
        const id = await exerciseId(t, '버피');
        const seen = async () => (await other.api.get('/api/exercises/search?q=버피&limit=50')).body.data.items.find((e: Item) => e.id === id)?.nameKr;
        expect(await seen()).toBe('버피');
        await t.api.put(`/api/exercises/${id}`, { token: admin.token, body: { nameKr: '버피 테스트' } });
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        expect(await seen()).toBe('버피 테스트');
      } finally {
        await other.close();
      }
    });

    it('refuses unknown references, unknown fields and bad values', async () => {
      const base = await body();
      for (const [change, status] of [
        [{ categoryId: 99999 }, 400],
        [{ primaryMuscleGroupId: 99999 }, 400],
        [{ secondaryMuscleGroupIds: [99999] }, 400],
        [{ isActive: false }, 400],
        [{ metValue: 0 }, 400],
        [{ difficultyLevel: 11 }, 400],
        [{ instructions: [] }, 400],
        [{ videoUrl: 'javascript:alert(1)' }, 400],
      ] as const) {
        const res = await t.api.post('/api/exercises', { token: admin.token, body: { ...base, ...change } });
        expect(res.status, JSON.stringify(change)).toBe(status);
      }
      expect((await t.api.put('/api/exercises/99999999', { token: admin.token, body: { nameKr: 'x' } })).status).toBe(404);
      expect((await t.api.delete('/api/exercises/99999999', { token: admin.token })).status).toBe(404);
    });
  });
});
