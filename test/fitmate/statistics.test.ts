import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, catalogIds } from '../support/fitmate';

/**
 * A fixed data set and figures worked out by hand. Three exercises of our own (so the catalog's
 * contents cannot move the figures): a strength one, a cardio one and a stretch.
 *
 *   #  date        exercise   min  sets×reps×kg  kcal   volume
 *   1  2025-01-30  strength   40   5×5×100       200    2500
 *   2  2025-01-31  cardio     30                 300
 *   3  2025-02-01  strength   45   5×5×105       210    2625
 *   4  2025-02-01  stretch    15                  40
 *   5  2025-02-02  cardio     60                 600
 *   6  2025-02-10  strength   50   4×8×90        220    2880
 *   7  2025-03-01  stretch    20                  50
 */
describe('FitMate workout statistics', () => {
  let t: TestApp;
  let me: Account;
  const ex = { strength: 0, cardio: 0, stretch: 0 };

  beforeAll(async () => {
    t = await startTestApp('fitmate');
    const admin = await account(t, ['ADMIN']);
    me = await account(t);
    const { category, muscle } = await catalogIds(t);
    const make = async (nameKr: string, categoryName: string, muscleName: string) => {
      const res = await t.api.post('/api/exercises', {
        token: admin.token,
        body: {
          name: `Stats ${nameKr}`,
          nameKr,
          instructions: ['한다.'],
          categoryId: category(categoryName),
          primaryMuscleGroupId: muscle(muscleName),
          metValue: 5,
          difficultyLevel: 3,
        },
      });
      return res.body.data.id as number;
    };
    ex.strength = await make('통계용 스쿼트', 'STRENGTH', 'QUADRICEPS');
    ex.cardio = await make('통계용 달리기', 'CARDIO', 'CARDIOVASCULAR');
    ex.stretch = await make('통계용 스트레칭', 'STRETCHING', 'HAMSTRINGS');
    const rows: Array<[string, number, number, number, [number, number, number] | null]> = [
      ['2025-01-30', ex.strength, 40, 200, [5, 5, 100]],
      ['2025-01-31', ex.cardio, 30, 300, null],
      ['2025-02-01', ex.strength, 45, 210, [5, 5, 105]],
      ['2025-02-01', ex.stretch, 15, 40, null],
      ['2025-02-02', ex.cardio, 60, 600, null],
      ['2025-02-10', ex.strength, 50, 220, [4, 8, 90]],
      ['2025-03-01', ex.stretch, 20, 50, null],
    ];
    for (const [workoutDate, exerciseId, durationMinutes, caloriesBurned, load] of rows) {
      const body = { exerciseId, workoutDate, durationMinutes, caloriesBurned, ...(load && { sets: load[0], repetitions: load[1], weightKg: load[2] }) };
      const res = await t.api.post('/api/workouts', { token: me.token, body });
      expect(res.status, res.text).toBe(201);
    }
    // Someone else's workouts never count.
    const stranger = await account(t);
    await t.api.post('/api/workouts', {
      token: stranger.token,
      body: { exerciseId: ex.strength, workoutDate: '2025-02-01', durationMinutes: 999, sets: 1, repetitions: 1, weightKg: 500 },
    });
  });
  afterAll(() => t.close());

  const stats = async (query: string, who = me) => {
    const res = await t.api.get(`/api/workouts/statistics?${query}`, { token: who.token });
    expect(res.status, res.text).toBe(200);
    return res.body.data;
  };

  it('sums a calendar month and compares it with the month before', async () => {
    const feb = await stats('period=month&date=2025-02-15');
    expect(feb.period).toEqual({ type: 'month', from: '2025-02-01', to: '2025-02-28', days: 28 });
    expect(feb.previousPeriod).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(feb.totals).toEqual({ workouts: 4, activeDays: 3, minutes: 170, calories: 1070, volumeKg: 5505 });
    expect(feb.previousTotals).toEqual({ workouts: 2, activeDays: 2, minutes: 70, calories: 500, volumeKg: 2500 });
    expect(feb.change).toEqual({
      workouts: { difference: 2, percent: 100 },
      activeDays: { difference: 1, percent: 50 },
      minutes: { difference: 100, percent: 142.86 },
      calories: { difference: 570, percent: 114 },
      volumeKg: { difference: 3005, percent: 120.2 },
    });
  });

  it('gives a series of every Seoul day of the period', async () => {
    const feb = await stats('period=month&date=2025-02-15');
    expect(feb.daily).toHaveLength(28);
    expect(feb.daily[0]).toEqual({ date: '2025-02-01', workouts: 2, minutes: 60, calories: 250, volumeKg: 2625 });
    expect(feb.daily[2]).toEqual({ date: '2025-02-03', workouts: 0, minutes: 0, calories: 0, volumeKg: 0 });
    expect(feb.daily[9]).toEqual({ date: '2025-02-10', workouts: 1, minutes: 50, calories: 220, volumeKg: 2880 });
  });

  it('splits the period by category and by muscle group', async () => {
    const feb = await stats('period=month&date=2025-02-15');
    expect(feb.byCategory.map((c: any) => [c.name, c.workouts, c.minutes, c.calories, c.share])).toEqual([
      ['STRENGTH', 2, 95, 430, 0.5],
      ['CARDIO', 1, 60, 600, 0.25],
      ['STRETCHING', 1, 15, 40, 0.25],
    ]);
    expect(feb.byMuscleGroup.map((m: any) => [m.name, m.workouts])).toEqual([
      ['QUADRICEPS', 2],
      expect.arrayContaining([expect.any(String), 1]),
      expect.arrayContaining([expect.any(String), 1]),
    ]);
  });

  it('takes the Monday-to-Sunday week, across a month end', async () => {
    const week = await stats('period=week&date=2025-02-02');
    expect(week.period).toMatchObject({ from: '2025-01-27', to: '2025-02-02', days: 7 });
    expect(week.totals).toEqual({ workouts: 5, activeDays: 4, minutes: 190, calories: 1350, volumeKg: 5125 });
    expect(week.previousTotals.workouts).toBe(0);
    expect(week.change.workouts).toEqual({ difference: 5, percent: null });
  });

  it('takes a year, and a custom range against the same number of days before it', async () => {
    const year = await stats('period=year&date=2025-06-01');
    expect(year.totals).toEqual({ workouts: 7, activeDays: 6, minutes: 260, calories: 1620, volumeKg: 8005 });
    expect(year.daily).toHaveLength(365);
    const custom = await stats('from=2025-01-31&to=2025-02-01');
    expect(custom.previousPeriod).toEqual({ from: '2025-01-29', to: '2025-01-30' });
    expect(custom.totals.workouts).toBe(3);
    expect(custom.previousTotals).toEqual({ workouts: 1, activeDays: 1, minutes: 40, calories: 200, volumeKg: 2500 });
  });

  it('counts the longest streak across the month end, and personal records of all time', async () => {
    const any = await stats('period=week');
    expect(any.streaks).toEqual({ current: 0, longest: 4, lastWorkoutDate: '2025-03-01' });
    expect(any.personalRecords.heaviestWeight).toMatchObject({ value: 105, unit: 'kg', date: '2025-02-01', exerciseId: ex.strength });
    expect(any.personalRecords.largestVolume).toMatchObject({ value: 2880, date: '2025-02-10' });
    expect(any.personalRecords.longestSession).toMatchObject({ value: 60, unit: 'min', date: '2025-02-02', exerciseId: ex.cardio });
  });

  it('keeps today’s streak alive with a workout yesterday in Seoul', async () => {
    const person = await account(t);
    const today = seoulToday();
    for (const date of [addDays(today, -3), addDays(today, -2), addDays(today, -1)]) {
      await t.api.post('/api/workouts', { token: person.token, body: { exerciseId: ex.cardio, workoutDate: date, durationMinutes: 10 } });
    }
    expect((await stats('period=week', person)).streaks).toMatchObject({ current: 3, longest: 3 });
    await t.api.post('/api/workouts', { token: person.token, body: { exerciseId: ex.cardio, workoutDate: today, durationMinutes: 10 } });
    expect((await stats('period=week', person)).streaks).toMatchObject({ current: 4, longest: 4, lastWorkoutDate: today });
  });

  it('answers zeros for a user without workouts', async () => {
    const empty = await stats('period=month', await account(t));
    expect(empty.totals).toEqual({ workouts: 0, activeDays: 0, minutes: 0, calories: 0, volumeKg: 0 });
    expect(empty.personalRecords).toEqual({ heaviestWeight: null, largestVolume: null, longestSession: null });
    expect(empty.byCategory).toEqual([]);
  });

  it('refuses bad periods and needs a token', async () => {
    for (const query of ['period=decade', 'from=2025-01-01', 'from=2025-02-01&to=2025-01-01', 'from=2020-01-01&to=2025-01-01', 'date=2025-13-01']) {
      expect((await t.api.get(`/api/workouts/statistics?${query}`, { token: me.token })).status, query).toBe(400);
    }
    expect((await t.api.get('/api/workouts/statistics')).status).toBe(401);
  });
});
