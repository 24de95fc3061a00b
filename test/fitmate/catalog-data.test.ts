import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/apps/fitmate/exercises/shipped/data/categories';
import { EXERCISES } from '../../src/apps/fitmate/exercises/shipped/data/exercises';
import { MUSCLES } from '../../src/apps/fitmate/exercises/shipped/data/muscles';
import { BODY_PARTS, CATALOG_ID_LIMIT } from '../../src/apps/fitmate/exercises/shipped/types';
import { EQUIPMENT_CODES, intensityOf } from '../../src/apps/fitmate/vocabulary';

// The integrity of FitMate's shipped exercise catalog, checked on the data alone (no database).

const byCategory = (name: string) => EXERCISES.filter((e) => e.category === name);
const duplicates = (values: readonly (string | number)[]) => values.filter((v, i) => values.indexOf(v) !== i);
const isIntegerIn = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Well-known values of the 2024 Adult Compendium of Physical Activities (Herrmann et al., J Sport
 * Health Sci 2024;13:6-12), written out by hand: the test must not read any reference file.
 */
const COMPENDIUM_ANCHORS: Array<{ nameKr: string; code: string; met: number; activity: string }> = [
  { nameKr: '바벨 백 스쿼트', code: '02052', met: 5.0, activity: 'resistance training, squats, deadlift' },
  { nameKr: '바벨 벤치 프레스', code: '02054', met: 3.5, activity: 'resistance training, multiple exercises, 8-15 reps' },
  { nameKr: '파워 클린', code: '02050', met: 6.0, activity: 'resistance training, power lifting or body building, vigorous' },
  { nameKr: '푸시업', code: '02020', met: 7.5, activity: 'calisthenics (push-ups, pull-ups, jumping jacks, burpees), vigorous' },
  { nameKr: '플랭크', code: '02024', met: 2.8, activity: 'calisthenics (curl-ups, crunches, plank), light' },
  { nameKr: '햄스트링 스트레칭', code: '02101', met: 2.3, activity: 'stretching, mild' },
  { nameKr: '걷기 (시속 5km)', code: '17190', met: 3.8, activity: 'walking, 2.8-3.4 mph, level, moderate pace' },
  { nameKr: '달리기 (시속 10km)', code: '12050', met: 9.3, activity: 'running, 6-6.3 mph (10 min/mile)' },
  { nameKr: '줄넘기 (천천히)', code: '15552', met: 8.3, activity: 'rope jumping, slow pace, < 100 skips/min' },
  { nameKr: '스피닝', code: '01270', met: 9.0, activity: 'bicycling, stationary, RPM/spin bike class' },
  { nameKr: '로잉 머신 (보통)', code: '02071', met: 5.0, activity: 'rowing, stationary ergometer, < 100 W, moderate' },
  { nameKr: '하타 요가', code: '02150', met: 2.3, activity: 'yoga, Hatha' },
];

describe('FitMate catalog data', () => {
  describe('categories and muscles', () => {
    it('has the four required categories, with unique ids, names and sort orders', () => {
      const names = CATEGORIES.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['STRENGTH', 'BODYWEIGHT', 'CARDIO', 'STRETCHING']));
      expect(duplicates(names)).toEqual([]);
      expect(duplicates(CATEGORIES.map((c) => c.id))).toEqual([]);
      expect(duplicates(CATEGORIES.map((c) => c.sortOrder))).toEqual([]);
      for (const c of CATEGORIES) {
        expect(isIntegerIn(c.id, 1, CATALOG_ID_LIMIT - 1), c.name).toBe(true);
        expect(c.name).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
        expect(c.nameKr.trim(), c.name).not.toBe('');
        expect(c.description.trim(), c.name).not.toBe('');
      }
    });

    it('has about twenty muscle groups with unique names and a known body part', () => {
      expect(MUSCLES.length).toBeGreaterThanOrEqual(18);
      expect(MUSCLES.length).toBeLessThanOrEqual(22);
      expect(duplicates(MUSCLES.map((m) => m.id))).toEqual([]);
      expect(duplicates(MUSCLES.map((m) => m.name))).toEqual([]);
      expect(duplicates(MUSCLES.map((m) => m.nameKr))).toEqual([]);
      for (const m of MUSCLES) {
        expect(isIntegerIn(m.id, 1, CATALOG_ID_LIMIT - 1), m.name).toBe(true);
        expect(m.name).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
        expect(BODY_PARTS, m.name).toContain(m.bodyPart);
      }
    });
  });

  describe('exercises', () => {
    it('has at least 160 exercises and the minimum per category', () => {
      expect(EXERCISES.length).toBeGreaterThanOrEqual(160);
      expect(byCategory('STRENGTH').length).toBeGreaterThanOrEqual(30);
      expect(byCategory('BODYWEIGHT').length).toBeGreaterThanOrEqual(30);
      expect(byCategory('CARDIO').length).toBeGreaterThanOrEqual(30);
      expect(byCategory('STRETCHING').length).toBeGreaterThanOrEqual(20);
      for (const c of CATEGORIES) expect(byCategory(c.name).length, c.name).toBeGreaterThan(0);
    });

    it('numbers its exercises 1..N, each id unique and below CATALOG_ID_LIMIT', () => {
      const ids = EXERCISES.map((e) => e.id);
      expect(duplicates(ids)).toEqual([]);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids.map((_, i) => i + 1));
      expect(ids.every((id) => Number.isInteger(id) && id >= 1 && id < CATALOG_ID_LIMIT)).toBe(true);
    });

    it('gives every exercise a unique English and Korean name', () => {
      expect(duplicates(EXERCISES.map((e) => e.name))).toEqual([]);
      expect(duplicates(EXERCISES.map((e) => e.nameKr))).toEqual([]);
      for (const e of EXERCISES) {
        expect(e.name.trim(), `${e.id}`).toBe(e.name);
        expect(e.nameKr.trim(), `${e.id}`).toBe(e.nameKr);
        expect(e.nameKr, e.name).toMatch(/[가-힣]/);
      }
    });

    it('contains the exercises everyone looks for, findable by their common misspellings', () => {
      const named = (nameKr: string) => EXERCISES.find((e) => e.nameKr === nameKr);
      for (const nameKr of ['스쿼트', '점프 스쿼트', '푸시업', '런지', '플랭크', '버피', '풀업', '줄넘기']) expect(named(nameKr), nameKr).toBeDefined();
      expect(named('푸시업')!.tags).toEqual(expect.arrayContaining(['푸쉬업', 'pushup', 'push-up']));
      expect(named('스쿼트')!.tags).toEqual(expect.arrayContaining(['스쿼드', 'squat']));
      expect(named('버피')!.tags).toContain('버피테스트');
    });

    it('refers only to existing categories and muscles, never repeating the primary muscle', () => {
      const categories = new Set(CATEGORIES.map((c) => c.name));
      const muscles = new Set(MUSCLES.map((m) => m.name));
      for (const e of EXERCISES) {
        expect(categories.has(e.category), `${e.nameKr}: ${e.category}`).toBe(true);
        expect(muscles.has(e.primaryMuscle), `${e.nameKr}: ${e.primaryMuscle}`).toBe(true);
        for (const m of e.secondaryMuscles) expect(muscles.has(m), `${e.nameKr}: ${m}`).toBe(true);
        expect(e.secondaryMuscles, e.nameKr).not.toContain(e.primaryMuscle);
        expect(duplicates(e.secondaryMuscles), e.nameKr).toEqual([]);
      }
    });

    it('has a MET between 1 and 16, with one decimal, and a five-digit Compendium code', () => {
      for (const e of EXERCISES) {
        expect(e.met, e.nameKr).toBeGreaterThanOrEqual(1);
        expect(e.met, e.nameKr).toBeLessThanOrEqual(16);
        expect(Number.isInteger(Math.round(e.met * 10)) && Math.abs(e.met * 10 - Math.round(e.met * 10)) < 1e-9, e.nameKr).toBe(true);
        expect(e.compendiumCode, e.nameKr).toMatch(/^\d{5}$/);
      }
    });

    it('gives one Compendium code one MET value everywhere', () => {
      const metOf = new Map<string, number>();
      for (const e of EXERCISES) {
        const known = metOf.get(e.compendiumCode);
        if (known === undefined) metOf.set(e.compendiumCode, e.met);
        else expect(e.met, `${e.nameKr} (${e.compendiumCode})`).toBe(known);
      }
    });

    it('matches the Compendium on well-known anchors', () => {
      for (const anchor of COMPENDIUM_ANCHORS) {
        const e = EXERCISES.find((x) => x.nameKr === anchor.nameKr);
        expect(e, anchor.nameKr).toBeDefined();
        expect({ nameKr: e!.nameKr, code: e!.compendiumCode, met: e!.met }, anchor.activity).toEqual({
          nameKr: anchor.nameKr,
          code: anchor.code,
          met: anchor.met,
        });
      }
    });

    it('rates difficulty 1 to 10 and calls only easy exercises beginner-friendly', () => {
      for (const e of EXERCISES) {
        expect(isIntegerIn(e.difficulty, 1, 10), e.nameKr).toBe(true);
        if (e.beginnerFriendly) expect(e.difficulty, e.nameKr).toBeLessThanOrEqual(4);
      }
      expect(EXERCISES.filter((e) => e.beginnerFriendly).length).toBeGreaterThanOrEqual(40);
    });

    it('is either rep-based or timed, with sensible sets', () => {
      for (const e of EXERCISES) {
        if (e.repetitions === null) {
          expect(e.durationMin, `${e.nameKr} has neither reps nor minutes`).not.toBeNull();
          expect(isIntegerIn(e.durationMin!, 1, 300), e.nameKr).toBe(true);
        } else {
          expect(e.durationMin, `${e.nameKr} has both reps and minutes`).toBeNull();
          const [min, max] = e.repetitions;
          expect(isIntegerIn(min, 1, 200) && isIntegerIn(max, min, 200), e.nameKr).toBe(true);
        }
        const [setsMin, setsMax] = e.sets;
        expect(isIntegerIn(setsMin, 1, 10) && isIntegerIn(setsMax, setsMin, 10), e.nameKr).toBe(true);
      }
      for (const e of [...byCategory('CARDIO'), ...byCategory('STRETCHING')]) expect(e.durationMin, e.nameKr).not.toBeNull();
    });

    it('names only known equipment, each at most once', () => {
      const codes = new Set<string>(EQUIPMENT_CODES);
      for (const e of EXERCISES) {
        for (const item of e.equipment) expect(codes.has(item), `${e.nameKr}: ${item}`).toBe(true);
        expect(duplicates(e.equipment), e.nameKr).toEqual([]);
      }
      expect(EXERCISES.filter((e) => e.equipment.length === 0 && e.category === 'BODYWEIGHT').length).toBeGreaterThanOrEqual(25);
    });

    it('writes a short description and 3 to 8 unnumbered Korean steps', () => {
      for (const e of EXERCISES) {
        expect(e.description.trim(), e.nameKr).toBe(e.description);
        expect(e.description, e.nameKr).toMatch(/[가-힣]/);
        const sentences = e.description.split(/(?<=[.!?])\s+/).filter(Boolean);
        expect(sentences.length, `${e.nameKr}: ${e.description}`).toBeGreaterThanOrEqual(1);
        expect(sentences.length, `${e.nameKr}: ${e.description}`).toBeLessThanOrEqual(2);

        expect(e.instructions.length, e.nameKr).toBeGreaterThanOrEqual(3);
        expect(e.instructions.length, e.nameKr).toBeLessThanOrEqual(8);
        for (const step of e.instructions) {
          expect(step, e.nameKr).not.toMatch(/^\s*(\d|[①-⑳]|[-•*·]|step\b)/i);
          expect(step.trim(), e.nameKr).toBe(step);
          expect(step, e.nameKr).toMatch(/[가-힣]/);
          expect(step, e.nameKr).toMatch(/[.!?]$/);
        }
        expect(duplicates(e.instructions), e.nameKr).toEqual([]);
      }
    });

    it('has 3 to 8 distinct tags per exercise', () => {
      for (const e of EXERCISES) {
        expect(e.tags.length, e.nameKr).toBeGreaterThanOrEqual(3);
        expect(e.tags.length, e.nameKr).toBeLessThanOrEqual(8);
        expect(duplicates(e.tags.map((t) => t.toLowerCase())), e.nameKr).toEqual([]);
        for (const tag of e.tags) expect(tag.trim() !== '' && tag.trim() === tag, `${e.nameKr}: "${tag}"`).toBe(true);
      }
    });

    it('spreads the derived intensity realistically', () => {
      const intensity = (e: (typeof EXERCISES)[number]) => intensityOf(e.met);
      const count = (list: typeof EXERCISES, level: string) => list.filter((e) => intensity(e) === level).length;

      expect(byCategory('STRETCHING').every((e) => intensity(e) === 'LOW')).toBe(true);
      expect(count(EXERCISES, 'HIGH')).toBeGreaterThanOrEqual(15);
      expect(count(EXERCISES, 'MODERATE')).toBeGreaterThanOrEqual(30);
      expect(count(EXERCISES, 'LOW')).toBeGreaterThanOrEqual(20);

      const strength = byCategory('STRENGTH');
      expect(count(strength, 'MODERATE')).toBeGreaterThan(strength.length / 2);
      expect(count(byCategory('CARDIO'), 'HIGH')).toBeGreaterThanOrEqual(10);
      expect(count(byCategory('CARDIO'), 'LOW')).toBe(0);
      expect(count(byCategory('BODYWEIGHT'), 'HIGH')).toBeGreaterThanOrEqual(5);
    });
  });
});
