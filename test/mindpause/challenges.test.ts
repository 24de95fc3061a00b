import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeCheckIns } from '../../src/apps/mindpause/schema';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mindpause';

type Challenge = Record<string, any>;

describe('MindPause challenges', () => {
  let t: TestApp;
  let me: Account;
  let other: Account;
  const today = seoulToday();

  beforeAll(async () => {
    t = await startTestApp('mindpause');
    [me, other] = await Promise.all([account(t), account(t)]);
  });
  afterAll(() => t.close());

  const create = (who: Account, body: Record<string, unknown>) => t.api.post('/api/v1/challenges', { token: who.token, body });
  const make = async (who: Account, body: Record<string, unknown> = {}): Promise<Challenge> => {
    const res = await create(who, { title: '7일 감사 일기', category: 'gratitude', targetDays: 7, ...body });
    expect(res.status, res.text).toBe(201);
    return res.body.data;
  };
  const patch = (who: Account, id: number, body: Record<string, unknown>) => t.api.patch(`/api/v1/challenges/${id}`, { token: who.token, body });
  const read = async (who: Account, id: number): Promise<Challenge> => (await t.api.get(`/api/v1/challenges/${id}`, { token: who.token })).body.data;
  const fields = (res: { body: any }) => (res.body.error.details as Array<{ field: string; message: string }>).map((d) => d.field);
  /** Days already kept, written straight to the table: the API only checks in today. */
  const keptBefore = async (id: number, daysAgo: number[]) => {
    await t.stores.database.db.insert(challengeCheckIns).values(daysAgo.map((n) => ({ challengeId: id, day: addDays(today, -n), note: `${n}일 전` })));
  };

  it('every route needs a token', async () => {
    const calls = [
      t.api.get('/api/v1/challenges'),
      t.api.get('/api/v1/challenges/1'),
      t.api.post('/api/v1/challenges', { body: { title: 'x', targetDays: 7 } }),
      t.api.patch('/api/v1/challenges/1', { body: { status: 'paused' } }),
      t.api.delete('/api/v1/challenges/1'),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(401);
      expect(res.body.success).toBe(false);
    }
  });

  describe('POST /api/v1/challenges', () => {
    it('starts an active challenge today, nothing kept yet', async () => {
      const res = await create(me, { title: '7일 감사 일기', description: '매일 감사한 일 세 가지', category: 'gratitude', targetDays: 7 });
      expect(res.status, res.text).toBe(201);
      expect(res.body.message).toBe('챌린지가 시작되었습니다.');
      expect(res.body.data).toMatchObject({
        title: '7일 감사 일기',
        description: '매일 감사한 일 세 가지',
        category: 'gratitude',
        categoryLabel: '감사 일기',
        targetDays: 7,
        startDate: today,
        status: 'active',
        checkInCount: 0,
        progress: 0,
        progressPercent: 0,
        checkedInToday: false,
        lastCheckInDate: null,
        checkIns: [],
        completedAt: null,
      });
      expect(res.body.data).not.toHaveProperty('userId');
    });

    it('defaults the category to other and takes a start within 30 days', async () => {
      const c = await make(me, { category: undefined, startDate: addDays(today, 3) });
      expect(c).toMatchObject({ category: 'other', categoryLabel: '기타', startDate: addDays(today, 3) });
    });

    it('answers bad input with 400 naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ targetDays: 7 }, 'title'],
        [{ title: '   ', targetDays: 7 }, 'title'],
        [{ title: 'x'.repeat(101), targetDays: 7 }, 'title'],
        [{ title: 42, targetDays: 7 }, 'title'],
        [{ title: '명상' }, 'targetDays'],
        [{ title: '명상', targetDays: 0 }, 'targetDays'],
        [{ title: '명상', targetDays: 366 }, 'targetDays'],
        [{ title: '명상', targetDays: '7' }, 'targetDays'],
        [{ title: '명상', targetDays: 2.5 }, 'targetDays'],
        [{ title: '명상', targetDays: 7, category: 'yoga' }, 'category'],
        [{ title: '명상', targetDays: 7, description: 'x'.repeat(1001) }, 'description'],
        [{ title: '명상', targetDays: 7, startDate: '2025-02-30' }, 'startDate'],
        [{ title: '명상', targetDays: 7, startDate: addDays(today, 31) }, 'startDate'],
        [{ title: '명상', targetDays: 7, startDate: addDays(today, -31) }, 'startDate'],
      ];
      for (const [body, field] of cases) {
        const res = await create(me, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(fields(res), JSON.stringify(body)).toContain(field);
      }
      const owned = await create(me, { title: '명상', targetDays: 7, status: 'completed', userId: other.id });
      expect(owned.status).toBe(400);
      expect(fields(owned)).toEqual(['status', 'userId']);
    });

    it('keeps SQL and script in a title as text', async () => {
      const title = `'; delete from mindpause.challenges; -- <img src=x onerror=alert(1)>`;
      const c = await make(me, { title });
      expect((await read(me, c.id)).title).toBe(title);
    });
  });

  describe('GET /api/v1/challenges', () => {
    it("pages the caller's challenges, newest first, with a status filter", async () => {
      const lister = await account(t);
      const a = await make(lister, { title: 'A' });
      const b = await make(lister, { title: 'B', category: 'meditation' });
      const c = await make(lister, { title: 'C' });
      await make(other, { title: '남의 것' });
      expect((await patch(lister, b.id, { status: 'paused' })).status).toBe(200);
      expect((await patch(lister, a.id, { checkIn: {} })).status).toBe(200);

      const first = await t.api.get('/api/v1/challenges?page=1&limit=2', { token: lister.token });
      expect(first.status).toBe(200);
      expect(first.body.data.items.map((x: Challenge) => x.title)).toEqual(['C', 'B']);
      expect(first.body.data.pagination).toEqual({ page: 1, limit: 2, totalItems: 3, totalPages: 2, hasNext: true, hasPrev: false });
      const second = await t.api.get('/api/v1/challenges?page=2&limit=2', { token: lister.token });
      const kept = second.body.data.items[0];
      expect(kept).toMatchObject({ id: a.id, checkInCount: 1, checkedInToday: true, lastCheckInDate: today, progress: 0.143, progressPercent: 14.3 });
      expect(kept).not.toHaveProperty('checkIns');

      const paused = await t.api.get('/api/v1/challenges?status=paused', { token: lister.token });
      expect(paused.body.data.items.map((x: Challenge) => x.id)).toEqual([b.id]);
      const meditation = await t.api.get('/api/v1/challenges?category=meditation', { token: lister.token });
      expect(meditation.body.data.items.map((x: Challenge) => x.id)).toEqual([b.id]);
      const active = await t.api.get('/api/v1/challenges?status=active', { token: lister.token });
      expect(active.body.data.items.map((x: Challenge) => x.id)).toEqual([c.id, a.id]);
      expect(active.body.data.pagination.totalItems).toBe(2);
    });

    it('answers bad filters with 400', async () => {
      for (const query of ['status=done', 'status=ACTIVE', 'category=x', 'limit=0', 'page=-1']) {
        expect((await t.api.get(`/api/v1/challenges?${query}`, { token: me.token })).status, query).toBe(400);
      }
    });
  });

  describe('one challenge', () => {
    it("answers another user's challenge as not found, and leaves it alone", async () => {
      const mine = await make(me, { title: '비밀 챌린지' });
      const calls = [
        t.api.get(`/api/v1/challenges/${mine.id}`, { token: other.token }),
        patch(other, mine.id, { status: 'abandoned' }),
        patch(other, mine.id, { checkIn: { note: '침입' } }),
        t.api.delete(`/api/v1/challenges/${mine.id}`, { token: other.token }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
        expect(res.text).not.toContain('비밀');
      }
      expect(await read(me, mine.id)).toMatchObject({ status: 'active', checkInCount: 0 });
    });

    it('answers unknown and malformed ids with 404 and 400', async () => {
      expect((await t.api.get('/api/v1/challenges/999999999', { token: me.token })).status).toBe(404);
      expect((await patch(me, 999999999, { status: 'paused' })).status).toBe(404);
      expect((await t.api.delete('/api/v1/challenges/999999999', { token: me.token })).status).toBe(404);
      expect((await t.api.get('/api/v1/challenges/abc', { token: me.token })).status).toBe(400);
    });

    it('deletes once, check-ins and all', async () => {
      const c = await make(me);
      await patch(me, c.id, { checkIn: { note: '오늘' } });
      const res = await t.api.delete(`/api/v1/challenges/${c.id}`, { token: me.token });
      expect(res.body).toMatchObject({ success: true, data: null, message: '챌린지가 삭제되었습니다.' });
      expect((await t.api.get(`/api/v1/challenges/${c.id}`, { token: me.token })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/challenges/${c.id}`, { token: me.token })).status).toBe(404);
    });
  });

  describe('check-ins', () => {
    it('keeps today once, with a note, and counts progress against the target', async () => {
      const c = await make(me);
      const res = await patch(me, c.id, { checkIn: { note: '햇살이 좋았다' } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toMatchObject({
        status: 'active',
        checkInCount: 1,
        progress: 0.143,
        progressPercent: 14.3,
        checkedInToday: true,
        lastCheckInDate: today,
      });
      expect(res.body.data.checkIns).toEqual([{ date: today, note: '햇살이 좋았다', createdAt: expect.any(String) }]);

      const again = await patch(me, c.id, { checkIn: {} });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe('오늘은 이미 체크인했습니다.');
      expect((await read(me, c.id)).checkInCount).toBe(1);
    });

    it('completes a 7-day gratitude journal on the seventh day, and says so', async () => {
      const c = await make(me);
      await keptBefore(c.id, [1, 2, 3, 4, 5, 6]);
      expect(await read(me, c.id)).toMatchObject({
        checkInCount: 6,
        progress: 0.857,
        checkedInToday: false,
        lastCheckInDate: addDays(today, -1),
        status: 'active',
      });
      const res = await patch(me, c.id, { checkIn: { note: '일곱째 날' } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'completed', checkInCount: 7, progress: 1, progressPercent: 100 });
      expect(res.body.data.completedAt).not.toBeNull();
      expect(res.body.data.checkIns.map((x: { date: string }) => x.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => addDays(today, -n)));

      const inbox = await t.api.get('/api/v1/notifications', { token: me.token });
      const notice = inbox.body.data.items.find(
        (n: { type: string; data: { challengeId?: number } }) => n.type === 'challenge_completed' && n.data.challengeId === c.id,
      );
      expect(notice).toMatchObject({ title: '챌린지 완료! 🎉' });
      expect(notice.message).toContain('7일 감사 일기');
    });

    it('completes at most once when two check-ins race for the last day', async () => {
      const c = await make(me, { targetDays: 1 });
      const results = await Promise.all([patch(me, c.id, { checkIn: {} }), patch(me, c.id, { checkIn: {} })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await read(me, c.id)).toMatchObject({ status: 'completed', checkInCount: 1 });
    });

    it('checks in only on an active challenge that has started', async () => {
      const paused = await make(me);
      await patch(me, paused.id, { status: 'paused' });
      const res = await patch(me, paused.id, { checkIn: {} });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('진행 중인 챌린지만 체크인할 수 있습니다.');
      // Resuming and checking in at once is one request.
      expect((await patch(me, paused.id, { status: 'active', checkIn: {} })).body.data).toMatchObject({ status: 'active', checkInCount: 1 });

      const later = await make(me, { startDate: addDays(today, 2) });
      const early = await patch(me, later.id, { checkIn: {} });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe(`챌린지는 ${addDays(today, 2)}에 시작합니다.`);
    });

    it('validates the check-in', async () => {
      const c = await make(me);
      for (const checkIn of [{ note: 'x'.repeat(501) }, { note: 5 }, { mood: 'joy' }, 'yes']) {
        const res = await patch(me, c.id, { checkIn });
        expect(res.status, JSON.stringify(checkIn)).toBe(400);
        expect(fields(res).some((f) => f.startsWith('checkIn'))).toBe(true);
      }
      expect((await read(me, c.id)).checkInCount).toBe(0);
    });
  });

  describe('status and edits', () => {
    it('pauses, resumes and edits an open challenge', async () => {
      const c = await make(me);
      expect((await patch(me, c.id, { status: 'paused' })).body.data.status).toBe('paused');
      const resumed = await patch(me, c.id, { status: 'active', title: '감사 일기 (재도전)', targetDays: 10 });
      expect(resumed.status).toBe(200);
      expect(resumed.body.message).toBe('챌린지가 업데이트되었습니다.');
      expect(resumed.body.data).toMatchObject({ status: 'active', title: '감사 일기 (재도전)', targetDays: 10 });
      expect((await patch(me, c.id, { description: null })).body.data.description).toBeNull();
    });

    it('keeps finished challenges final', async () => {
      const abandoned = await make(me);
      const res = await patch(me, abandoned.id, { status: 'abandoned' });
      expect(res.body.data).toMatchObject({ status: 'abandoned', completedAt: null });
      for (const body of [{ status: 'active' }, { title: '다시' }, { checkIn: {} }, { status: 'abandoned' }]) {
        const again = await patch(me, abandoned.id, body);
        expect(again.status, JSON.stringify(body)).toBe(409);
        expect(again.body.error.code).toBe('CHALLENGE_FINISHED');
      }
      const done = await make(me);
      expect((await patch(me, done.id, { status: 'completed' })).body.data).toMatchObject({ status: 'completed', progress: 0 });
      expect((await patch(me, done.id, { status: 'paused' })).status).toBe(409);
      expect((await read(me, done.id)).status).toBe('completed');
    });

    it('completes when the target is lowered to the days kept, and refuses a target below them', async () => {
      const c = await make(me, { targetDays: 10 });
      await keptBefore(c.id, [1, 2, 3]);
      const below = await patch(me, c.id, { targetDays: 2 });
      expect(below.status).toBe(400);
      expect(fields(below)).toEqual(['targetDays']);
      expect((await patch(me, c.id, { targetDays: 3 })).body.data).toMatchObject({ status: 'completed', targetDays: 3, progress: 1 });
    });

    it('answers bad patches with 400', async () => {
      const c = await make(me);
      for (const [body, field] of [
        [{ status: 'done' }, 'status'],
        [{ status: 'ACTIVE' }, 'status'],
        [{ targetDays: 0 }, 'targetDays'],
        [{ title: '' }, 'title'],
        [{}, 'body'],
        [{ progress: 1 }, 'progress'],
      ] as const) {
        const res = await patch(me, c.id, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(fields(res), JSON.stringify(body)).toContain(field);
      }
      expect(await read(me, c.id)).toMatchObject({ status: 'active', title: '7일 감사 일기', targetDays: 7 });
    });
  });
});
