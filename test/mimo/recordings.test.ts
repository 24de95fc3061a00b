import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_JOB } from '../../src/apps/mimo/recordings/retention';
import { events, mediaUploads, recordings, userSettings } from '../../src/apps/mimo/schema';
import { type TestApp, startTestApp } from '../support/app';
import { localFilesEnv, tempDir } from '../support/files';
import { type Account, account } from '../support/mimo';
import { type TestCamera, addViewer, newEvent, ownCamera, presign, putTo, uploadSegment } from '../support/mimo-events';

const DAY = 86_400_000;

describe('MIMO recordings', () => {
  let t: TestApp;
  let data: ReturnType<typeof tempDir>;
  let owner: Account;
  let viewer: Account;
  let stranger: Account;
  let cam: TestCamera;
  beforeAll(async () => {
    data = tempDir();
    t = await startTestApp('mimo', { ...(await localFilesEnv('mimo', data.path)), JOB_POLL_INTERVAL: '0.5s' });
    [owner, viewer, stranger] = await Promise.all([account(t), account(t), account(t)]);
    cam = await ownCamera(t, owner, { name: '거실' });
    await addViewer(t, cam.id, viewer);
  });
  afterAll(async () => {
    await t?.close();
    data?.remove();
  });

  const db = () => t.stores.database.db;
  const segment = (cameraId: number, eventId: number, size: number, options: Parameters<typeof uploadSegment>[4] = {}, who: Account | TestCamera = owner) =>
    uploadSegment(t, who, { cameraId, eventId }, randomBytes(size), options);
  const storedAt = (ids: number[], at: Date) => db().update(recordings).set({ createdAt: at }).where(inArray(recordings.id, ids));
  const keyOf = async (id: number) => (await db().select({ key: recordings.s3Key }).from(recordings).where(eq(recordings.id, id)))[0]?.key;
  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  };

  it('needs a token (or the camera’s credential) on every route, and describes them in the OpenAPI document', async () => {
    for (const [method, path] of [
      ['get', '/api/events'],
      ['get', '/api/events/1'],
      ['get', '/api/events/stats'],
      ['delete', '/api/events/1'],
      ['post', '/api/events/1/pin'],
      ['get', '/api/recordings'],
      ['get', '/api/recordings/1'],
      ['get', '/api/recordings/stats'],
      ['delete', '/api/recordings/1'],
      ['get', '/api/events/1/recordings'],
      ['get', '/api/clips/1/presign-get'],
      ['post', '/api/media/complete'],
      ['put', '/api/recordings/1'],
    ] as const) {
      const body = ({ 'post /api/media/complete': { uploadId: 1 }, 'put /api/recordings/1': { filename: 'x' } } as Record<string, object>)[`${method} ${path}`];
      const res = await t.api[method](path, body ? { body } : {});
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    const doc = await t.api.get('/docs/json');
    expect(doc.status).toBe(200);
    for (const path of ['/api/events', '/api/events/{id}/pin', '/api/recordings/stats', '/api/media/presign', '/api/clips/{id}/presign-get'])
      expect(doc.body.paths).toHaveProperty([path]);
    expect(doc.body.paths['/api/media/presign'].post.summary).toContain('업로드 URL 발급');
  });

  describe('reading', () => {
    let eventA: number;
    let eventB: number;
    const made: number[] = [];
    beforeAll(async () => {
      eventA = (await newEvent(t, owner, { cameraId: cam.id })).id;
      eventB = (await newEvent(t, owner, { cameraId: cam.id })).id;
      for (const [eventId, indexNum] of [
        [eventA, 1],
        [eventA, 0],
        [eventB, 0],
      ] as const)
        made.push((await segment(cam.id, eventId, 100 + indexNum, { indexNum })).recording.id);
      await storedAt([made[0]!], new Date('2026-06-01T00:00:00Z'));
      await storedAt([made[1]!], new Date('2026-06-02T00:00:00Z'));
      await storedAt([made[2]!], new Date('2026-06-03T00:00:00Z'));
    });

    it('lists newest stored first, filtered by camera, event and time, in pages', async () => {
      const list = (query: string, who: Account = owner) => t.api.get(`/api/recordings?cameraId=${cam.id}&${query}`, { token: who.token });
      const page1 = await list('limit=2');
      expect(page1.body.data.items.map((r: { id: number }) => r.id)).toEqual([made[2], made[1]]);
      expect(page1.body.data.pagination).toMatchObject({ page: 1, limit: 2, totalItems: 3, totalPages: 2, hasNext: true });
      expect((await list('limit=2&page=2')).body.data.items.map((r: { id: number }) => r.id)).toEqual([made[0]]);
      expect((await list(`eventId=${eventA}`)).body.data.items.map((r: { id: number }) => r.id)).toEqual([made[1], made[0]]);
      expect((await list('from=2026-06-02T00:00:00Z&to=2026-06-03T00:00:00Z')).body.data.items.map((r: { id: number }) => r.id)).toEqual([made[1]]);
      expect((await list('limit=10', viewer)).body.data.items).toHaveLength(3);
      expectError(await list('', stranger), 404, 'E_CAMERA_NOT_FOUND');
      expectError(await t.api.get(`/api/recordings?eventId=${eventA}`, { token: stranger.token }), 404, 'E_EVENT_NOT_FOUND');
      const theirs = await t.api.get('/api/recordings', { token: stranger.token });
      expect(theirs.body.data.items).toEqual([]);
      expectError(await list('limit=0'), 400, 'E_VALIDATION');
      expectError(await list('from=tomorrow'), 400, 'E_VALIDATION');
    });

    it('lists an event’s segments in order, for those who may see it', async () => {
      const res = await t.api.get(`/api/events/${eventA}/recordings`, { token: viewer.token });
      expect(res.body.data.map((r: { indexNum: number; id: number }) => [r.indexNum, r.id])).toEqual([
        [0, made[1]],
        [1, made[0]],
      ]);
      expectError(await t.api.get(`/api/events/${eventA}/recordings`, { token: stranger.token }), 404, 'E_EVENT_NOT_FOUND');
      expectError(await t.api.get('/api/events/987654321/recordings', { token: owner.token }), 404, 'E_EVENT_NOT_FOUND');
    });

    it('shows one recording to the owner and viewers only, without its storage key', async () => {
      const res = await t.api.get(`/api/recordings/${made[0]}`, { token: viewer.token });
      expect(res.body.data).toMatchObject({ id: made[0], eventId: eventA, cameraId: cam.id, indexNum: 1, fileSize: 101, format: 'mp4' });
      expect(res.text).not.toContain('recordings/');
      expectError(await t.api.get(`/api/recordings/${made[0]}`, { token: stranger.token }), 404, 'E_RECORDING_NOT_FOUND');
      expectError(await t.api.get('/api/recordings/0', { token: owner.token }), 400, 'E_VALIDATION');
    });
  });

  describe('changing', () => {
    it('lets the owner describe a recording, never its file, size, camera or event', async () => {
      const eventId = (await newEvent(t, owner, { cameraId: cam.id })).id;
      const { recording } = await segment(cam.id, eventId, 64);
      const path = `/api/recordings/${recording.id}`;
      const res = await t.api.put(path, {
        token: owner.token,
        body: { filename: '택배 도착', indexNum: 3, startedAt: '2026-06-01T09:00:00Z', endedAt: '2026-06-01T09:00:30Z', duration: 30 },
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ filename: '택배 도착', indexNum: 3, duration: 30, startedAt: '2026-06-01T09:00:00.000Z', fileSize: 64 });
      for (const body of [{ fileSize: 1 }, { s3Key: 'recordings/1/1/x.mp4' }, { cameraId: 1 }, { eventId: 1 }, {}, { duration: -1 }, { indexNum: 'first' }]) {
        expectError(await t.api.put(path, { token: owner.token, body }), 400, 'E_VALIDATION');
      }
      // An end before the stored start is refused too.
      expectError(await t.api.put(path, { token: owner.token, body: { endedAt: '2026-06-01T08:00:00Z' } }), 400, 'E_VALIDATION');
      expectError(await t.api.put(path, { token: viewer.token, body: { filename: 'x' } }), 403, 'E_CAMERA_OWNER_ONLY');
      expectError(await t.api.put(path, { token: stranger.token, body: { filename: 'x' } }), 404, 'E_RECORDING_NOT_FOUND');
      expect((await t.api.get(path, { token: owner.token })).body.data.filename).toBe('택배 도착');
    });

    it('deletes a recording with its stored file, for the owner only', async () => {
      const eventId = (await newEvent(t, owner, { cameraId: cam.id })).id;
      const { recording } = await segment(cam.id, eventId, 64);
      const key = (await keyOf(recording.id))!;
      const path = `/api/recordings/${recording.id}`;
      expectError(await t.api.delete(path, { token: viewer.token }), 403, 'E_CAMERA_OWNER_ONLY');
      expectError(await t.api.delete(path, { token: stranger.token }), 404, 'E_RECORDING_NOT_FOUND');
      expect(await t.app.storage.stat(key)).toEqual({ size: 64, contentType: 'video/mp4' });
      const res = await t.api.delete(path, { token: owner.token });
      expect(res.body).toMatchObject({ ok: true, data: null, message: '녹화 파일이 삭제되었습니다.' });
      expect(await t.app.storage.stat(key)).toBeUndefined();
      expectError(await t.api.get(path, { token: owner.token }), 404, 'E_RECORDING_NOT_FOUND');
    });

    it('deletes an event’s recordings and their files with the event', async () => {
      const eventId = (await newEvent(t, owner, { cameraId: cam.id })).id;
      const { recording } = await segment(cam.id, eventId, 32);
      const key = (await keyOf(recording.id))!;
      const pending = (await presign(t, owner, { cameraId: cam.id, eventId, fileSize: 16 })).body.data;
      await putTo(pending, randomBytes(16));
      expect((await t.api.delete(`/api/events/${eventId}`, { token: owner.token })).status).toBe(200);
      expect(await t.app.storage.stat(key)).toBeUndefined();
      expect(await t.app.storage.stat(pending.key)).toBeUndefined();
      expect((await t.api.get(`/api/recordings/${recording.id}`, { token: owner.token })).status).toBe(404);
    });
  });

  describe('GET /api/recordings/stats', () => {
    it('sums a fixed set by camera and Seoul day', async () => {
      const me = await account(t);
      const [a, b] = [await ownCamera(t, me, { name: 'A' }), await ownCamera(t, me, { name: 'B' })];
      const [ea, eb] = [(await newEvent(t, me, { cameraId: a.id })).id, (await newEvent(t, me, { cameraId: b.id })).id];
      const r1 = (await segment(a.id, ea, 100, { complete: { durationSec: 10 } }, me)).recording.id;
      const r2 = (await segment(a.id, ea, 200, { complete: { durationSec: 20 } }, me)).recording.id;
      const r3 = (await segment(b.id, eb, 400, { complete: { durationSec: 40 } }, me)).recording.id;
      // 14:59Z is still the 1st in Seoul; 15:00Z is the 2nd.
      await storedAt([r1], new Date('2026-07-01T14:59:00Z'));
      await storedAt([r2], new Date('2026-07-01T15:00:00Z'));
      await storedAt([r3], new Date('2026-07-02T01:00:00Z'));
      const res = await t.api.get('/api/recordings/stats', { token: me.token });
      expect(res.body.data).toEqual({
        count: 3,
        bytes: 700,
        duration: 70,
        byCamera: [
          { cameraId: a.id, name: 'A', count: 2, bytes: 300, duration: 30 },
          { cameraId: b.id, name: 'B', count: 1, bytes: 400, duration: 40 },
        ],
        byDay: [
          { date: '2026-07-01', count: 1, bytes: 100, duration: 10 },
          { date: '2026-07-02', count: 2, bytes: 600, duration: 60 },
        ],
      });
      const one = await t.api.get(`/api/recordings/stats?cameraId=${a.id}&to=2026-07-01T15:00:00Z`, { token: me.token });
      expect(one.body.data).toMatchObject({ count: 1, bytes: 100, duration: 10 });
      expectError(await t.api.get(`/api/recordings/stats?cameraId=${a.id}`, { token: stranger.token }), 404, 'E_CAMERA_NOT_FOUND');
      expect((await t.api.get('/api/recordings/stats', { token: stranger.token })).body.data.count).toBe(0);
    });
  });

  describe(`retention job ${RETENTION_JOB}`, () => {
    it('removes what outlived the owner’s storage days, with its files; pinned events keep everything', async () => {
      const me = await account(t);
      await db().insert(userSettings).values({ userId: me.id, storageDays: 7 });
      const home = await ownCamera(t, me);
      const old = new Date(Date.now() - 8 * DAY);
      const pinned = (await newEvent(t, me, { cameraId: home.id })).id;
      const plain = (await newEvent(t, me, { cameraId: home.id })).id;
      const bare = (await newEvent(t, me, { cameraId: home.id, startedAt: old.toISOString() })).id;
      const recent = (await newEvent(t, me, { cameraId: home.id, startedAt: old.toISOString() })).id;
      await t.api.post(`/api/events/${pinned}/pin`, { token: me.token });
      const keptPinned = (await segment(home.id, pinned, 10, {}, me)).recording.id;
      const expired = (await segment(home.id, plain, 10, {}, me)).recording.id;
      const fresh = (await segment(home.id, plain, 10, {}, me)).recording.id;
      const young = (await segment(home.id, recent, 10, {}, me)).recording.id;
      await storedAt([keptPinned, expired], old);
      await storedAt([young], new Date(Date.now() - 6 * DAY));
      // Another owner keeps 30 days (the default): eight days old is young for them.
      const other = await account(t);
      const theirCam = await ownCamera(t, other);
      const theirs = (await segment(theirCam.id, (await newEvent(t, other, { cameraId: theirCam.id })).id, 10, {}, other)).recording.id;
      await storedAt([theirs], old);
      // An upload never completed, its URL expired two days ago, its file in storage.
      const stale = (await presign(t, me, { cameraId: home.id, eventId: plain, fileSize: 8 })).body.data;
      await putTo(stale, randomBytes(8));
      await db()
        .update(mediaUploads)
        .set({ expiresAt: new Date(Date.now() - 2 * DAY) })
        .where(eq(mediaUploads.id, stale.uploadId));
      // A completed upload's row goes a day after completion; its file is the recording's.
      const recentlyCompleted = (
        await db()
          .select({ id: mediaUploads.id })
          .from(mediaUploads)
          .where(eq(mediaUploads.key, (await keyOf(expired))!))
      )[0]!.id;
      await db()
        .update(mediaUploads)
        .set({ completedAt: new Date(Date.now() - 2 * DAY) })
        .where(eq(mediaUploads.key, (await keyOf(fresh))!));
      const keys = Object.fromEntries(
        await Promise.all(Object.entries({ keptPinned, expired, fresh, young, theirs }).map(async ([name, id]) => [name, (await keyOf(id))!])),
      );

      const id = await t.app.jobs.runNow(RETENTION_JOB);
      expect(await t.app.jobs.wait(RETENTION_JOB, id, 25_000)).toBe('completed');

      const left = (
        await db()
          .select({ id: recordings.id })
          .from(recordings)
          .where(inArray(recordings.id, [keptPinned, expired, fresh, young, theirs]))
      ).map((r) => r.id);
      expect(left.sort((x, y) => x - y)).toEqual([keptPinned, fresh, young, theirs].sort((x, y) => x - y));
      expect(await t.app.storage.stat(keys.expired!)).toBeUndefined();
      for (const name of ['keptPinned', 'fresh', 'young', 'theirs']) expect(await t.app.storage.stat(keys[name]!), name).toBeDefined();
      const eventsLeft = (
        await db()
          .select({ id: events.id })
          .from(events)
          .where(inArray(events.id, [pinned, plain, bare, recent]))
      ).map((e) => e.id);
      // The old event without recordings went; the one whose recording is young stays.
      expect(eventsLeft.sort((x, y) => x - y)).toEqual([pinned, plain, recent].sort((x, y) => x - y));
      expect(await db().select().from(mediaUploads).where(eq(mediaUploads.id, stale.uploadId))).toEqual([]);
      expect(await t.app.storage.stat(stale.key)).toBeUndefined();
      expect(await db().select().from(mediaUploads).where(eq(mediaUploads.key, keys.fresh!))).toEqual([]);
      expect(await db().select().from(mediaUploads).where(eq(mediaUploads.id, recentlyCompleted))).toHaveLength(1);
    });
  });
});
