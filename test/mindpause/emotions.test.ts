import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emotionLogs } from '../../src/apps/mindpause/schema';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mindpause';

type Log = Record<string, any>;

describe('MindPause mood records', () => {
  let t: TestApp;
  let me: Account;
  let other: Account;

  beforeAll(async () => {
    t = await startTestApp('mindpause');
    [me, other] = await Promise.all([account(t), account(t)]);
  });
  afterAll(() => t.close());

  const create = (who: Account, body: Record<string, unknown>, headers?: Record<string, string>) =>
    t.api.post('/api/v1/emotions', { token: who.token, body, headers });
  const make = async (who: Account, body: Record<string, unknown>): Promise<Log> => {
    const res = await create(who, { emotion: 'joy', intensity: 5, ...body });
    expect(res.status, res.text).toBe(201);
    return res.body.data;
  };
  const list = async (who: Account, query: string) => {
    const res = await t.api.get(`/api/v1/emotions?${query}`, { token: who.token });
    expect(res.status, res.text).toBe(200);
    return res.body.data as { items: Log[]; pagination: Record<string, any> };
  };
  const fields = (res: { body: any }) => (res.body.error.details as Array<{ field: string; message: string }>).map((d) => d.field);

  describe('authentication', () => {
    it('every route but the labels needs a token', async () => {
      const calls = [
        t.api.get('/api/v1/emotions'),
        t.api.get('/api/v1/emotions/stats'),
        t.api.get('/api/v1/emotions/1'),
        t.api.post('/api/v1/emotions', { body: { emotion: 'joy', intensity: 5 } }),
        t.api.patch('/api/v1/emotions/1', { body: { intensity: 3 } }),
        t.api.delete('/api/v1/emotions/1'),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(401);
        expect(res.body.success).toBe(false);
      }
    });

    it('lists the ten emotions with Korean labels and the parts of the day', async () => {
      const res = await t.api.get('/api/v1/emotions/labels');
      expect(res.status).toBe(200);
      const emotions = res.body.data.emotions as Array<{ code: string; label: string; valence: string }>;
      expect(emotions.map((e) => `${e.code}:${e.label}`)).toEqual([
        'joy:기쁨',
        'calm:평온',
        'gratitude:감사',
        'excitement:설렘',
        'sadness:슬픔',
        'anxiety:불안',
        'anger:분노',
        'loneliness:외로움',
        'tiredness:피곤',
        'stress:스트레스',
      ]);
      expect(emotions.filter((e) => e.valence === 'positive').map((e) => e.code)).toEqual(['joy', 'calm', 'gratitude', 'excitement']);
      expect(res.body.data.timesOfDay.map((p: { label: string }) => p.label)).toEqual(['새벽', '오전', '오후', '저녁', '밤']);
    });
  });

  describe('POST /api/v1/emotions', () => {
    it('records a mood with its Korean label, and never shows the owner column', async () => {
      const res = await create(me, {
        emotion: 'gratitude',
        intensity: 7,
        note: '친구가 안부를 물어왔다.\n고마웠다.',
        tags: ['친구', '저녁'],
        activities: ['산책'],
        feltAt: '2025-03-01T21:30:00+09:00',
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.message).toBe('감정이 기록되었습니다.');
      const log = res.body.data;
      expect(log).toMatchObject({
        emotion: 'gratitude',
        emotionLabel: '감사',
        intensity: 7,
        note: '친구가 안부를 물어왔다.\n고마웠다.',
        tags: ['친구', '저녁'],
        activities: ['산책'],
      });
      expect(log.feltAt).toBe('2025-03-01T12:30:00.000Z');
      expect(log).not.toHaveProperty('userId');
      expect((await t.api.get(`/api/v1/emotions/${log.id}`, { token: me.token })).body.data).toEqual(log);
    });

    it('defaults feltAt to now and tags and activities to none', async () => {
      const before = Date.now();
      const log = await make(me, { emotion: 'calm', intensity: 3 });
      expect(new Date(log.feltAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(log.feltAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(log).toMatchObject({ tags: [], activities: [], note: null });
    });

    it('takes a clock a minute ahead but not an hour', async () => {
      expect((await create(me, { emotion: 'joy', intensity: 5, feltAt: new Date(Date.now() + 60_000).toISOString() })).status).toBe(201);
      const res = await create(me, { emotion: 'joy', intensity: 5, feltAt: new Date(Date.now() + 3_600_000).toISOString() });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toContainEqual({ field: 'feltAt', message: '감정을 느낀 시각은 미래일 수 없습니다.' });
    });

    it('answers bad input with 400 naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ intensity: 5 }, 'emotion'],
        [{ emotion: 'happy', intensity: 5 }, 'emotion'],
        [{ emotion: 'JOY', intensity: 5 }, 'emotion'],
        [{ emotion: 'joy' }, 'intensity'],
        [{ emotion: 'joy', intensity: 0 }, 'intensity'],
        [{ emotion: 'joy', intensity: 11 }, 'intensity'],
        [{ emotion: 'joy', intensity: 5.5 }, 'intensity'],
        [{ emotion: 'joy', intensity: '7' }, 'intensity'],
        [{ emotion: 'joy', intensity: 5, note: 'x'.repeat(2001) }, 'note'],
        [{ emotion: 'joy', intensity: 5, note: 42 }, 'note'],
        [{ emotion: 'joy', intensity: 5, note: 'bell\u0007' }, 'note'],
        [{ emotion: 'joy', intensity: 5, tags: 'work' }, 'tags'],
        [{ emotion: 'joy', intensity: 5, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
        [{ emotion: 'joy', intensity: 5, tags: ['a', 'a'] }, 'tags'],
        [{ emotion: 'joy', intensity: 5, tags: ['x'.repeat(31)] }, 'tags.0'],
        [{ emotion: 'joy', intensity: 5, tags: ['  '] }, 'tags.0'],
        [{ emotion: 'joy', intensity: 5, activities: ['line\nbreak'] }, 'activities.0'],
        [{ emotion: 'joy', intensity: 5, feltAt: '2025-03-01 21:30' }, 'feltAt'],
        [{ emotion: 'joy', intensity: 5, feltAt: '2025-03-01T21:30:00' }, 'feltAt'],
        [{ emotion: 'joy', intensity: 5, feltAt: '1999-12-31T23:00:00Z' }, 'feltAt'],
      ];
      for (const [body, field] of cases) {
        const res = await create(me, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.success).toBe(false);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(fields(res), JSON.stringify(body)).toContain(field);
      }
    });

    it('refuses fields the server owns and says which', async () => {
      const res = await create(me, { emotion: 'joy', intensity: 5, userId: other.id, id: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['userId', 'id']);
    });

    it('stores SQL and script as the text they are', async () => {
      const note = `'); drop table mindpause.emotion_logs; -- <script>alert(1)</script>`;
      const log = await make(me, { note, tags: [`' or 1=1 --`] });
      const again = await t.api.get(`/api/v1/emotions/${log.id}`, { token: me.token });
      expect(again.headers.get('content-type')).toContain('application/json');
      expect(again.body.data.note).toBe(note);
      expect(again.body.data.tags).toEqual([`' or 1=1 --`]);
      expect((await list(me, 'limit=1')).pagination.totalItems).toBeGreaterThan(0);
    });

    it('answers a body that is not JSON, or too large, in the envelope', async () => {
      const broken = await t.api.post('/api/v1/emotions', { token: me.token, raw: '{"emotion":', headers: { 'content-type': 'application/json' } });
      expect(broken.status).toBe(400);
      expect(broken.body.success).toBe(false);
      const huge = await create(me, { emotion: 'joy', intensity: 5, note: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body.success).toBe(false);
    });

    it('speaks English when asked', async () => {
      const res = await create(me, { emotion: 'joy', intensity: 5, feltAt: new Date(Date.now() + 3_600_000).toISOString() }, { 'accept-language': 'en' });
      expect(res.body.error.details).toContainEqual({ field: 'feltAt', message: 'The time the feeling was felt cannot be in the future.' });
    });
  });

  describe('one record: GET, PATCH, DELETE /api/v1/emotions/{id}', () => {
    it("answers another user's record as not found, and leaves it alone", async () => {
      const mine = await make(me, { emotion: 'sadness', intensity: 6, note: '비밀' });
      const calls = [
        t.api.get(`/api/v1/emotions/${mine.id}`, { token: other.token }),
        t.api.patch(`/api/v1/emotions/${mine.id}`, { token: other.token, body: { intensity: 1 } }),
        t.api.delete(`/api/v1/emotions/${mine.id}`, { token: other.token }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
        expect(res.text).not.toContain('비밀');
      }
      expect((await t.api.get(`/api/v1/emotions/${mine.id}`, { token: me.token })).body.data).toMatchObject({ intensity: 6, note: '비밀' });
      expect((await list(other, 'limit=100')).items.map((l) => l.id)).not.toContain(mine.id);
    });

    it('answers unknown and malformed ids with 404 and 400', async () => {
      expect((await t.api.get('/api/v1/emotions/999999999', { token: me.token })).status).toBe(404);
      expect((await t.api.get('/api/v1/emotions/abc', { token: me.token })).status).toBe(400);
      expect((await t.api.get('/api/v1/emotions/0', { token: me.token })).status).toBe(400);
      expect((await t.api.patch('/api/v1/emotions/-1', { token: me.token, body: {} })).status).toBe(400);
    });

    it('changes only the fields given; a null note clears it; the label follows the emotion', async () => {
      const log = await make(me, { emotion: 'anxiety', intensity: 8, note: '발표 전', tags: ['회사'], feltAt: '2025-02-03T09:00:00+09:00' });
      const res = await t.api.patch(`/api/v1/emotions/${log.id}`, { token: me.token, body: { emotion: 'calm', intensity: 4 } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.message).toBe('감정 기록이 수정되었습니다.');
      expect(res.body.data).toMatchObject({
        emotion: 'calm',
        emotionLabel: '평온',
        intensity: 4,
        note: '발표 전',
        tags: ['회사'],
        feltAt: '2025-02-03T00:00:00.000Z',
      });
      const cleared = await t.api.patch(`/api/v1/emotions/${log.id}`, { token: me.token, body: { note: null, tags: [] } });
      expect(cleared.body.data).toMatchObject({ note: null, tags: [], emotion: 'calm' });
      expect(new Date(cleared.body.data.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(log.updatedAt).getTime());
      const unchanged = await t.api.patch(`/api/v1/emotions/${log.id}`, { token: me.token, body: {} });
      expect(unchanged.status).toBe(200);
      expect(unchanged.body.data.intensity).toBe(4);
    });

    it('validates a patch like a new record', async () => {
      const log = await make(me, {});
      for (const [body, field] of [
        [{ intensity: 12 }, 'intensity'],
        [{ emotion: 'meh' }, 'emotion'],
        [{ feltAt: new Date(Date.now() + 86_400_000).toISOString() }, 'feltAt'],
        [{ emotion: null }, 'emotion'],
      ] as const) {
        const res = await t.api.patch(`/api/v1/emotions/${log.id}`, { token: me.token, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(fields(res)).toContain(field);
      }
      const strict = await t.api.patch(`/api/v1/emotions/${log.id}`, { token: me.token, body: { userId: other.id } });
      expect(strict.status).toBe(400);
      expect((await t.api.get(`/api/v1/emotions/${log.id}`, { token: me.token })).body.data.intensity).toBe(5);
    });

    it('deletes once', async () => {
      const log = await make(me, {});
      const res = await t.api.delete(`/api/v1/emotions/${log.id}`, { token: me.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, data: null, message: '감정 기록이 삭제되었습니다.' });
      expect((await t.api.get(`/api/v1/emotions/${log.id}`, { token: me.token })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/emotions/${log.id}`, { token: me.token })).status).toBe(404);
    });
  });

  describe('GET /api/v1/emotions', () => {
    let reader: Account;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      reader = await account(t);
      const records: Array<[string, Record<string, unknown>]> = [
        // 23:59 Seoul on 9 March is still 9 March; 00:00 on 10 March is the next day (15:00 UTC the day before).
        ['lateNight', { emotion: 'loneliness', intensity: 6, feltAt: '2025-03-09T23:59:00+09:00', tags: ['밤'] }],
        ['midnight', { emotion: 'tiredness', intensity: 7, feltAt: '2025-03-10T00:00:00+09:00', activities: ['업무'] }],
        ['morning', { emotion: 'joy', intensity: 8, feltAt: '2025-03-10T08:00:00+09:00', tags: ['밤', '가족'] }],
        ['nextDay', { emotion: 'anger', intensity: 9, feltAt: '2025-03-11T12:00:00+09:00', activities: ['업무', '회의'] }],
        ['weekLater', { emotion: 'joy', intensity: 4, feltAt: '2025-03-17T19:00:00+09:00' }],
      ];
      for (const [name, body] of records) ids[name] = (await make(reader, body)).id;
    });

    it('pages the owner’s records, newest felt first', async () => {
      const first = await list(reader, 'page=1&limit=2');
      expect(first.items.map((l) => l.id)).toEqual([ids.weekLater, ids.nextDay]);
      expect(first.pagination).toEqual({ page: 1, limit: 2, totalItems: 5, totalPages: 3, hasNext: true, hasPrev: false });
      const last = await list(reader, 'page=3&limit=2');
      expect(last.items.map((l) => l.id)).toEqual([ids.lateNight]);
      expect(last.pagination).toMatchObject({ hasNext: false, hasPrev: true });
      const beyond = await list(reader, 'page=9&limit=2');
      expect(beyond.items).toEqual([]);
      expect(beyond.pagination).toMatchObject({ page: 9, totalItems: 5, totalPages: 3 });
    });

    it('filters by Seoul dates, both ends whole days', async () => {
      expect((await list(reader, 'from=2025-03-10&to=2025-03-10')).items.map((l) => l.id)).toEqual([ids.morning, ids.midnight]);
      expect((await list(reader, 'to=2025-03-09')).items.map((l) => l.id)).toEqual([ids.lateNight]);
      expect((await list(reader, 'from=2025-03-11')).items.map((l) => l.id)).toEqual([ids.weekLater, ids.nextDay]);
      // An instant is taken as it is: midnight Seoul is 15:00 UTC the day before.
      expect(
        (await list(reader, `from=${encodeURIComponent('2025-03-09T15:00:00Z')}&to=${encodeURIComponent('2025-03-10T00:00:00+09:00')}`)).items.map((l) => l.id),
      ).toEqual([ids.midnight]);
    });

    it('filters by one or several emotions, a tag and an activity', async () => {
      expect((await list(reader, 'emotion=joy')).items.map((l) => l.id)).toEqual([ids.weekLater, ids.morning]);
      expect((await list(reader, 'emotion=anger,loneliness')).items.map((l) => l.id)).toEqual([ids.nextDay, ids.lateNight]);
      expect((await list(reader, `tag=${encodeURIComponent('밤')}`)).items.map((l) => l.id)).toEqual([ids.morning, ids.lateNight]);
      expect((await list(reader, `activity=${encodeURIComponent('업무')}&emotion=tiredness`)).items.map((l) => l.id)).toEqual([ids.midnight]);
      expect((await list(reader, `tag=${encodeURIComponent("' or 1=1 --")}`)).items).toEqual([]);
    });

    it('serves pages from the read cache, which every write of the owner forgets', async () => {
      const writer = await account(t);
      const kept = await make(writer, { emotion: 'calm', intensity: 3, feltAt: '2025-04-01T09:00:00+09:00' });
      const ids = async () => (await list(writer, 'limit=5')).items.map((l) => [l.id, l.intensity]);
      expect(await ids()).toEqual([[kept.id, 3]]);
      expect(await ids()).toEqual([[kept.id, 3]]);
      const added = await make(writer, { emotion: 'joy', intensity: 6, feltAt: '2025-04-02T09:00:00+09:00' });
      expect(await ids()).toEqual([
        [added.id, 6],
        [kept.id, 3],
      ]);
      expect((await t.api.patch(`/api/v1/emotions/${kept.id}`, { token: writer.token, body: { intensity: 9 } })).status).toBe(200);
      expect(await ids()).toEqual([
        [added.id, 6],
        [kept.id, 9],
      ]);
      expect((await t.api.delete(`/api/v1/emotions/${added.id}`, { token: writer.token })).status).toBe(200);
      expect(await ids()).toEqual([[kept.id, 9]]);
      // Another user's write leaves this user's cached page alone, and this page is theirs only.
      await make(await account(t), { emotion: 'anger', intensity: 2 });
      expect(await ids()).toEqual([[kept.id, 9]]);
      const cached = (await list(writer, 'limit=5')).items[0]!;
      expect(cached.feltAt).toBe('2025-04-01T00:00:00.000Z');
    });

    it('answers bad filters with 400', async () => {
      for (const query of [
        'emotion=happy',
        'emotion=joy,nope',
        'from=2025-13-01',
        'from=2025-03-12&to=2025-03-10',
        'limit=0',
        'limit=101',
        'page=0',
        'page=x',
        'to=yesterday',
      ]) {
        const res = await t.api.get(`/api/v1/emotions?${query}`, { token: reader.token });
        expect(res.status, query).toBe(400);
        expect(res.body.success).toBe(false);
      }
    });
  });

  describe('GET /api/v1/emotions/stats', () => {
    let person: Account;
    // The week of Monday 13 January 2025 in Seoul.
    const week = [
      // Sunday before, at 23:59 Seoul: outside the week.
      { emotion: 'sadness', intensity: 9, feltAt: '2025-01-12T23:59:00+09:00', tags: ['일요일'] },
      // Monday 00:30 Seoul is Sunday 15:30 UTC: Monday, 새벽.
      { emotion: 'anxiety', intensity: 6, feltAt: '2025-01-13T00:30:00+09:00', tags: ['회사'], activities: ['업무'] },
      { emotion: 'joy', intensity: 8, feltAt: '2025-01-13T07:00:00+09:00', tags: ['가족'], activities: ['운동'] },
      { emotion: 'joy', intensity: 6, feltAt: '2025-01-13T13:00:00+09:00', tags: ['가족', '회사'], activities: ['운동', '산책'] },
      // Tuesday 저녁 and 밤.
      { emotion: 'stress', intensity: 7, feltAt: '2025-01-14T19:00:00+09:00', tags: ['회사'], activities: ['업무'] },
      { emotion: 'calm', intensity: 2, feltAt: '2025-01-14T23:00:00+09:00', activities: ['명상'] },
      // Wednesday 오전.
      { emotion: 'joy', intensity: 4, feltAt: '2025-01-15T10:00:00+09:00', activities: ['운동'] },
      // Sunday 23:59:59 Seoul: the week's last moment.
      { emotion: 'stress', intensity: 5, feltAt: '2025-01-19T23:59:59+09:00', tags: ['회사'] },
      // Monday after, 00:00 Seoul: outside.
      { emotion: 'anger', intensity: 10, feltAt: '2025-01-20T00:00:00+09:00' },
    ];

    beforeAll(async () => {
      person = await account(t);
      for (const body of week) await make(person, body);
    });

    const stats = async (who: Account, query: string) => {
      const res = await t.api.get(`/api/v1/emotions/stats?${query}`, { token: who.token });
      expect(res.status, res.text).toBe(200);
      return res.body.data;
    };

    it('counts a Seoul calendar week, Monday first, by Seoul days', async () => {
      const s = await stats(person, 'period=week&date=2025-01-15');
      expect(s.period).toEqual({ type: 'week', from: '2025-01-13', to: '2025-01-19', days: 7 });
      expect(s.totals).toEqual({ records: 7, averageIntensity: 5.43, daysRecorded: 4, positiveShare: 0.571 });
      expect(s.daily).toHaveLength(7);
      expect(s.daily[0]).toEqual({ date: '2025-01-13', records: 3, averageIntensity: 6.67, topEmotion: 'joy' });
      expect(s.daily[1]).toEqual({ date: '2025-01-14', records: 2, averageIntensity: 4.5, topEmotion: 'calm' });
      expect(s.daily[2]).toEqual({ date: '2025-01-15', records: 1, averageIntensity: 4, topEmotion: 'joy' });
      expect(s.daily[3]).toEqual({ date: '2025-01-16', records: 0, averageIntensity: null, topEmotion: null });
      expect(s.daily[6]).toEqual({ date: '2025-01-19', records: 1, averageIntensity: 5, topEmotion: 'stress' });
    });

    it('shares out the emotions, most felt first, every emotion listed', async () => {
      const s = await stats(person, 'period=week&date=2025-01-13');
      expect(s.distribution).toHaveLength(10);
      expect(s.distribution.slice(0, 4)).toEqual([
        { emotion: 'joy', label: '기쁨', records: 3, averageIntensity: 6, share: 0.429 },
        { emotion: 'stress', label: '스트레스', records: 2, averageIntensity: 6, share: 0.286 },
        { emotion: 'calm', label: '평온', records: 1, averageIntensity: 2, share: 0.143 },
        { emotion: 'anxiety', label: '불안', records: 1, averageIntensity: 6, share: 0.143 },
      ]);
      expect(s.distribution.find((d: Log) => d.emotion === 'anger')).toEqual({ emotion: 'anger', label: '분노', records: 0, averageIntensity: null, share: 0 });
    });

    it('ranks tags and activities', async () => {
      const s = await stats(person, 'period=week&date=2025-01-19');
      expect(s.topTags).toEqual([
        { name: '회사', count: 4 },
        { name: '가족', count: 2 },
      ]);
      expect(s.topActivities).toEqual([
        { name: '운동', count: 3 },
        { name: '업무', count: 2 },
        { name: '명상', count: 1 },
        { name: '산책', count: 1 },
      ]);
    });

    it('finds the patterns by weekday and by part of the Seoul day', async () => {
      const s = await stats(person, 'period=week&date=2025-01-15');
      expect(s.byWeekday.map((d: Log) => [d.weekday, d.label, d.records, d.averageIntensity, d.topEmotion])).toEqual([
        [1, '월', 3, 6.67, 'joy'],
        [2, '화', 2, 4.5, 'calm'],
        [3, '수', 1, 4, 'joy'],
        [4, '목', 0, null, null],
        [5, '금', 0, null, null],
        [6, '토', 0, null, null],
        [7, '일', 1, 5, 'stress'],
      ]);
      expect(s.byTimeOfDay.map((p: Log) => [p.timeOfDay, p.label, p.records, p.averageIntensity, p.topEmotion])).toEqual([
        ['dawn', '새벽', 1, 6, 'anxiety'],
        ['morning', '오전', 2, 6, 'joy'],
        ['afternoon', '오후', 1, 6, 'joy'],
        ['evening', '저녁', 1, 7, 'stress'],
        ['night', '밤', 2, 3.5, 'calm'],
      ]);
    });

    it('takes calendar months and years', async () => {
      const month = await stats(person, 'period=month&date=2025-01-31');
      expect(month.period).toEqual({ type: 'month', from: '2025-01-01', to: '2025-01-31', days: 31 });
      expect(month.totals.records).toBe(9);
      expect(month.daily).toHaveLength(31);
      const year = await stats(person, 'period=year&date=2025-06-01');
      expect(year.period).toEqual({ type: 'year', from: '2025-01-01', to: '2025-12-31', days: 365 });
      expect(year.totals.records).toBe(9);
      const empty = await stats(person, 'period=month&date=2024-12-15');
      expect(empty.totals).toEqual({ records: 0, averageIntensity: null, daysRecorded: 0, positiveShare: null });
    });

    it('counts streaks of Seoul days with a record, all time', async () => {
      // 12, 13, 14, 15 January in a row, then 19 and 20 apart.
      const s = await stats(person, 'period=week&date=2025-01-15');
      expect(s.streaks).toEqual({ current: 0, longest: 4, lastRecordDate: '2025-01-20' });
    });

    it('keeps a current streak alive through yesterday', async () => {
      const runner = await account(t);
      const today = seoulToday();
      const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
      for (const n of [1, 2, 3, 5, 6, 7, 8, 9]) await make(runner, { feltAt: daysAgo(n) });
      expect((await stats(runner, 'period=week')).streaks).toEqual({ current: 3, longest: 5, lastRecordDate: addDays(today, -1) });
      // Today's record extends it; the statistics are not stale.
      await make(runner, {});
      expect((await stats(runner, 'period=week')).streaks).toEqual({ current: 4, longest: 5, lastRecordDate: today });
    });

    it('forgets cached figures when a record changes', async () => {
      const changer = await account(t);
      const log = await make(changer, { emotion: 'joy', intensity: 2, feltAt: '2025-05-05T12:00:00+09:00' });
      expect((await stats(changer, 'period=month&date=2025-05-01')).totals.averageIntensity).toBe(2);
      await t.api.patch(`/api/v1/emotions/${log.id}`, { token: changer.token, body: { intensity: 9 } });
      expect((await stats(changer, 'period=month&date=2025-05-01')).totals.averageIntensity).toBe(9);
      await t.api.delete(`/api/v1/emotions/${log.id}`, { token: changer.token });
      expect((await stats(changer, 'period=month&date=2025-05-01')).totals.records).toBe(0);
    });

    it("sees only the caller's records", async () => {
      const s = await stats(other, 'period=week&date=2025-01-15');
      expect(s.totals.records).toBe(0);
      expect(s.streaks.longest).toBe(0);
    });

    it('answers bad periods with 400', async () => {
      for (const query of ['period=day', 'period=week&date=2025-02-30', 'date=tomorrow']) {
        const res = await t.api.get(`/api/v1/emotions/stats?${query}`, { token: person.token });
        expect(res.status, query).toBe(400);
      }
    });

    it('has the table itself refuse emotions outside the set and intensities outside 1–10', async () => {
      const db = t.stores.database.db;
      await expect(db.insert(emotionLogs).values({ userId: person.id, emotion: 'meh', intensity: 5, feltAt: new Date() })).rejects.toThrow();
      await expect(db.insert(emotionLogs).values({ userId: person.id, emotion: 'joy', intensity: 11, feltAt: new Date() })).rejects.toThrow();
    });
  });
});
