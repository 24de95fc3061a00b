import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, userSettings } from '../../src/apps/mimo/schema';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mimo';
import { type TestCamera, addViewer, device, motionAt, ownCamera, removeViewer } from '../support/mimo-events';

describe('MIMO events', () => {
  let t: TestApp;
  let owner: Account;
  let viewer: Account;
  let stranger: Account;
  let cam: TestCamera;
  let otherCam: TestCamera;
  beforeAll(async () => {
    t = await startTestApp('mimo');
    [owner, viewer, stranger] = await Promise.all([account(t), account(t), account(t)]);
    cam = await ownCamera(t, owner, { name: '거실' });
    otherCam = await ownCamera(t, stranger, { name: '남의 집' });
    await addViewer(t, cam.id, viewer);
  });
  afterAll(async () => {
    await t?.close();
  });

  const db = () => t.stores.database.db;
  const post = (body: unknown, who: Account | TestCamera = owner) =>
    t.api.post('/api/events', 'token' in who ? { token: who.token, body } : { headers: device(who), body });
  const create = async (body: Record<string, unknown>, who: Account | TestCamera = owner) => {
    const res = await post(body, who);
    expect(res.status, res.text).toBe(201);
    return res.body.data as { id: number; [key: string]: unknown };
  };
  const expectInvalid = (res: { status: number; body: any }, field: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('E_VALIDATION');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  };
  const motionNotices = async (who: Account) =>
    (await db().select().from(notifications).where(eq(notifications.userId, who.id))).filter((n) => n.type === 'motion');

  describe('POST /api/events', () => {
    it('records an event from the owner, the duration following from its end', async () => {
      const startedAt = '2026-03-01T10:00:00.000Z';
      const event = await create({
        cameraId: cam.id,
        type: 'sound',
        startedAt,
        endedAt: '2026-03-01T10:00:42.000Z',
        score: 64.5,
        confidence: 0.75,
        metadata: { db: 71 },
        imageUrl: 'https://cdn.example.com/t.jpg',
      });
      expect(event).toMatchObject({
        cameraId: cam.id,
        type: 'sound',
        startedAt,
        duration: 42,
        score: 64.5,
        confidence: 0.75,
        isPinned: false,
        acknowledged: false,
        metadata: { db: 71 },
        imageUrl: 'https://cdn.example.com/t.jpg',
      });
      const res = await t.api.get(`/api/events/${event.id}`, { token: owner.token });
      expect(res.body.data).toMatchObject({ id: event.id, duration: 42, score: 64.5 });
    });

    it('takes the camera’s own device credential, for that camera alone', async () => {
      const event = await create({ cameraId: cam.id, type: 'manual', startedAt: new Date().toISOString() }, cam);
      expect(event.cameraId).toBe(cam.id);
      const elsewhere = await post({ cameraId: otherCam.id, type: 'manual', startedAt: new Date().toISOString() }, cam);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      const forged = await t.api.post('/api/events', {
        headers: { 'x-device-credential': `mc_${cam.id}_${'A'.repeat(43)}` },
        body: { cameraId: cam.id, type: 'manual', startedAt: new Date().toISOString() },
      });
      expect(forged.status).toBe(401);
      expect(forged.body.error.code).toBe('E_DEVICE_CREDENTIAL_INVALID');
      const anonymous = await t.api.post('/api/events', { body: { cameraId: cam.id, type: 'manual', startedAt: new Date().toISOString() } });
      expect(anonymous.status).toBe(401);
    });

    it('limits how many events one camera posts a minute', async () => {
      const me = await account(t);
      const [busy, calm] = [await ownCamera(t, me), await ownCamera(t, me)];
      const body = (cameraId: number) => ({ cameraId, type: 'manual', startedAt: new Date().toISOString() });
      for (let i = 0; i < 4; i++) {
        const statuses = await Promise.all(Array.from({ length: 30 }, () => post(body(busy.id), busy).then((r) => r.status)));
        expect(statuses.every((s) => s === 201)).toBe(true);
      }
      const over = await post(body(busy.id), me);
      expect(over.status).toBe(429);
      expect(over.body.error.code).toBe('E_RATE_LIMITED');
      expect((await post(body(calm.id), calm)).status).toBe(201);
    });

    it('refuses viewers (403) and strangers (404)', async () => {
      const body = { cameraId: cam.id, type: 'manual', startedAt: new Date().toISOString() };
      const byViewer = await post(body, viewer);
      expect(byViewer.status).toBe(403);
      expect(byViewer.body.error.code).toBe('E_CAMERA_OWNER_ONLY');
      const byStranger = await post(body, stranger);
      expect(byStranger.status).toBe(404);
      expect(byStranger.body.error.code).toBe('E_CAMERA_NOT_FOUND');
    });

    it('validates every field', async () => {
      const base = { cameraId: cam.id, type: 'motion', startedAt: '2026-03-01T10:00:00Z', score: 50 };
      expectInvalid(await post({ ...base, type: 'smoke' }), 'type');
      expectInvalid(await post({ ...base, startedAt: undefined }), 'startedAt');
      expectInvalid(await post({ ...base, startedAt: 'yesterday' }), 'startedAt');
      expectInvalid(await post({ ...base, startedAt: new Date(Date.now() + 3_600_000).toISOString() }), 'startedAt');
      expectInvalid(await post({ ...base, score: 101 }), 'score');
      expectInvalid(await post({ ...base, score: undefined }), 'score');
      expectInvalid(await post({ ...base, confidence: 1.5 }), 'confidence');
      expectInvalid(await post({ ...base, duration: 10 ** 9 }), 'duration');
      expectInvalid(await post({ ...base, endedAt: '2026-03-01T09:59:59Z' }), 'endedAt');
      expectInvalid(await post({ ...base, metadata: { blob: 'x'.repeat(5000) } }), 'metadata');
      expectInvalid(await post({ ...base, metadata: [1, 2] }), 'metadata');
      expectInvalid(await post({ ...base, imageUrl: 'javascript:alert(1)' }), 'imageUrl');
      expectInvalid(await post({ ...base, cameraId: 'one' }), 'cameraId');
      expectInvalid(await post({ ...base, isPinned: true }), 'isPinned');
      const english = await t.api.post('/api/events', {
        token: owner.token,
        headers: { 'accept-language': 'en' },
        body: { ...base, endedAt: '2026-03-01T09:00:00Z' },
      });
      expect(english.body.error.details).toContainEqual({ field: 'endedAt', message: 'The end cannot be before the start.' });
    });
  });

  describe('GET /api/events', () => {
    let listCam: TestCamera;
    const ids: number[] = [];
    beforeAll(async () => {
      listCam = await ownCamera(t, owner, { name: '현관' });
      await addViewer(t, listCam.id, viewer);
      // Twelve events, two of them sharing each start time, so paging must order by id as well.
      for (let i = 0; i < 12; i++) {
        const startedAt = new Date(Date.UTC(2026, 0, 10, 12, Math.floor(i / 2))).toISOString();
        const type = (['motion', 'sound', 'manual'] as const)[i % 3];
        ids.push((await create({ cameraId: listCam.id, type, startedAt, score: i * 8, metadata: { i } })).id);
      }
      await t.api.post(`/api/events/${ids[0]}/pin`, { token: owner.token });
      await t.api.put(`/api/events/${ids[1]}`, { token: owner.token, body: { acknowledged: true } });
    });
    const list = (query: string, who: Account = owner) => t.api.get(`/api/events?cameraId=${listCam.id}&${query}`, { token: who.token });

    it('pages newest first by cursor, without skipping or repeating rows of the same start', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await list(`limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.data.items.map((e: { id: number }) => e.id));
        expect(res.body.data.hasMore).toBe(res.body.data.nextCursor !== null);
        cursor = res.body.data.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      // Newest start first; of two with the same start, the later id first.
      const expected = [...ids].sort((a, b) => Math.floor(ids.indexOf(b) / 2) - Math.floor(ids.indexOf(a) / 2) || b - a);
      expect(seen).toEqual(expected);
    });

    it('filters by type, time, score, pinned and acknowledged', async () => {
      const idsOf = async (query: string) => ((await list(query)).body.data.items as Array<{ id: number }>).map((e) => e.id).sort((a, b) => a - b);
      expect(await idsOf('type=sound')).toEqual([ids[1], ids[4], ids[7], ids[10]]);
      expect(await idsOf('from=2026-01-10T12:04:00Z&to=2026-01-10T12:05:00Z')).toEqual([ids[8], ids[9]]);
      expect(await idsOf('minScore=72')).toEqual([ids[9], ids[10], ids[11]]);
      expect(await idsOf('pinned=true')).toEqual([ids[0]]);
      expect(await idsOf('acknowledged=true')).toEqual([ids[1]]);
      expect((await idsOf('acknowledged=false')).length).toBe(11);
      expect(await idsOf('type=motion&minScore=40')).toEqual([ids[6], ids[9]]);
    });

    it('refuses bad filters and cursors', async () => {
      expectInvalid(await list('type=fire'), 'type');
      expectInvalid(await list('pinned=yes'), 'pinned');
      expectInvalid(await list('limit=1000'), 'limit');
      expectInvalid(await list('minScore=-1'), 'minScore');
      expectInvalid(await list('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 'from');
      expectInvalid(await list('cursor=not-a-cursor'), 'cursor');
    });

    it('shows a viewer the cameras they watch, and nothing of a stranger’s', async () => {
      expect((await list('limit=100', viewer)).body.data.items).toHaveLength(12);
      const denied = await list('', stranger);
      expect(denied.status).toBe(404);
      expect(denied.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      const all = await t.api.get('/api/events?limit=100', { token: stranger.token });
      expect(all.body.data.items.every((e: { cameraId: number }) => e.cameraId === otherCam.id)).toBe(true);
      const viewerAll = await t.api.get('/api/events?limit=100', { token: viewer.token });
      const cameras = new Set(viewerAll.body.data.items.map((e: { cameraId: number }) => e.cameraId));
      expect([...cameras].sort()).toEqual([cam.id, listCam.id].sort());
    });

    it('stops showing a camera once the viewer is removed', async () => {
      const late = await account(t);
      await addViewer(t, listCam.id, late);
      expect((await list('limit=1', late)).status).toBe(200);
      await removeViewer(t, listCam.id, late);
      expect((await list('limit=1', late)).status).toBe(404);
      expect((await t.api.get(`/api/events/${ids[0]}`, { token: late.token })).status).toBe(404);
    });
  });

  describe('GET/PUT/DELETE /api/events/:id and the pin', () => {
    it('lets the owner acknowledge and complete an event; not its camera, type or start', async () => {
      const event = await create({ cameraId: cam.id, type: 'motion', startedAt: '2026-04-01T00:00:00Z', score: 10 });
      const done = await t.api.put(`/api/events/${event.id}`, {
        token: owner.token,
        body: { acknowledged: true, endedAt: '2026-04-01T00:01:30Z', metadata: { note: '택배' } },
      });
      expect(done.status).toBe(200);
      expect(done.body.message).toBe('이벤트가 수정되었습니다.');
      expect(done.body.data).toMatchObject({ acknowledged: true, endedAt: '2026-04-01T00:01:30.000Z', duration: 90, metadata: { note: '택배' } });
      expectInvalid(await t.api.put(`/api/events/${event.id}`, { token: owner.token, body: { cameraId: otherCam.id } }), 'cameraId');
      expectInvalid(await t.api.put(`/api/events/${event.id}`, { token: owner.token, body: { startedAt: '2026-04-02T00:00:00Z' } }), 'startedAt');
      expectInvalid(await t.api.put(`/api/events/${event.id}`, { token: owner.token, body: {} }), 'body');
      expectInvalid(await t.api.put(`/api/events/${event.id}`, { token: owner.token, body: { endedAt: '2026-03-31T00:00:00Z' } }), 'endedAt');
      expectInvalid(await t.api.put(`/api/events/${event.id}`, { token: owner.token, body: { acknowledged: 'yes' } }), 'acknowledged');
      const unchanged = await t.api.get(`/api/events/${event.id}`, { token: owner.token });
      expect(unchanged.body.data).toMatchObject({ cameraId: cam.id, type: 'motion', startedAt: '2026-04-01T00:00:00.000Z' });
      const byDevice = await t.api.put(`/api/events/${event.id}`, { headers: device(cam), body: { duration: 120 } });
      expect(byDevice.body.data.duration).toBe(120);
      expect((await t.api.put(`/api/events/${event.id}`, { headers: device(otherCam), body: { duration: 1 } })).status).toBe(404);
    });

    it('lets a viewer read but not change, pin or delete; a stranger gets 404 everywhere', async () => {
      const event = await create({ cameraId: cam.id, type: 'manual', startedAt: '2026-04-03T00:00:00Z' });
      const path = `/api/events/${event.id}`;
      expect((await t.api.get(path, { token: viewer.token })).status).toBe(200);
      for (const res of [
        await t.api.put(path, { token: viewer.token, body: { acknowledged: true } }),
        await t.api.post(`${path}/pin`, { token: viewer.token }),
        await t.api.delete(path, { token: viewer.token }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('E_CAMERA_OWNER_ONLY');
      }
      for (const res of [
        await t.api.get(path, { token: stranger.token }),
        await t.api.put(path, { token: stranger.token, body: { acknowledged: true } }),
        await t.api.post(`${path}/pin`, { token: stranger.token }),
        await t.api.delete(path, { token: stranger.token }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('E_EVENT_NOT_FOUND');
      }
      const after = await t.api.get(path, { token: owner.token });
      expect(after.body.data).toMatchObject({ acknowledged: false, isPinned: false });
      expect((await t.api.get('/api/events/abc', { token: owner.token })).status).toBe(400);
      expect((await t.api.get('/api/events/999999999', { token: owner.token })).body.error.code).toBe('E_EVENT_NOT_FOUND');
    });

    it('toggles the pin', async () => {
      const event = await create({ cameraId: cam.id, type: 'manual', startedAt: '2026-04-04T00:00:00Z' });
      const pinned = await t.api.post(`/api/events/${event.id}/pin`, { token: owner.token });
      expect(pinned.body.data.isPinned).toBe(true);
      const unpinned = await t.api.post(`/api/events/${event.id}/pin`, { token: owner.token });
      expect(unpinned.body.data.isPinned).toBe(false);
    });

    it('deletes for the owner only', async () => {
      const event = await create({ cameraId: cam.id, type: 'manual', startedAt: '2026-04-05T00:00:00Z' });
      const res = await t.api.delete(`/api/events/${event.id}`, { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, data: null, message: '이벤트가 삭제되었습니다.' });
      expect((await t.api.get(`/api/events/${event.id}`, { token: owner.token })).status).toBe(404);
      expect((await t.api.delete(`/api/events/${event.id}`, { token: owner.token })).status).toBe(404);
    });
  });

  describe('GET /api/events/stats', () => {
    it('counts a fixed set by type, Seoul day and camera', async () => {
      const me = await account(t);
      const [a, b] = [await ownCamera(t, me, { name: 'A' }), await ownCamera(t, me, { name: 'B' })];
      const shared = await ownCamera(t, stranger, { name: '공유' });
      await addViewer(t, shared.id, me);
      // 2026-02-01T14:59Z is 23:59 in Seoul on the 1st; 15:00Z is midnight of the 2nd.
      const made = [
        await create({ cameraId: a.id, type: 'motion', startedAt: '2026-02-01T14:59:00Z', score: 90 }, me),
        await create({ cameraId: a.id, type: 'motion', startedAt: '2026-02-01T15:00:00Z', score: 20 }, me),
        await create({ cameraId: a.id, type: 'sound', startedAt: '2026-02-02T03:00:00Z', score: 55 }, me),
        await create({ cameraId: b.id, type: 'scheduled', startedAt: '2026-02-02T05:00:00Z' }, me),
        await create({ cameraId: shared.id, type: 'manual', startedAt: '2026-02-03T01:00:00Z' }, stranger),
      ];
      await t.api.post(`/api/events/${made[0]!.id}/pin`, { token: me.token });
      await t.api.put(`/api/events/${made[2]!.id}`, { token: me.token, body: { acknowledged: true } });
      const all = await t.api.get('/api/events/stats', { token: me.token });
      expect(all.status).toBe(200);
      expect(all.body.data).toEqual({
        total: 5,
        pinned: 1,
        unacknowledged: 4,
        byType: { motion: 2, sound: 1, manual: 1, scheduled: 1 },
        byDay: [
          { date: '2026-02-01', count: 1 },
          { date: '2026-02-02', count: 3 },
          { date: '2026-02-03', count: 1 },
        ],
        byCamera: [
          { cameraId: a.id, name: 'A', count: 3 },
          { cameraId: b.id, name: 'B', count: 1 },
          { cameraId: shared.id, name: '공유', count: 1 },
        ].sort((x, y) => x.cameraId - y.cameraId),
        totalEvents: 5,
        todayEvents: 0,
        pinnedEvents: 1,
        eventsByType: { motion: 2, sound: 1, manual: 1, scheduled: 1 },
        averageScore: 55,
      });
      const one = await t.api.get(`/api/events/stats?cameraId=${a.id}&from=2026-02-01T15:00:00Z`, { token: me.token });
      expect(one.body.data).toMatchObject({ total: 2, byType: { motion: 1, sound: 1, manual: 0, scheduled: 0 }, byDay: [{ date: '2026-02-02', count: 2 }] });
      expect((await t.api.get(`/api/events/stats?cameraId=${a.id}`, { token: stranger.token })).status).toBe(404);
      expectInvalid(await t.api.get('/api/events/stats?from=soon', { token: me.token }), 'from');
      const theirs = await t.api.get('/api/events/stats', { token: stranger.token });
      expect(theirs.body.data.byCamera.map((c: { cameraId: number }) => c.cameraId)).not.toContain(a.id);
    });
  });

  describe('motion notifications', () => {
    const settings = (who: Account, values: Partial<typeof userSettings.$inferInsert>) =>
      db()
        .insert(userSettings)
        .values({ userId: who.id, ...values });

    it('tell the owner and viewers by their settings, once per cooldown', async () => {
      const me = await account(t);
      const [keen, picky, quiet] = await Promise.all([account(t), account(t), account(t)]);
      const home = await ownCamera(t, me, { name: '거실' });
      for (const person of [keen, picky, quiet]) await addViewer(t, home.id, person);
      await settings(keen, { motionSensitivity: 100 });
      await settings(picky, { motionSensitivity: 10 });
      await settings(quiet, { notificationEnabled: false });

      const first = await create(motionAt(home.id, 30, 70), home);
      const [mine] = await motionNotices(me);
      expect(mine).toMatchObject({
        type: 'motion',
        title: '움직임 감지',
        message: '거실에서 움직임이 감지되었습니다.',
        data: { cameraId: home.id, eventId: first.id },
      });
      expect(await motionNotices(keen)).toHaveLength(1);
      // Sensitivity 10 lets through scores of 90 and more; switched off hears nothing.
      expect(await motionNotices(picky)).toHaveLength(0);
      expect(await motionNotices(quiet)).toHaveLength(0);

      // A burst: the owner and keen viewer hear nothing more; picky hears of the first strong one.
      for (let i = 0; i < 3; i++) await create(motionAt(home.id, 20 - i, 95), home);
      expect(await motionNotices(me)).toHaveLength(1);
      expect(await motionNotices(keen)).toHaveLength(1);
      expect(await motionNotices(picky)).toHaveLength(1);
      expect(await motionNotices(quiet)).toHaveLength(0);
    });

    it('skip weak motion, other event types and cameras with notifications off', async () => {
      const me = await account(t);
      const home = await ownCamera(t, me);
      await create(motionAt(home.id, 30, 49), me);
      await create({ cameraId: home.id, type: 'sound', startedAt: new Date().toISOString(), score: 100 }, me);
      expect(await motionNotices(me)).toHaveLength(0);
      // The weak one did not start a cooldown.
      await create(motionAt(home.id, 5, 50), me);
      expect(await motionNotices(me)).toHaveLength(1);

      const muted = await ownCamera(t, me, { settings: { notificationsEnabled: false } });
      const other = await account(t);
      await addViewer(t, muted.id, other);
      await create(motionAt(muted.id, 5, 100), me);
      expect(await motionNotices(other)).toHaveLength(0);
    });

    it('keep one cooldown per camera: another camera still notifies', async () => {
      const me = await account(t);
      const [one, two] = [await ownCamera(t, me), await ownCamera(t, me)];
      await create(motionAt(one.id), me);
      await create(motionAt(one.id), me);
      await create(motionAt(two.id), me);
      const notices = await motionNotices(me);
      expect(notices.map((n) => (n.data as { cameraId: number }).cameraId).sort()).toEqual([one.id, two.id].sort());
    });
  });
});
