import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseCategories, muscleGroups } from '../../src/apps/fitmate/schema';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/fitmate';

type Goal = Record<string, any>;

describe('FitMate workout goals', () => {
  let t: TestApp;
  let me: Account;
  let other: Account;
  /** A strength exercise and a stretch, made here so the tests do not hang on the shipped catalog. */
  let press: number;
  let stretch: number;
  const today = seoulToday();

  beforeAll(async () => {
    t = await startTestApp('fitmate');
    const admin = await account(t, ['ADMIN']);
    [me, other] = await Promise.all([account(t), account(t)]);
    // Categories come with the shipped catalog; without it they are made here, before the catalog caches its lists.
    const db = t.stores.database.db;
    const categoryId = async (name: string) => {
      const [found] = await db.select({ id: exerciseCategories.id }).from(exerciseCategories).where(eq(exerciseCategories.name, name));
      return found?.id ?? (await db.insert(exerciseCategories).values({ name, nameKr: name }).returning({ id: exerciseCategories.id }))[0]!.id;
    };
    const [muscle] = await db
      .insert(muscleGroups)
      .values({ name: `GOALS_${randomBytes(4).toString('hex')}`, nameKr: '시험 근육', bodyPart: 'UPPER' })
      .returning({ id: muscleGroups.id });
    const exercise = async (nameKr: string, category: string) => {
      const body = {
        name: `${nameKr} ${randomBytes(3).toString('hex')}`,
        nameKr,
        instructions: ['천천히 합니다.'],
        categoryId: await categoryId(category),
        primaryMuscleGroupId: muscle!.id,
        metValue: 3.5,
        difficultyLevel: 3,
      };
      const res = await t.api.post('/api/exercises', { token: admin.token, body });
      expect(res.status, res.text).toBe(201);
      return res.body.data.id as number;
    };
    press = await exercise('목표 시험 프레스', 'STRENGTH');
    stretch = await exercise('목표 시험 스트레칭', 'STRETCHING');
  });
  afterAll(() => t.close());

  const create = (who: Account, body: Record<string, unknown>, headers?: Record<string, string>) =>
    t.api.post('/api/goals', { token: who.token, body, headers });
  const make = async (who: Account, body: Record<string, unknown>): Promise<Goal> => {
    const res = await create(who, { title: '목표', targetDate: addDays(today, 30), ...body });
    expect(res.status, res.text).toBe(201);
    return res.body.data;
  };
  const read = async (who: Account, id: number): Promise<Goal> => (await t.api.get(`/api/goals/${id}`, { token: who.token })).body.data;
  const update = (who: Account, id: number, body: Record<string, unknown>, headers?: Record<string, string>) =>
    t.api.put(`/api/goals/${id}`, { token: who.token, body, headers });
  const workout = async (who: Account, body: Record<string, unknown>) => {
    const res = await t.api.post('/api/workouts', { token: who.token, body: { durationMinutes: 30, workoutDate: today, ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id as number;
  };
  const weighIn = async (who: Account, body: Record<string, unknown>) => {
    const res = await t.api.post(`/api/users/${who.id}/body-records`, { token: who.token, body });
    expect(res.status, res.text).toBe(201);
  };
  const fields = (res: { body: any }) => (res.body.error.details as Array<{ field: string; message: string }>).map((d) => d.field);

  describe('authentication', () => {
    it('every route needs a token', async () => {
      const calls = [
        t.api.get('/api/goals'),
        t.api.get('/api/goals/1'),
        t.api.post('/api/goals', { body: { goalType: 'ENDURANCE', title: 'x', targetDate: today } }),
        t.api.put('/api/goals/1', { body: { title: 'x' } }),
        t.api.delete('/api/goals/1'),
        t.api.post('/api/goals/1/complete'),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
    });
  });

  describe('POST /api/goals', () => {
    it('keeps every column, starts today in Seoul, ACTIVE, in the type’s unit', async () => {
      const body = {
        goalType: 'ENDURANCE',
        title: '한 달 600분 달리기',
        description: '매일 20분',
        motivationNote: '마라톤 완주!',
        targetValue: 600,
        targetDate: addDays(today, 30),
      };
      const res = await create(me, body);
      expect(res.status).toBe(201);
      expect(res.body.message).toBe('목표가 생성되었습니다.');
      expect(res.body.data).toMatchObject({
        ...body,
        userId: me.id,
        startDate: today,
        status: 'ACTIVE',
        unit: '분',
        currentValue: 0,
        baselineValue: null,
        completedAt: null,
        progressPercent: 0,
        daysLeft: 30,
      });
      expect(res.body.data.id).toBeGreaterThan(0);
      expect(Date.parse(res.body.data.createdAt)).not.toBeNaN();
    });

    it('gives each tracked type its unit, and keeps a unit of the user’s own', async () => {
      const units = { WEIGHT_LOSS: 'kg', MUSCLE_GAIN: 'kg', STRENGTH: 'kg', ENDURANCE: '분', FLEXIBILITY: '분', GENERAL_FITNESS: '일' };
      for (const [goalType, unit] of Object.entries(units)) expect((await make(other, { goalType })).unit).toBe(unit);
      expect((await make(other, { goalType: 'ENDURANCE', unit: 'km' })).unit).toBe('km');
    });

    it('rounds figures to the column’s two decimals and may start paused or in the past', async () => {
      const goal = await make(me, { goalType: 'STRENGTH', targetValue: 100.456, startDate: addDays(today, -10), status: 'PAUSED' });
      expect(goal).toMatchObject({ targetValue: 100.46, startDate: addDays(today, -10), status: 'PAUSED' });
    });

    it('refuses missing, oversized and out-of-range fields, naming each', async () => {
      const missing = await create(me, {});
      expect(missing.status).toBe(400);
      expect(fields(missing)).toEqual(expect.arrayContaining(['goalType', 'title', 'targetDate']));

      const cases: Array<[Record<string, unknown>, string]> = [
        [{ goalType: 'RUNNING' }, 'goalType'],
        [{ title: '   ' }, 'title'],
        [{ title: 'x'.repeat(256) }, 'title'],
        [{ unit: 'u'.repeat(21) }, 'unit'],
        [{ targetValue: 1_000_000 }, 'targetValue'],
        [{ targetValue: -1 }, 'targetValue'],
        [{ currentValue: '80' }, 'currentValue'],
        [{ startDate: '2024-02-30' }, 'startDate'],
        [{ targetDate: '2101-01-01' }, 'targetDate'],
        [{ status: 'COMPLETED' }, 'status'],
      ];
      for (const [bad, field] of cases) {
        const res = await create(me, { goalType: 'GENERAL_FITNESS', title: '목표', targetDate: addDays(today, 7), ...bad });
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(fields(res), JSON.stringify(bad)).toContain(field);
      }
    });

    it('refuses a target date before the start date, given or defaulted', async () => {
      for (const body of [{ startDate: today, targetDate: addDays(today, -1) }, { targetDate: addDays(today, -1) }]) {
        const res = await create(me, { goalType: 'ENDURANCE', title: '목표', ...body });
        expect(res.status).toBe(400);
        expect(res.body.error.details).toContainEqual({ field: 'targetDate', message: '목표 날짜는 시작 날짜보다 빠를 수 없습니다.' });
      }
    });

    it('refuses unknown fields, naming them, and fields only the server sets', async () => {
      const res = await create(me, { goalType: 'ENDURANCE', title: '목표', targetDate: today, userId: other.id, completedAt: new Date().toISOString() });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['userId', 'completedAt']);
    });
  });

  describe('GET /api/goals', () => {
    it('lists only mine, newest first, filtered by status and type, in the document’s pagination shape', async () => {
      const person = await account(t);
      const a = await make(person, { goalType: 'ENDURANCE' });
      const b = await make(person, { goalType: 'STRENGTH', status: 'PAUSED' });
      const c = await make(person, { goalType: 'ENDURANCE' });
      await make(other, { goalType: 'ENDURANCE' });

      const all = await t.api.get('/api/goals?limit=2', { token: person.token });
      expect(all.status).toBe(200);
      expect(all.body.data.items.map((g: Goal) => g.id)).toEqual([c.id, b.id]);
      expect(all.body.data.pagination).toEqual({ page: 1, limit: 2, totalItems: 3, totalPages: 2, hasNext: true, hasPrev: false });

      const endurance = await t.api.get('/api/goals?goalType=ENDURANCE', { token: person.token });
      expect(endurance.body.data.items.map((g: Goal) => g.id)).toEqual([c.id, a.id]);
      const paused = await t.api.get('/api/goals?status=PAUSED', { token: person.token });
      expect(paused.body.data.items.map((g: Goal) => g.id)).toEqual([b.id]);
      const none = await t.api.get('/api/goals?status=ACTIVE&goalType=STRENGTH', { token: person.token });
      expect(none.body.data).toEqual({ items: [], pagination: { page: 1, limit: 20, totalItems: 0, totalPages: 0, hasNext: false, hasPrev: false } });

      const bad = await t.api.get('/api/goals?status=DONE&limit=101', { token: person.token });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(expect.arrayContaining(['status', 'limit']));
    });
  });

  describe('another user’s goal', () => {
    it('is not found: never shown, changed, completed or deleted', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE', title: '내 목표' });
      const path = `/api/goals/${goal.id}`;
      const answers = [
        await t.api.get(path, { token: other.token }),
        await t.api.put(path, { token: other.token, body: { title: '남의 목표' } }),
        await t.api.post(`${path}/complete`, { token: other.token }),
        await t.api.delete(path, { token: other.token }),
      ];
      for (const res of answers) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      expect(await read(me, goal.id)).toMatchObject({ title: '내 목표', status: 'ACTIVE' });
      const list = await t.api.get('/api/goals?limit=100', { token: other.token });
      expect(list.body.data.items.some((g: Goal) => g.id === goal.id)).toBe(false);
    });

    it('an unknown id is 404 and a malformed one 400', async () => {
      expect((await t.api.get('/api/goals/999999999', { token: me.token })).status).toBe(404);
      expect((await t.api.get('/api/goals/abc', { token: me.token })).status).toBe(400);
    });
  });

  describe('PUT /api/goals/:id', () => {
    it('changes the fields given, clears those set to null, and checks dates against the stored ones', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE', description: '설명', targetValue: 300, startDate: addDays(today, -5) });
      const res = await update(me, goal.id, { title: '새 제목', description: null, targetValue: 450.5 });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('목표가 수정되었습니다.');
      expect(res.body.data).toMatchObject({ title: '새 제목', description: null, targetValue: 450.5, startDate: addDays(today, -5), status: 'ACTIVE' });

      const early = await update(me, goal.id, { targetDate: addDays(today, -6) });
      expect(early.status).toBe(400);
      expect(fields(early)).toEqual(['targetDate']);
      const unknown = await update(me, goal.id, { progressPercent: 50 });
      expect(unknown.status).toBe(400);
      expect(fields(unknown)).toEqual(['progressPercent']);
      expect((await update(me, goal.id, { title: null })).status).toBe(400);
    });

    it('a cleared unit is the type’s default again; a new type brings its own unit unless the user chose one', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE' });
      expect((await update(me, goal.id, { goalType: 'STRENGTH' })).body.data.unit).toBe('kg');
      expect((await update(me, goal.id, { unit: 'lb' })).body.data.unit).toBe('lb');
      expect((await update(me, goal.id, { goalType: 'GENERAL_FITNESS' })).body.data.unit).toBe('lb');
      expect((await update(me, goal.id, { unit: null })).body.data.unit).toBe('일');
    });
  });

  describe('status', () => {
    it('moves ACTIVE → PAUSED → ACTIVE → COMPLETED, and completing sets completedAt', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE' });
      expect((await update(me, goal.id, { status: 'PAUSED' })).body.data.status).toBe('PAUSED');
      expect((await update(me, goal.id, { status: 'ACTIVE' })).body.data.status).toBe('ACTIVE');
      expect((await update(me, goal.id, { status: 'ACTIVE', title: '그대로' })).status).toBe(200);
      const before = Date.now();
      const done = await update(me, goal.id, { status: 'COMPLETED' });
      expect(done.body.data).toMatchObject({ status: 'COMPLETED', progressPercent: 100, daysLeft: null });
      expect(Date.parse(done.body.data.completedAt)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('POST /complete completes an active or paused goal', async () => {
      for (const status of ['ACTIVE', 'PAUSED']) {
        const goal = await make(me, { goalType: 'STRENGTH', status });
        const res = await t.api.post(`/api/goals/${goal.id}/complete`, { token: me.token });
        expect(res.status).toBe(200);
        expect(res.body.message).toBe('목표를 달성했습니다. 축하합니다!');
        expect(res.body.data.status).toBe('COMPLETED');
        expect(res.body.data.completedAt).not.toBeNull();
      }
    });

    it('PAUSED and ACTIVE may be cancelled', async () => {
      const paused = await make(me, { goalType: 'STRENGTH', status: 'PAUSED' });
      expect((await update(me, paused.id, { status: 'CANCELLED' })).body.data).toMatchObject({ status: 'CANCELLED', completedAt: null, daysLeft: null });
      const active = await make(me, { goalType: 'STRENGTH' });
      expect((await update(me, active.id, { status: 'CANCELLED' })).body.data.status).toBe('CANCELLED');
    });

    it('COMPLETED and CANCELLED are final: no status change, no edit, no second completion (409)', async () => {
      const completed = await make(me, { goalType: 'ENDURANCE' });
      await t.api.post(`/api/goals/${completed.id}/complete`, { token: me.token });
      const cancelled = await make(me, { goalType: 'ENDURANCE' });
      await update(me, cancelled.id, { status: 'CANCELLED' });

      for (const [goal, message] of [
        [completed, '이미 완료된 목표는 더 이상 바꿀 수 없습니다.'],
        [cancelled, '취소된 목표는 더 이상 바꿀 수 없습니다.'],
      ] as const) {
        for (const body of [{ status: 'ACTIVE' }, { status: 'PAUSED' }, { status: 'COMPLETED' }, { status: 'CANCELLED' }, { title: '다시' }]) {
          const res = await update(me, goal.id, body);
          expect(res.status, JSON.stringify(body)).toBe(409);
          expect(res.body.error).toMatchObject({ code: goal === completed ? 'GOAL_ALREADY_COMPLETED' : 'GOAL_ALREADY_CANCELLED', message });
        }
        expect((await t.api.post(`/api/goals/${goal.id}/complete`, { token: me.token })).status).toBe(409);
      }
      const english = await update(me, completed.id, { status: 'ACTIVE' }, { 'accept-language': 'en-US,en;q=0.9' });
      expect(english.body.error.message).toBe('A completed goal can no longer be changed.');
      expect((await read(me, cancelled.id)).status).toBe('CANCELLED');
    });

    it('refuses a status that does not exist', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE' });
      const res = await update(me, goal.id, { status: 'DONE' });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['status']);
    });
  });

  describe('DELETE /api/goals/:id', () => {
    it('deletes a goal in any state; it is gone afterwards', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE' });
      await t.api.post(`/api/goals/${goal.id}/complete`, { token: me.token });
      const res = await t.api.delete(`/api/goals/${goal.id}`, { token: me.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ data: null, message: '목표가 삭제되었습니다.' });
      expect((await t.api.get(`/api/goals/${goal.id}`, { token: me.token })).status).toBe(404);
      expect((await t.api.delete(`/api/goals/${goal.id}`, { token: me.token })).status).toBe(404);
    });
  });

  describe('current value from the records', () => {
    it('weight loss: the latest weight, measured from the weight at the start date down to the target', async () => {
      const person = await account(t);
      await weighIn(person, { measurementDate: addDays(today, -20), weightKg: 85 });
      await weighIn(person, { measurementDate: addDays(today, -10), weightKg: 80 });
      await weighIn(person, { measurementDate: addDays(today, -3), weightKg: 78 });
      const goal = await make(person, { goalType: 'WEIGHT_LOSS', targetValue: 70, startDate: addDays(today, -7) });
      expect(goal).toMatchObject({ unit: 'kg', baselineValue: 80, currentValue: 78, progressPercent: 20 });

      await weighIn(person, { measurementDate: today, weightKg: 75 });
      expect(await read(person, goal.id)).toMatchObject({ baselineValue: 80, currentValue: 75, progressPercent: 50 });
      await weighIn(person, { measurementDate: today, weightKg: 68.5, measurementTime: '23:00' });
      expect(await read(person, goal.id)).toMatchObject({ currentValue: 68.5, progressPercent: 100 });
    });

    it('weight loss without a weight before the start takes the first one after it as the baseline', async () => {
      const person = await account(t);
      const goal = await make(person, { goalType: 'WEIGHT_LOSS', targetValue: 60, currentValue: 72, startDate: addDays(today, -10) });
      // Nothing recorded yet: the figure the user gave stands, but progress cannot be told.
      expect(goal).toMatchObject({ currentValue: 72, baselineValue: null, progressPercent: null });
      await weighIn(person, { measurementDate: addDays(today, -8), weightKg: 70 });
      await weighIn(person, { measurementDate: addDays(today, -1), weightKg: 66 });
      expect(await read(person, goal.id)).toMatchObject({ baselineValue: 70, currentValue: 66, progressPercent: 40 });
    });

    it('muscle gain: the latest weight until muscle mass is recorded, then muscle mass', async () => {
      const person = await account(t);
      await weighIn(person, { measurementDate: addDays(today, -5), weightKg: 70 });
      const goal = await make(person, { goalType: 'MUSCLE_GAIN', targetValue: 75, startDate: addDays(today, -5) });
      expect(goal).toMatchObject({ currentValue: 70, baselineValue: 70, progressPercent: 0 });
      await weighIn(person, { measurementDate: addDays(today, -4), weightKg: 71, muscleMassKg: 30 });
      await weighIn(person, { measurementDate: today, muscleMassKg: 31.5 });
      expect(await read(person, goal.id)).toMatchObject({ currentValue: 31.5, baselineValue: 30 });
    });

    it('strength: the heaviest weight lifted since the start date', async () => {
      const person = await account(t);
      await workout(person, { exerciseId: press, workoutDate: addDays(today, -9), weightKg: 120, sets: 3, repetitions: 5 });
      const goal = await make(person, { goalType: 'STRENGTH', targetValue: 100, startDate: addDays(today, -7) });
      expect(goal).toMatchObject({ unit: 'kg', currentValue: null, progressPercent: null });
      await workout(person, { exerciseId: press, workoutDate: addDays(today, -2), weightKg: 60 });
      const heaviest = await workout(person, { exerciseId: press, weightKg: 80.5 });
      expect(await read(person, goal.id)).toMatchObject({ currentValue: 80.5, progressPercent: 80.5 });
      await t.api.delete(`/api/workouts/${heaviest}`, { token: person.token });
      expect((await read(person, goal.id)).currentValue).toBe(60);
    });

    it('endurance: workout minutes since the start date, following edits and deletions', async () => {
      const person = await account(t);
      const goal = await make(person, { goalType: 'ENDURANCE', targetValue: 200, startDate: addDays(today, -3) });
      await workout(person, { exerciseId: press, durationMinutes: 45, workoutDate: addDays(today, -4) });
      const run = await workout(person, { exerciseId: press, durationMinutes: 40, workoutDate: addDays(today, -3) });
      await workout(person, { exerciseId: stretch, durationMinutes: 20 });
      expect(await read(person, goal.id)).toMatchObject({ currentValue: 60, progressPercent: 30 });
      await t.api.put(`/api/workouts/${run}`, { token: person.token, body: { durationMinutes: 80 } });
      expect((await read(person, goal.id)).currentValue).toBe(100);
      await t.api.delete(`/api/workouts/${run}`, { token: person.token });
      expect((await read(person, goal.id)).currentValue).toBe(20);
    });

    it('flexibility: only stretching and yoga minutes count', async () => {
      const person = await account(t);
      const goal = await make(person, { goalType: 'FLEXIBILITY', targetValue: 100 });
      await workout(person, { exerciseId: press, durationMinutes: 50 });
      await workout(person, { exerciseId: stretch, durationMinutes: 15 });
      expect(await read(person, goal.id)).toMatchObject({ unit: '분', currentValue: 15, progressPercent: 15 });
    });

    it('general fitness: the number of different days with a workout since the start date', async () => {
      const person = await account(t);
      const goal = await make(person, { goalType: 'GENERAL_FITNESS', targetValue: 20, startDate: addDays(today, -6) });
      for (const day of [-8, -6, -6, -2, 0]) await workout(person, { exerciseId: press, workoutDate: addDays(today, day) });
      expect(await read(person, goal.id)).toMatchObject({ unit: '일', currentValue: 3, progressPercent: 15 });
    });

    it('follows paused goals; leaves finished goals, goals in other units and other users’ goals alone', async () => {
      const person = await account(t);
      const paused = await make(person, { goalType: 'ENDURANCE', status: 'PAUSED' });
      const done = await make(person, { goalType: 'ENDURANCE' });
      await workout(person, { exerciseId: press, durationMinutes: 30 });
      await t.api.post(`/api/goals/${done.id}/complete`, { token: person.token });
      const km = await make(person, { goalType: 'ENDURANCE', unit: 'km', currentValue: 12.5, targetValue: 42.2 });
      const theirs = await make(other, { goalType: 'ENDURANCE', startDate: addDays(today, -1) });
      const before = (await read(other, theirs.id)).currentValue;

      await workout(person, { exerciseId: press, durationMinutes: 25 });
      expect((await read(person, paused.id)).currentValue).toBe(55);
      expect((await read(person, done.id)).currentValue).toBe(30);
      expect(await read(person, km.id)).toMatchObject({ currentValue: 12.5, baselineValue: null, progressPercent: 29.6 });
      expect((await read(other, theirs.id)).currentValue).toBe(before);
    });

    it('tells the days left to the target date', async () => {
      const goal = await make(me, { goalType: 'ENDURANCE', startDate: addDays(today, -30), targetDate: addDays(today, 12) });
      expect(goal.daysLeft).toBe(12);
      const due = await make(me, { goalType: 'ENDURANCE', startDate: addDays(today, -30), targetDate: addDays(today, -1) });
      expect(due.daysLeft).toBe(0);
    });
  });
});
