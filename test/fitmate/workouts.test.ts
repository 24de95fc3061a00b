import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, exerciseId } from '../support/fitmate';

describe('FitMate workout records', () => {
  let t: TestApp;
  let me: Account;
  let other: Account;
  let squat: number;
  let plank: number;
  let squatMet: number;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
    [me, other] = await Promise.all([account(t), account(t)]);
    squat = await exerciseId(t, '스쿼트');
    plank = await exerciseId(t, '플랭크');
    squatMet = (await t.api.get(`/api/exercises/${squat}`)).body.data.metValue;
  });
  afterAll(() => t.close());

  const log = (who: Account, body: Record<string, unknown>) => t.api.post('/api/workouts', { token: who.token, body });
  const today = seoulToday();

  describe('calories', () => {
    it('are MET × body weight × hours: the latest body record first, else the profile', async () => {
      const person = await account(t);
      const none = await log(person, { exerciseId: squat, durationMinutes: 30, workoutDate: today });
      expect(none.status).toBe(201);
      expect(none.body.data.caloriesBurned).toBeNull();

      await t.api.put('/api/users/profile', { token: person.token, body: { weight: 70 } });
      const fromProfile = await log(person, { exerciseId: squat, durationMinutes: 30, workoutDate: today });
      expect(fromProfile.body.data.caloriesBurned).toBe(Math.round(squatMet * 70 * 0.5 * 100) / 100);

      await t.api.post(`/api/users/${person.id}/body-records`, { token: person.token, body: { measurementDate: addDays(today, -1), weightKg: 80 } });
      const fromRecord = await log(person, { exerciseId: squat, durationMinutes: 45, workoutDate: today });
      expect(fromRecord.body.data.caloriesBurned).toBe(Math.round(squatMet * 80 * 0.75 * 100) / 100);

      const stated = await log(person, { exerciseId: squat, durationMinutes: 45, workoutDate: today, caloriesBurned: 123.456 });
      expect(stated.body.data.caloriesBurned).toBe(123.46);

      const longer = await t.api.put(`/api/workouts/${fromRecord.body.data.id}`, { token: person.token, body: { durationMinutes: 90 } });
      expect(longer.body.data.caloriesBurned).toBe(Math.round(squatMet * 80 * 1.5 * 100) / 100);
    });
  });

  describe('POST /api/workouts', () => {
    it('keeps every column, with the exercise and the volume', async () => {
      const body = {
        exerciseId: squat,
        durationMinutes: 40,
        repetitions: 10,
        sets: 5,
        weightKg: 60.5,
        distanceKm: null,
        perceivedExertion: 8,
        heartRateAvg: 130,
        heartRateMax: 165,
        workoutDate: today,
        startTime: '07:00',
        endTime: '07:40:30',
        workoutType: 'GUIDED',
        location: '집 앞 헬스장',
        moodBefore: 'FAIR',
        moodAfter: 'EXCELLENT',
        notes: '무릎 조심',
        motionAnalysisData: { kneeAngle: [92, 95, 90], depth: 'parallel' },
        formScore: 8.25,
      };
      const res = await log(me, body);
      expect(res.status, res.text).toBe(201);
      expect(res.body.message).toBe('운동 기록이 저장되었습니다.');
      const { exerciseId: _id, ...columns } = body;
      expect(res.body.data).toMatchObject({ ...columns, startTime: '07:00:00', exercise: { id: squat, nameKr: '스쿼트' }, volumeKg: 3025, userId: me.id });
      expect(res.body.data).not.toHaveProperty('exerciseId');
    });

    it('refuses values out of range, naming the field', async () => {
      const base = { exerciseId: squat, durationMinutes: 30, workoutDate: today };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ durationMinutes: 0 }, 'durationMinutes'],
        [{ durationMinutes: 1441 }, 'durationMinutes'],
        [{ perceivedExertion: 11 }, 'perceivedExertion'],
        [{ formScore: 10.5 }, 'formScore'],
        [{ heartRateAvg: 20 }, 'heartRateAvg'],
        [{ heartRateAvg: 150, heartRateMax: 140 }, 'heartRateMax'],
        [{ startTime: '10:00', endTime: '09:00' }, 'endTime'],
        [{ startTime: '25:00' }, 'startTime'],
        [{ sets: 0 }, 'sets'],
        [{ workoutDate: addDays(today, 2) }, 'workoutDate'],
        [{ workoutDate: '2025-02-30' }, 'workoutDate'],
        [{ motionAnalysisData: { frames: 'x'.repeat(70_000) } }, 'motionAnalysisData'],
        [{ motionAnalysisData: [1, 2] }, 'motionAnalysisData'],
        [{ moodAfter: 'ECSTATIC' }, 'moodAfter'],
        [{ userId: other.id }, 'userId'],
        [{ exerciseId: 'squat' }, 'exerciseId'],
      ];
      for (const [change, field] of cases) {
        const res = await log(me, { ...base, ...change });
        expect(res.status, JSON.stringify(change)).toBe(400);
        expect(
          res.body.error.details.map((d: { field: string }) => d.field),
          JSON.stringify(change),
        ).toContain(field);
      }
      const unknown = await log(me, { ...base, exerciseId: 99999999 });
      expect(unknown.body.error.details).toEqual([{ field: 'exerciseId', message: '존재하지 않거나 더 이상 제공되지 않는 운동입니다.' }]);
    });

    it('accepts today in Seoul whatever the hour in UTC', async () => {
      expect((await log(me, { exerciseId: plank, durationMinutes: 5, workoutDate: seoulToday() })).status).toBe(201);
    });
  });

  describe('reading, changing and deleting', () => {
    it('lists my workouts by date range and exercise, newest first, paginated', async () => {
      const person = await account(t);
      for (const [date, id] of [
        ['2025-03-01', squat],
        ['2025-03-02', plank],
        ['2025-03-03', squat],
        ['2025-03-10', squat],
      ] as const) {
        expect((await log(person, { exerciseId: id, durationMinutes: 10, workoutDate: date })).status).toBe(201);
      }
      const ranged = await t.api.get('/api/workouts?from=2025-03-02&to=2025-03-09', { token: person.token });
      expect(ranged.body.data.items.map((w: { workoutDate: string }) => w.workoutDate)).toEqual(['2025-03-03', '2025-03-02']);
      const squats = await t.api.get(`/api/workouts?exerciseId=${squat}&limit=2`, { token: person.token });
      expect(squats.body.data.items.map((w: { workoutDate: string }) => w.workoutDate)).toEqual(['2025-03-10', '2025-03-03']);
      expect(squats.body.data.pagination).toMatchObject({ totalItems: 3, totalPages: 2, hasNext: true });
      expect((await t.api.get('/api/workouts?from=2025-03-09&to=2025-03-01', { token: person.token })).status).toBe(400);
    });

    it('never shows, changes or deletes another user’s workout', async () => {
      const mine = (await log(me, { exerciseId: squat, durationMinutes: 20, workoutDate: today, notes: '내 기록' })).body.data;
      expect((await t.api.get(`/api/workouts/${mine.id}`, { token: other.token })).status).toBe(404);
      expect((await t.api.put(`/api/workouts/${mine.id}`, { token: other.token, body: { notes: '남의 기록' } })).status).toBe(404);
      expect((await t.api.delete(`/api/workouts/${mine.id}`, { token: other.token })).status).toBe(404);
      const theirs = await t.api.get('/api/workouts?limit=100', { token: other.token });
      expect(theirs.body.data.items.some((w: { id: number }) => w.id === mine.id)).toBe(false);
      expect((await t.api.get(`/api/workouts/${mine.id}`, { token: me.token })).body.data.notes).toBe('내 기록');
      expect((await t.api.get('/api/workouts')).status).toBe(401);
    });

    it('updates fields, clears one with null, checks the merged record, and deletes', async () => {
      const w = (await log(me, { exerciseId: squat, durationMinutes: 20, workoutDate: today, heartRateAvg: 120, notes: 'x' })).body.data;
      const changed = await t.api.put(`/api/workouts/${w.id}`, { token: me.token, body: { notes: null, sets: 3 } });
      expect(changed.body.data).toMatchObject({ notes: null, sets: 3, heartRateAvg: 120 });
      const below = await t.api.put(`/api/workouts/${w.id}`, { token: me.token, body: { heartRateMax: 110 } });
      expect(below.status).toBe(400);
      expect((await t.api.put(`/api/workouts/${w.id}`, { token: me.token, body: { exerciseId: 99999999 } })).status).toBe(400);
      expect((await t.api.delete(`/api/workouts/${w.id}`, { token: me.token })).status).toBe(200);
      expect((await t.api.get(`/api/workouts/${w.id}`, { token: me.token })).status).toBe(404);
    });
  });
});
