import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseCategories, muscleGroups, recommendationFeedback } from '../../src/apps/fitmate/schema';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/fitmate';

type Item = Record<string, any>;
type List = { exercises: Item[]; basis: Item; generatedAt: string; validUntil: string };

/*
 * The exercises these tests reason about are made here, each on a muscle group of its own, so the
 * tests hold with or without the shipped catalog. A liked exercise gains 20 points, more than any
 * other rule gives, so a liked "probe" is at the top of its user's list unless a rule removes it.
 */
describe('FitMate exercise recommendations', () => {
  let t: TestApp;
  let admin: Account;
  const today = seoulToday();
  const muscles: number[] = [];
  const categories = new Map<string, number>();
  let heartAndLungs: number;

  beforeAll(async () => {
    t = await startTestApp('fitmate');
    admin = await account(t, ['ADMIN']);
    // Categories come with the shipped catalog; without it they are made here. Muscles are this
    // file's own. Both go in before the catalog first caches its lists.
    const db = t.stores.database.db;
    for (const name of ['STRENGTH', 'BODYWEIGHT', 'CARDIO', 'STRETCHING', 'YOGA_PILATES']) {
      const [found] = await db.select({ id: exerciseCategories.id }).from(exerciseCategories).where(eq(exerciseCategories.name, name));
      categories.set(name, found?.id ?? (await db.insert(exerciseCategories).values({ name, nameKr: name }).returning({ id: exerciseCategories.id }))[0]!.id);
    }
    // Cardio's primary "muscle" in the catalog; made here when the catalog is not loaded.
    const [heart] = await db.select({ id: muscleGroups.id }).from(muscleGroups).where(eq(muscleGroups.name, 'CARDIOVASCULAR'));
    heartAndLungs =
      heart?.id ??
      (await db.insert(muscleGroups).values({ name: 'CARDIOVASCULAR', nameKr: '심폐', bodyPart: 'FULL_BODY' }).returning({ id: muscleGroups.id }))[0]!.id;
    const tag = randomBytes(4).toString('hex');
    const rows = await db
      .insert(muscleGroups)
      .values(Array.from({ length: 60 }, (_, i) => ({ name: `RECO_${tag}_${i}`, nameKr: `시험 근육 ${i}`, bodyPart: 'UPPER' as const })))
      .returning({ id: muscleGroups.id });
    muscles.push(...rows.map((r) => r.id));
  });
  afterAll(() => t.close());

  let made = 0;
  /** A new exercise; unless told, on a muscle of its own, equipment-free, difficulty 3, rep-based. */
  const exercise = async (spec: Record<string, unknown> & { category?: string }): Promise<number> => {
    const { category = 'BODYWEIGHT', ...rest } = spec;
    const n = made++;
    const body = {
      name: `Probe ${n} ${randomBytes(3).toString('hex')}`,
      nameKr: `시험 운동 ${n}`,
      instructions: ['자세를 잡습니다.', '천천히 반복합니다.'],
      categoryId: categories.get(category),
      primaryMuscleGroupId: muscles[n],
      metValue: 3.5,
      difficultyLevel: 3,
      repetitionsMin: 8,
      repetitionsMax: 12,
      setsMin: 2,
      setsMax: 4,
      ...rest,
    };
    const res = await t.api.post('/api/exercises', { token: admin.token, body });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id;
  };
  const user = async (profile: Record<string, unknown> = {}) => {
    const who = await account(t);
    if (Object.keys(profile).length) await setProfile(who, profile);
    return who;
  };
  const setProfile = async (who: Account, profile: Record<string, unknown>) => {
    const res = await t.api.put('/api/users/profile', { token: who.token, body: profile });
    expect(res.status, res.text).toBe(200);
  };
  const recommend = async (who: Account, query = 'limit=30', headers?: Record<string, string>): Promise<List> => {
    const res = await t.api.get(`/api/recommendations?${query}`, { token: who.token, headers });
    expect(res.status, res.text).toBe(200);
    return res.body.data;
  };
  const feedback = async (who: Account, exerciseId: number, kind: string) => {
    const res = await t.api.post('/api/recommendations/feedback', { token: who.token, body: { exerciseId, feedback: kind } });
    expect(res.status, res.text).toBe(201);
  };
  const like = (who: Account, ...ids: number[]) => Promise.all(ids.map((id) => feedback(who, id, 'LIKE')));
  const workout = async (who: Account, exerciseId: number, workoutDate: string) => {
    const res = await t.api.post('/api/workouts', { token: who.token, body: { exerciseId, durationMinutes: 30, workoutDate } });
    expect(res.status, res.text).toBe(201);
  };
  const ids = (list: List) => list.exercises.map((item) => item.exercise.id as number);
  const find = (list: List, id: number) => list.exercises.find((item) => item.exercise.id === id);
  const codes = (item: Item | undefined) => (item?.reasons ?? []).map((r: Item) => r.code);

  describe('GET /api/recommendations', () => {
    it('answers a personal list: the exercise, a score, suggested sets, repetitions and minutes, and reasons in Korean', async () => {
      const probe = await exercise({ difficultyLevel: 2, isBeginnerFriendly: true });
      const me = await user();
      await like(me, probe);
      const res = await t.api.get('/api/recommendations', { token: me.token });
      expect(res.status).toBe(200);
      const list: List = res.body.data;
      expect(list.exercises.length).toBeGreaterThan(0);
      expect(list.exercises.length).toBeLessThanOrEqual(10);
      const [first] = list.exercises;
      expect(first).toMatchObject({
        rank: 1,
        exercise: { id: probe, nameKr: expect.any(String), category: { name: 'BODYWEIGHT' }, secondaryMuscles: [] },
        suggested: { sets: 2, repetitions: 8, durationMinutes: null },
      });
      expect(first!.score).toBeGreaterThan(0);
      expect(first!.reasons[0]).toEqual({ code: 'LIKED', message: '좋아요를 누른 운동입니다.' });
      expect(codes(first)).toEqual(expect.arrayContaining(['GOAL_GENERAL_FITNESS', 'LEVEL_FIT', 'BEGINNER_FRIENDLY', 'NO_EQUIPMENT']));
      expect(list.exercises.map((item) => item.rank)).toEqual(list.exercises.map((_, i) => i + 1));
      expect(list.basis).toEqual({
        fitnessLevel: 'BEGINNER',
        goals: ['GENERAL_FITNESS'],
        difficulty: { min: 1, max: 4, target: 2 },
        recentAverageDifficulty: null,
        restingMuscles: [],
      });
    });

    it('needs a token, and a limit from 1 to 30', async () => {
      expect((await t.api.get('/api/recommendations')).status).toBe(401);
      const me = await user();
      for (const limit of ['0', '31', 'ten']) {
        const res = await t.api.get(`/api/recommendations?limit=${limit}`, { token: me.token });
        expect(res.status).toBe(400);
        expect(res.body.error.details.map((d: Item) => d.field)).toEqual(['limit']);
      }
      expect((await recommend(me, 'limit=2')).exercises.length).toBeLessThanOrEqual(2);
    });

    it('says why in English when Accept-Language asks, from the same cached list', async () => {
      const probe = await exercise({ difficultyLevel: 2 });
      const me = await user();
      await like(me, probe);
      const korean = await recommend(me);
      const english = await recommend(me, 'limit=30', { 'accept-language': 'en-US,en;q=0.9,ko;q=0.5' });
      expect(english.generatedAt).toBe(korean.generatedAt);
      expect(english.exercises.map((i) => codes(i))).toEqual(korean.exercises.map((i) => codes(i)));
      expect(english.exercises[0]!.reasons[0]).toEqual({ code: 'LIKED', message: 'You liked this exercise.' });
    });
  });

  describe('fitness level', () => {
    it('offers only its band: BEGINNER 1–4, INTERMEDIATE 3–7, ADVANCED 5–10', async () => {
      const easy = await exercise({ difficultyLevel: 2 });
      const middle = await exercise({ difficultyLevel: 5 });
      const hard = await exercise({ difficultyLevel: 8, requiredEquipment: ['PULL_UP_BAR'] });
      const bands = { BEGINNER: [1, 4, [easy]], INTERMEDIATE: [3, 7, [middle]], ADVANCED: [5, 10, [middle, hard]] } as const;
      for (const [fitnessLevel, [min, max, offered]] of Object.entries(bands)) {
        const me = await user({ fitnessLevel, availableEquipment: ['PULL_UP_BAR'] });
        await like(me, easy, middle, hard);
        const list = await recommend(me);
        expect(
          list.exercises.every((i) => i.exercise.difficultyLevel >= min && i.exercise.difficultyLevel <= max),
          fitnessLevel,
        ).toBe(true);
        for (const id of [easy, middle, hard]) expect(ids(list).includes(id), `${fitnessLevel} ${id}`).toBe((offered as readonly number[]).includes(id));
      }
    });

    it('gives beginners beginner-friendly exercises first', async () => {
      const plain = await exercise({ difficultyLevel: 3 });
      const friendly = await exercise({ difficultyLevel: 3, isBeginnerFriendly: true });
      const beginner = await user({ fitnessLevel: 'BEGINNER' });
      const intermediate = await user({ fitnessLevel: 'INTERMEDIATE' });
      for (const who of [beginner, intermediate]) await like(who, plain, friendly);
      const forBeginner = await recommend(beginner);
      expect(find(forBeginner, friendly)!.score - find(forBeginner, plain)!.score).toBe(10);
      expect(codes(find(forBeginner, friendly))).toContain('BEGINNER_FRIENDLY');
      const forIntermediate = await recommend(intermediate);
      expect(find(forIntermediate, friendly)!.score).toBe(find(forIntermediate, plain)!.score);
    });

    it('suggests sets, repetitions and minutes from the exercise’s ranges: the bottom for beginners, the top for the advanced', async () => {
      const reps = await exercise({ difficultyLevel: 5, setsMin: 2, setsMax: 6, repetitionsMin: 8, repetitionsMax: 16 });
      const timed = await exercise({
        difficultyLevel: 5,
        category: 'CARDIO',
        durationMin: 30,
        repetitionsMin: null,
        repetitionsMax: null,
        setsMin: 1,
        setsMax: 1,
      });
      const expected = {
        INTERMEDIATE: [
          { sets: 4, repetitions: 12, durationMinutes: null },
          { sets: 1, repetitions: null, durationMinutes: 30 },
        ],
        ADVANCED: [
          { sets: 6, repetitions: 16, durationMinutes: null },
          { sets: 1, repetitions: null, durationMinutes: 36 },
        ],
      };
      for (const [fitnessLevel, [forReps, forTimed]] of Object.entries(expected)) {
        const me = await user({ fitnessLevel });
        await like(me, reps, timed);
        const list = await recommend(me);
        expect(find(list, reps)!.suggested).toEqual(forReps);
        expect(find(list, timed)!.suggested).toEqual(forTimed);
      }
      const beginnerTimed = await exercise({ difficultyLevel: 2, category: 'CARDIO', durationMin: 30, repetitionsMin: null, repetitionsMax: null });
      const beginner = await user({ fitnessLevel: 'BEGINNER', availableWorkoutTime: 30 });
      await like(beginner, beginnerTimed);
      expect(find(await recommend(beginner), beginnerTimed)!.suggested).toEqual({ sets: 2, repetitions: null, durationMinutes: 24 });
    });
  });

  describe('equipment', () => {
    it('recommends only exercises whose equipment the user has all of; none listed means equipment-free only', async () => {
      const curl = await exercise({ category: 'STRENGTH', requiredEquipment: ['DUMBBELL'] });
      const bench = await exercise({ category: 'STRENGTH', requiredEquipment: ['BARBELL', 'BENCH'] });
      const me = await user({ fitnessLevel: 'INTERMEDIATE', availableEquipment: ['DUMBBELL'] });
      await like(me, curl, bench);

      const dumbbell = await recommend(me);
      expect(dumbbell.exercises.every((i) => i.exercise.requiredEquipment.every((e: string) => e === 'DUMBBELL'))).toBe(true);
      expect(ids(dumbbell)).toContain(curl);
      expect(codes(find(dumbbell, curl))).toContain('EQUIPMENT_AT_HAND');
      expect(ids(dumbbell)).not.toContain(bench);

      await setProfile(me, { availableEquipment: ['DUMBBELL', 'BARBELL'] });
      expect(ids(await recommend(me))).not.toContain(bench);
      await setProfile(me, { availableEquipment: ['DUMBBELL', 'BARBELL', 'BENCH'] });
      expect(ids(await recommend(me))).toEqual(expect.arrayContaining([curl, bench]));

      await setProfile(me, { availableEquipment: [] });
      const none = await recommend(me);
      expect(none.exercises.length).toBeGreaterThan(0);
      expect(none.exercises.every((i) => i.exercise.requiredEquipment.length === 0 && i.exercise.isEquipmentFree)).toBe(true);
    });
  });

  describe('available time', () => {
    it('leaves out timed exercises longer than the user’s time, and caps the suggested minutes', async () => {
      const long = await exercise({ category: 'CARDIO', difficultyLevel: 2, durationMin: 45, repetitionsMin: null, repetitionsMax: null });
      const short = await exercise({ category: 'CARDIO', difficultyLevel: 2, durationMin: 20, repetitionsMin: null, repetitionsMax: null });
      const me = await user({ fitnessLevel: 'BEGINNER', availableWorkoutTime: 30 });
      await like(me, long, short);
      const thirty = await recommend(me);
      expect(thirty.exercises.every((i) => i.exercise.durationMin === null || i.exercise.durationMin <= 30)).toBe(true);
      expect(thirty.exercises.every((i) => i.suggested.durationMinutes === null || i.suggested.durationMinutes <= 30)).toBe(true);
      expect(ids(thirty)).not.toContain(long);
      expect(codes(find(thirty, short))).toContain('FITS_TIME');

      await setProfile(me, { availableWorkoutTime: 60 });
      expect(ids(await recommend(me))).toContain(long);
      await setProfile(me, { availableWorkoutTime: null });
      expect(ids(await recommend(me))).toContain(long);
    });
  });

  describe('goals', () => {
    it('flexibility: stretching and yoga come before everything else', async () => {
      await exercise({ category: 'STRETCHING', difficultyLevel: 1, durationMin: 5, repetitionsMin: null, repetitionsMax: null, isBeginnerFriendly: true });
      await exercise({ category: 'YOGA_PILATES', difficultyLevel: 3, durationMin: 20, repetitionsMin: null, repetitionsMax: null });
      const me = await user({ workoutGoals: ['FLEXIBILITY'] });
      const list = await recommend(me);
      const flexible = list.exercises.map((i) => ['STRETCHING', 'YOGA_PILATES'].includes(i.exercise.category.name));
      expect(flexible[0]).toBe(true);
      expect(flexible.indexOf(false) === -1 || !flexible.slice(flexible.indexOf(false)).includes(true)).toBe(true);
      expect(codes(list.exercises[0])).toContain('GOAL_FLEXIBILITY');
      expect(list.basis.goals).toEqual(['FLEXIBILITY']);
    });

    it('weight loss: higher-MET cardio ranks above lower-MET cardio, and HIIT-like bodyweight above ordinary bodyweight', async () => {
      const twin = { category: 'CARDIO', difficultyLevel: 2, durationMin: 20, repetitionsMin: null, repetitionsMax: null };
      const hardCardio = await exercise({ ...twin, metValue: 9.8 });
      const easyCardio = await exercise({ ...twin, metValue: 4 });
      const hiit = await exercise({ difficultyLevel: 2, metValue: 8 });
      const calm = await exercise({ difficultyLevel: 2, metValue: 3.8 });
      const loser = await user({ workoutGoals: ['WEIGHT_LOSS'] });
      const general = await user();
      for (const who of [loser, general]) await like(who, hardCardio, easyCardio, hiit, calm);
      const forLoser = await recommend(loser);
      expect(find(forLoser, hardCardio)!.score).toBeGreaterThan(find(forLoser, easyCardio)!.score);
      expect(find(forLoser, hiit)!.score).toBeGreaterThan(find(forLoser, calm)!.score);
      expect(codes(find(forLoser, hardCardio))).toContain('GOAL_WEIGHT_LOSS');
      const forGeneral = await recommend(general);
      expect(find(forGeneral, hardCardio)!.score).toBe(find(forGeneral, easyCardio)!.score);
    });

    it('endurance: longer cardio ranks above shorter', async () => {
      const twin = { category: 'CARDIO', difficultyLevel: 2, metValue: 7, repetitionsMin: null, repetitionsMax: null };
      const long = await exercise({ ...twin, durationMin: 40 });
      const short = await exercise({ ...twin, durationMin: 10 });
      const me = await user({ workoutGoals: ['ENDURANCE'] });
      await like(me, long, short);
      const list = await recommend(me);
      expect(find(list, long)!.score).toBeGreaterThan(find(list, short)!.score);
      expect(codes(find(list, long))).toContain('GOAL_ENDURANCE');
    });

    it('an active goal counts like a profile goal: muscle gain brings strength training first, at once', async () => {
      await exercise({ category: 'STRENGTH', difficultyLevel: 5, requiredEquipment: ['DUMBBELL'] });
      const me = await user({ fitnessLevel: 'INTERMEDIATE', availableEquipment: ['DUMBBELL'] });
      expect((await recommend(me)).basis.goals).toEqual(['GENERAL_FITNESS']);
      const goal = await t.api.post('/api/goals', {
        token: me.token,
        body: { goalType: 'MUSCLE_GAIN', title: '근육 3kg 늘리기', targetDate: addDays(today, 90) },
      });
      expect(goal.status).toBe(201);
      const list = await recommend(me);
      expect(list.basis.goals).toEqual(['MUSCLE_GAIN']);
      expect(list.exercises[0]!.exercise.category.name).toBe('STRENGTH');
      expect(codes(list.exercises[0])).toContain('GOAL_MUSCLE_GAIN');
      // A paused goal is on hold, and no longer shapes the list.
      await t.api.put(`/api/goals/${goal.body.data.id}`, { token: me.token, body: { status: 'PAUSED' } });
      expect((await recommend(me)).basis.goals).toEqual(['GENERAL_FITNESS']);
    });
  });

  describe('recovery', () => {
    it('leaves out muscles trained today or yesterday, lowers exercises that use them as secondary, and keeps stretches for them', async () => {
      const sore = muscles[made]!;
      const trained = await exercise({ primaryMuscleGroupId: sore, difficultyLevel: 4 });
      const same = await exercise({ primaryMuscleGroupId: sore, difficultyLevel: 4 });
      const helper = await exercise({ secondaryMuscleGroupIds: [sore], difficultyLevel: 4 });
      const stretch = await exercise({
        primaryMuscleGroupId: sore,
        category: 'STRETCHING',
        difficultyLevel: 3,
        durationMin: 5,
        repetitionsMin: null,
        repetitionsMax: null,
      });
      const me = await user({ fitnessLevel: 'INTERMEDIATE' });
      await like(me, trained, same, helper, stretch);
      const before = await recommend(me);
      // The stretch is kept out only by the two-per-muscle rule: the two liked exercises outrank it.
      expect(ids(before)).toEqual(expect.arrayContaining([trained, same, helper]));

      await workout(me, trained, addDays(today, -1));
      const after = await recommend(me);
      expect(ids(after)).not.toContain(trained);
      expect(ids(after)).not.toContain(same);
      expect(after.exercises.filter((i) => i.exercise.primaryMuscle.id === sore).map((i) => i.exercise.id)).toEqual([stretch]);
      expect(find(after, helper)!.score).toBe(find(before, helper)!.score - 15);
      expect(codes(find(after, helper))).toContain('SECONDARY_RECOVERING');
      expect(after.basis.restingMuscles.map((m: Item) => m.id)).toEqual([sore]);
      expect(codes(find(after, stretch))).not.toContain('SECONDARY_RECOVERING');

      // Two days later the muscle has rested.
      const rested = await user({ fitnessLevel: 'INTERMEDIATE' });
      await like(rested, same);
      await workout(rested, trained, addDays(today, -2));
      expect(ids(await recommend(rested))).toContain(same);
    });

    it('DONE feedback counts as having trained the exercise', async () => {
      const sore = muscles[made]!;
      const done = await exercise({ primaryMuscleGroupId: sore });
      const same = await exercise({ primaryMuscleGroupId: sore });
      const me = await user();
      await like(me, same);
      expect(ids(await recommend(me))).toContain(same);
      await feedback(me, done, 'DONE');
      const list = await recommend(me);
      expect(ids(list)).not.toContain(same);
      expect(list.basis.restingMuscles.map((m: Item) => m.id)).toEqual([sore]);
    });
  });

  describe('recent difficulty', () => {
    it('aims one step above the last 14 days’ average and never more than two above it', async () => {
      const usual = await exercise({ difficultyLevel: 3 });
      const step = await exercise({ difficultyLevel: 4 });
      const leap = await exercise({ difficultyLevel: 6 });
      const fresh = await user({ fitnessLevel: 'INTERMEDIATE' });
      await like(fresh, step, leap);
      expect(ids(await recommend(fresh))).toContain(leap);

      const me = await user({ fitnessLevel: 'INTERMEDIATE' });
      await like(me, step, leap);
      for (const day of [-3, -6, -10]) await workout(me, usual, addDays(today, day));
      await workout(me, leap, addDays(today, -20));
      const list = await recommend(me);
      expect(list.basis).toMatchObject({ recentAverageDifficulty: 3, difficulty: { min: 3, max: 5, target: 4 } });
      expect(list.exercises.every((i) => i.exercise.difficultyLevel <= 5)).toBe(true);
      expect(ids(list)).not.toContain(leap);
      expect(codes(find(list, step))).toContain('PROGRESSION');
      expect(find(list, step)!.reasons.find((r: Item) => r.code === 'PROGRESSION').message).toBe(
        '최근 2주 평균 난이도(3)보다 조금 높아 무리 없이 실력을 키울 수 있습니다.',
      );
    });
  });

  describe('feedback', () => {
    /** High-MET cardio a beginner can do: first for a beginner losing weight, without any feedback. */
    const calorieBurner = () =>
      exercise({ category: 'CARDIO', difficultyLevel: 2, isBeginnerFriendly: true, metValue: 12, durationMin: 10, repetitionsMin: null, repetitionsMax: null });
    const loser = () => user({ fitnessLevel: 'BEGINNER', workoutGoals: ['WEIGHT_LOSS'] });

    it('DISLIKE keeps an exercise off the list, however well it fits', async () => {
      const probe = await calorieBurner();
      const [me, control] = [await loser(), await loser()];
      await feedback(me, probe, 'DISLIKE');
      expect(ids(await recommend(control))[0]).toBe(probe);
      expect(ids(await recommend(me))).not.toContain(probe);
    });

    it('the latest of LIKE and DISLIKE stands', async () => {
      const probe = await exercise({ difficultyLevel: 2 });
      const me = await user();
      await like(me, probe);
      expect(ids(await recommend(me))).toContain(probe);
      await feedback(me, probe, 'DISLIKE');
      expect(ids(await recommend(me))).not.toContain(probe);
      await feedback(me, probe, 'LIKE');
      expect(ids(await recommend(me))).toContain(probe);
    });

    it('LIKE raises an exercise by 20 points; SKIP lowers it by 20 for a while', async () => {
      const probe = await calorieBurner();
      const [liker, skipper, control] = [await loser(), await loser(), await loser()];
      await like(liker, probe);
      await like(skipper, probe);
      await feedback(skipper, probe, 'SKIP');
      const plain = find(await recommend(control), probe)!;
      const liked = find(await recommend(liker), probe)!;
      const skipped = find(await recommend(skipper), probe)!;
      expect(liked.score).toBe(plain.score + 20);
      expect(codes(liked)[0]).toBe('LIKED');
      expect(codes(plain)).not.toContain('LIKED');
      expect(skipped.score).toBe(liked.score - 20);
      expect(codes(skipped)).toContain('SKIPPED_RECENTLY');
    });

    it('POST /api/recommendations/feedback answers 201 with the feedback', async () => {
      const probe = await exercise({});
      const me = await user();
      const res = await t.api.post('/api/recommendations/feedback', { token: me.token, body: { exerciseId: probe, feedback: 'LIKE' } });
      expect(res.status).toBe(201);
      expect(res.body.message).toBe('추천 피드백이 반영되었습니다.');
      expect(res.body.data).toMatchObject({ id: expect.any(Number), exerciseId: probe, feedback: 'LIKE' });
      expect(res.body.data).not.toHaveProperty('userId');
    });

    it('refuses no token, unknown or retired exercises, unknown kinds and unknown fields, naming the field', async () => {
      const retired = await exercise({});
      expect((await t.api.delete(`/api/exercises/${retired}`, { token: admin.token })).status).toBe(200);
      const me = await user();
      expect((await t.api.post('/api/recommendations/feedback', { body: { exerciseId: retired, feedback: 'LIKE' } })).status).toBe(401);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ exerciseId: 999_999_999, feedback: 'LIKE' }, 'exerciseId'],
        [{ exerciseId: retired, feedback: 'LIKE' }, 'exerciseId'],
        [{ exerciseId: '1', feedback: 'LIKE' }, 'exerciseId'],
        [{ exerciseId: retired, feedback: 'LOVE' }, 'feedback'],
        [{ feedback: 'LIKE' }, 'exerciseId'],
      ];
      for (const [body, field] of cases) {
        const res = await t.api.post('/api/recommendations/feedback', { token: me.token, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(
          res.body.error.details.map((d: Item) => d.field),
          JSON.stringify(body),
        ).toContain(field);
      }
      const unknown = await t.api.post('/api/recommendations/feedback', { token: me.token, body: { exerciseId: retired, feedback: 'LIKE', rating: 5 } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details.map((d: Item) => d.field)).toEqual(['rating']);
      const retiredMessage = await t.api.post('/api/recommendations/feedback', { token: me.token, body: { exerciseId: retired, feedback: 'LIKE' } });
      expect(retiredMessage.body.error.details).toEqual([{ field: 'exerciseId', message: '존재하지 않거나 더 이상 제공되지 않는 운동입니다.' }]);
    });
  });

  describe('the list', () => {
    it('has at most two exercises per primary muscle', async () => {
      const shared = muscles[made]!;
      const probes = [
        await exercise({ primaryMuscleGroupId: shared }),
        await exercise({ primaryMuscleGroupId: shared }),
        await exercise({ primaryMuscleGroupId: shared }),
      ];
      const me = await user({ fitnessLevel: 'INTERMEDIATE' });
      await like(me, ...probes);
      const list = await recommend(me);
      expect(ids(list).filter((id) => probes.includes(id))).toEqual(probes.slice(0, 2));
      const perMuscle = new Map<number, number>();
      for (const { exercise: e } of list.exercises)
        if (e.primaryMuscle.id !== heartAndLungs) perMuscle.set(e.primaryMuscle.id, (perMuscle.get(e.primaryMuscle.id) ?? 0) + 1);
      expect(Math.max(...perMuscle.values())).toBeLessThanOrEqual(2);
    });

    it('spreads cardio, whose primary muscle is the heart and lungs, by the muscles it works', async () => {
      const [legs, arms] = [muscles[made]!, muscles[made + 1]!];
      const cardio = (secondaryMuscleGroupIds: number[]) =>
        exercise({
          category: 'CARDIO',
          primaryMuscleGroupId: heartAndLungs,
          secondaryMuscleGroupIds,
          difficultyLevel: 2,
          metValue: 8,
          durationMin: 20,
          repetitionsMin: null,
          repetitionsMax: null,
        });
      const running = [await cardio([legs]), await cardio([legs]), await cardio([legs])];
      const rowing = await cardio([arms, legs]);
      const swimming = await cardio([arms]);
      const me = await user({ workoutGoals: ['ENDURANCE'] });
      await like(me, ...running, rowing, swimming);
      const list = await recommend(me);
      expect(ids(list).filter((id) => [...running, rowing, swimming].includes(id))).toEqual([running[0], running[1], rowing, swimming]);
    });

    it('is deterministic: the same data gives the same list, ties broken by exercise id', async () => {
      const twin = { difficultyLevel: 2, metValue: 5 };
      const first = await exercise(twin);
      const second = await exercise(twin);
      const [a, b] = [
        await user({ fitnessLevel: 'BEGINNER', workoutGoals: ['STRENGTH'] }),
        await user({ fitnessLevel: 'BEGINNER', workoutGoals: ['STRENGTH'] }),
      ];
      for (const who of [a, b]) await like(who, second, first);
      const [listA, listB] = [await recommend(a), await recommend(b)];
      const shape = (list: List) => list.exercises.map((i) => [i.exercise.id, i.score, codes(i)]);
      expect(shape(listA)).toEqual(shape(listB));
      expect(find(listA, first)!.score).toBe(find(listA, second)!.score);
      expect(ids(listA).indexOf(first)).toBe(ids(listA).indexOf(second) - 1);
      const scores = listA.exercises.map((i) => i.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
    });

    it('leaves out an exercise retired after the list was made', async () => {
      const probe = await exercise({ difficultyLevel: 2 });
      const me = await user();
      await like(me, probe);
      const before = await recommend(me);
      expect(ids(before)).toContain(probe);
      await t.api.delete(`/api/exercises/${probe}`, { token: admin.token });
      const after = await recommend(me);
      expect(after.generatedAt).toBe(before.generatedAt);
      expect(ids(after)).toEqual(ids(before).filter((id) => id !== probe));
      expect(after.exercises.map((i) => i.rank)).toEqual(after.exercises.map((_, i) => i + 1));
    });
  });

  describe('cache', () => {
    it('keeps a list up to 12 hours and no later than the Seoul day, serving it again unchanged', async () => {
      const me = await user();
      const first = await recommend(me);
      const generated = Date.parse(first.generatedAt);
      const validUntil = Date.parse(first.validUntil);
      const midnight = Date.parse(`${addDays(today, 1)}T00:00:00+09:00`);
      expect(validUntil).toBe(Math.min(generated + 12 * 3_600_000, midnight));
      const again = await recommend(me, 'limit=5');
      expect(again.generatedAt).toBe(first.generatedAt);
      expect(ids(again)).toEqual(ids(first).slice(0, 5));
    });

    it('is renewed by feedback, not by changes that bypass it', async () => {
      const probe = await exercise({ difficultyLevel: 2 });
      const me = await user();
      await like(me, probe);
      const first = await recommend(me);
      // A row written behind the service's back does not reach the cached list …
      await t.stores.database.db.insert(recommendationFeedback).values({ userId: me.id, exerciseId: probe, feedback: 'DISLIKE' });
      const cached = await recommend(me);
      expect(cached.generatedAt).toBe(first.generatedAt);
      expect(ids(cached)).toContain(probe);
      // … feedback through the API renews it.
      await feedback(me, probe, 'SKIP');
      const renewed = await recommend(me);
      expect(Date.parse(renewed.generatedAt)).toBeGreaterThanOrEqual(Date.parse(first.generatedAt));
      expect(ids(renewed)).not.toContain(probe);
    });

    it('is renewed by a change of workout or body records', async () => {
      const trained = await exercise({ difficultyLevel: 2 });
      const probe = await exercise({ difficultyLevel: 2 });
      const me = await user();
      expect((await recommend(me)).basis.recentAverageDifficulty).toBeNull();
      await workout(me, trained, today);
      expect((await recommend(me)).basis.recentAverageDifficulty).toBe(2);
      // A like written behind the service's back shows only once something renews the list.
      await t.stores.database.db.insert(recommendationFeedback).values({ userId: me.id, exerciseId: probe, feedback: 'LIKE' });
      expect(codes(find(await recommend(me), probe))).not.toContain('LIKED');
      const body = await t.api.post(`/api/users/${me.id}/body-records`, { token: me.token, body: { measurementDate: today, weightKg: 70 } });
      expect(body.status).toBe(201);
      expect(codes(find(await recommend(me), probe))).toContain('LIKED');
    });

    it('is renewed by a change of level, goals, equipment or available time, and only by those in the profile', async () => {
      const me = await user();
      let previous = await recommend(me);
      for (const change of [
        { fitnessLevel: 'ADVANCED' },
        { workoutGoals: ['ENDURANCE', 'FLEXIBILITY'] },
        { availableEquipment: ['KETTLEBELL'] },
        { availableWorkoutTime: 15 },
      ]) {
        await setProfile(me, change);
        const list = await recommend(me);
        expect(list.generatedAt, JSON.stringify(change)).not.toBe(previous.generatedAt);
        previous = list;
      }
      expect(previous.basis).toMatchObject({ fitnessLevel: 'ADVANCED', goals: ['ENDURANCE', 'FLEXIBILITY'] });
      expect(previous.exercises.every((i) => i.exercise.durationMin === null || i.exercise.durationMin <= 15)).toBe(true);
      await setProfile(me, { name: '새 이름', pushNotificationEnabled: false });
      expect((await recommend(me)).generatedAt).toBe(previous.generatedAt);
    });
  });
});
