import { sql } from 'drizzle-orm';
import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { statusLogCleanup } from '../../src/apps/mimo/cameras/cleanup';
import { CameraStatus } from '../../src/apps/mimo/cameras/status';
import { SWEEPER_JOB } from '../../src/apps/mimo/cameras/sweeper';
import { cameraRoom } from '../../src/apps/mimo/live/rooms';
import { userRoom } from '../../src/platform/realtime/gateway';
import { sha256 } from '../../src/platform/auth/crypto';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mimo';
import { camera, grantViewer, rows, uniqueDeviceId } from '../support/mimo-cameras';
import { collect, connect, connected, eventually, pause } from '../support/sockets';

describe('MIMO cameras', () => {
  let t: TestApp;
  let owner: Account;
  let viewer: Account;
  let stranger: Account;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp('mimo');
    [owner, viewer, stranger] = await Promise.all([account(t, ['USER'], '집주인'), account(t, ['USER'], '가족'), account(t, ['USER'], '남')]);
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const db = () => t.stores.database.db;
  const cameraRow = async (id: number) => (await rows<Record<string, any>>(t, sql`select * from mimo.cameras where id = ${id}`))[0];
  const heartbeat = (id: number, options: { credential?: string; token?: string; body?: unknown } = {}) =>
    t.api.post(`/api/cameras/${id}/heartbeat`, {
      token: options.token,
      body: options.body,
      headers: options.credential === undefined ? {} : { 'x-device-credential': options.credential },
    });

  describe('POST /api/cameras', () => {
    it('registers a camera to the caller and shows its device credential once, storing only its hash', async () => {
      const deviceId = uniqueDeviceId('reg');
      const res = await t.api.post('/api/cameras', {
        token: owner.token,
        body: { name: ' 현관 ', deviceId, location: '현관', firmware: '1.0.0', settings: { motionSensitivity: 70 } },
      });
      expect(res.status).toBe(201);
      const { camera: cam, deviceCredential } = res.body.data;
      expect(cam).toMatchObject({
        name: '현관',
        deviceId,
        location: '현관',
        firmware: '1.0.0',
        status: 'offline',
        role: 'owner',
        settings: { motionSensitivity: 70 },
        lastHeartbeat: null,
      });
      expect(deviceCredential).toMatch(new RegExp(`^mc_${cam.id}_[A-Za-z0-9_-]{43}$`));
      expect(res.text).not.toMatch(/secret|hash/i);
      const row = await cameraRow(cam.id);
      expect(Number(row!.user_id)).toBe(owner.id);
      expect(row!.device_secret_hash).toBe(sha256(deviceCredential.slice(`mc_${cam.id}_`.length)));
      expect(row!.device_secret_hash).not.toContain(deviceCredential);
      // Shown once: reading the camera again never gives the credential.
      const again = await t.api.get(`/api/cameras/${cam.id}`, { token: owner.token });
      expect(again.text).not.toContain(deviceCredential.slice(-20));
    });

    it('refuses bad input with E_VALIDATION', async () => {
      const bad = [
        {},
        { name: '카메라' },
        { deviceId: uniqueDeviceId() },
        { name: 42, deviceId: uniqueDeviceId() },
        { name: '   ', deviceId: uniqueDeviceId() },
        { name: 'x'.repeat(101), deviceId: uniqueDeviceId() },
        { name: '카메라', deviceId: 'x'.repeat(256) },
        { name: '카메라', deviceId: 'has spaces and / slashes' },
        { name: '카메라', deviceId: uniqueDeviceId(), settings: { motionSensitivity: 500 } },
        { name: '카메라', deviceId: uniqueDeviceId(), settings: { unknownKey: true } },
        { name: '카메라', deviceId: uniqueDeviceId(), userId: stranger.id },
        { name: '카메라', deviceId: uniqueDeviceId(), status: 'online' },
      ];
      for (const body of bad) {
        const res = await t.api.post('/api/cameras', { token: owner.token, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
      }
    });

    it('refuses a device id already registered, by anyone', async () => {
      const cam = await camera(t, owner);
      const res = await t.api.post('/api/cameras', { token: stranger.token, body: { name: '내 카메라', deviceId: cam.deviceId } });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'E_DEVICE_ALREADY_REGISTERED', message: '이미 등록된 기기입니다.' });
      const english = await t.api.post('/api/cameras', {
        token: stranger.token,
        body: { name: 'mine', deviceId: cam.deviceId },
        headers: { 'accept-language': 'en' },
      });
      expect(english.body.error.message).toBe('This device is already registered.');
    });

    it('stops at 20 cameras an account', async () => {
      const me = await account(t);
      await db().execute(sql`insert into mimo.cameras (user_id, name, device_id, device_secret_hash)
        select ${me.id}, 'cam ' || n, ${uniqueDeviceId('bulk')} || '-' || n, 'x' from generate_series(1, 20) n`);
      const res = await t.api.post('/api/cameras', { token: me.token, body: { name: '21번째', deviceId: uniqueDeviceId() } });
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'E_CAMERA_LIMIT_REACHED', message: '한 계정에 등록할 수 있는 카메라는 최대 20대입니다.' });
    });

    it('needs a signed-in user', async () => {
      const res = await t.api.post('/api/cameras', { body: { name: '카메라', deviceId: uniqueDeviceId() } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('E_UNAUTHORIZED');
    });
  });

  describe('GET /api/cameras', () => {
    it('lists my cameras and those I may watch, each with my role, and nobody else’s', async () => {
      const me = await account(t);
      const friend = await account(t);
      const mine = await camera(t, me, { name: '내 거실' });
      const theirs = await camera(t, friend, { name: '친구 현관' });
      await camera(t, friend, { name: '친구 방' });
      await grantViewer(t, theirs.id, me);
      const res = await t.api.get('/api/cameras', { token: me.token });
      expect(res.status).toBe(200);
      expect(res.body.data.items.map((c: any) => [c.id, c.role])).toEqual([
        [theirs.id, 'viewer'],
        [mine.id, 'owner'],
      ]);
      // Viewers see the device id too: it is the camera's address in the app's live protocol, not a credential.
      const watched = res.body.data.items.find((c: any) => c.id === theirs.id);
      expect(watched.deviceId).toBe(theirs.deviceId);
      // The secret is all after "mc_<id>_" (base64url: it may hold underscores of its own).
      expect(JSON.stringify(res.body)).not.toContain(theirs.credential.replace(/^mc_\d+_/, ''));
      expect(res.body.data.items.find((c: any) => c.id === mine.id).deviceId).toBe(mine.deviceId);
      expect(res.body.data.pagination).toMatchObject({ page: 1, totalItems: 2, totalPages: 1 });

      const owned = await t.api.get('/api/cameras?role=owner', { token: me.token });
      expect(owned.body.data.items.map((c: any) => c.id)).toEqual([mine.id]);
      const watching = await t.api.get('/api/cameras?role=viewer', { token: me.token });
      expect(watching.body.data.items.map((c: any) => c.id)).toEqual([theirs.id]);
      const other = await t.api.get('/api/cameras', { token: (await account(t)).token });
      expect(other.body.data.items).toEqual([]);
    });

    it('filters by status and pages', async () => {
      const me = await account(t);
      const cams = [];
      for (let i = 0; i < 3; i++) cams.push(await camera(t, me, { name: `카메라 ${i}` }));
      await heartbeat(cams[1]!.id, { credential: cams[1]!.credential });
      const online = await t.api.get('/api/cameras?status=online', { token: me.token });
      expect(online.body.data.items.map((c: any) => c.id)).toEqual([cams[1]!.id]);
      const page2 = await t.api.get('/api/cameras?limit=2&page=2', { token: me.token });
      expect(page2.body.data.items.map((c: any) => c.id)).toEqual([cams[0]!.id]);
      expect(page2.body.data.pagination).toMatchObject({ page: 2, limit: 2, totalItems: 3, totalPages: 2, hasNext: false, hasPrev: true });
      for (const query of ['status=sleeping', 'limit=1000', 'page=0', 'role=admin']) {
        const res = await t.api.get(`/api/cameras?${query}`, { token: me.token });
        expect(res.status, query).toBe(400);
        expect(res.body.error.code).toBe('E_VALIDATION');
      }
    });
  });

  describe('GET /api/cameras/:id', () => {
    it('shows the camera to its owner and its viewers, and to nobody else', async () => {
      const cam = await camera(t, owner);
      await grantViewer(t, cam.id, viewer);
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: owner.token })).body.data).toMatchObject({
        id: cam.id,
        role: 'owner',
        deviceId: cam.deviceId,
      });
      const seen = await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token });
      expect(seen.body.data).toMatchObject({ id: cam.id, role: 'viewer', deviceId: cam.deviceId });
      expect(seen.text).not.toContain(cam.credential);
      const hidden = await t.api.get(`/api/cameras/${cam.id}`, { token: stranger.token });
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual({ ok: false, error: { code: 'E_CAMERA_NOT_FOUND', message: '카메라를 찾을 수 없습니다.' } });
      expect((await t.api.get('/api/cameras/999999999', { token: owner.token })).body.error.code).toBe('E_CAMERA_NOT_FOUND');
      expect((await t.api.get('/api/cameras/abc', { token: owner.token })).status).toBe(400);
    });
  });

  describe('PUT /api/cameras/:id', () => {
    it('changes name, location, firmware and settings, merging settings', async () => {
      const cam = await camera(t, owner, { settings: { nightVision: true } });
      const res = await t.api.put(`/api/cameras/${cam.id}`, {
        token: owner.token,
        body: { name: '아기방', location: null, firmware: '2.1', settings: { motionSensitivity: 80 } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, message: '카메라 정보가 수정되었습니다.' });
      expect(res.body.data).toMatchObject({ name: '아기방', location: null, firmware: '2.1', settings: { nightVision: true, motionSensitivity: 80 } });
    });

    it('refuses owner, device id, status and other fields (no mass assignment) and leaves the camera as it was', async () => {
      const cam = await camera(t, owner);
      const before = await cameraRow(cam.id);
      for (const body of [
        { userId: stranger.id },
        { deviceId: 'hijacked' },
        { status: 'online' },
        { name: '새 이름', deviceSecretHash: 'x' },
        { id: 1 },
        {},
        { settings: { motionSensitivity: 0 } },
        { name: 7 },
      ]) {
        const res = await t.api.put(`/api/cameras/${cam.id}`, { token: owner.token, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('E_VALIDATION');
      }
      expect(await cameraRow(cam.id)).toEqual(before);
    });

    it('is the owner’s alone: a viewer gets 403, anyone else 404', async () => {
      const cam = await camera(t, owner);
      await grantViewer(t, cam.id, viewer);
      const asViewer = await t.api.put(`/api/cameras/${cam.id}`, { token: viewer.token, body: { name: '뷰어가 바꿈' } });
      expect(asViewer.status).toBe(403);
      expect(asViewer.body.error.code).toBe('E_CAMERA_OWNER_ONLY');
      const asStranger = await t.api.put(`/api/cameras/${cam.id}`, { token: stranger.token, body: { name: '남이 바꿈' } });
      expect(asStranger.status).toBe(404);
      expect(asStranger.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      expect((await cameraRow(cam.id))!.name).toBe('거실 카메라');
    });
  });

  describe('DELETE /api/cameras/:id', () => {
    it('deletes the camera with its viewers, events and stored recordings; only the owner may', async () => {
      const cam = await camera(t, owner);
      await grantViewer(t, cam.id, viewer);
      const [event] = await rows<{ id: number }>(
        t,
        sql`insert into mimo.events (camera_id, type, started_at) values (${cam.id}, 'motion', now()) returning id`,
      );
      const key = `recordings/test/${cam.id}/segment.mp4`;
      await t.app.storage.put(key, Buffer.from('video'), 'video/mp4');
      await db().execute(
        sql`insert into mimo.recordings (event_id, camera_id, user_id, s3_key, file_size) values (${event!.id}, ${cam.id}, ${owner.id}, ${key}, 5)`,
      );
      expect((await t.api.delete(`/api/cameras/${cam.id}`, { token: viewer.token })).status).toBe(403);
      expect((await t.api.delete(`/api/cameras/${cam.id}`, { token: stranger.token })).status).toBe(404);
      expect(await cameraRow(cam.id)).toBeDefined();
      const res = await t.api.delete(`/api/cameras/${cam.id}`, { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: true,
        data: { deletedCamera: expect.objectContaining({ id: cam.id, deviceId: cam.deviceId, role: 'owner' }) },
        message: '카메라가 삭제되었습니다.',
      });
      expect(await cameraRow(cam.id)).toBeUndefined();
      expect(await rows(t, sql`select 1 from mimo.events where camera_id = ${cam.id}`)).toEqual([]);
      expect(await t.app.storage.get(key)).toBeUndefined();
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token })).status).toBe(404);
      expect((await t.api.delete(`/api/cameras/${cam.id}`, { token: owner.token })).status).toBe(404);
    });
  });

  describe('device credential', () => {
    it('rotates: the old credential stops working, the new one works; owner only', async () => {
      const cam = await camera(t, owner);
      await grantViewer(t, cam.id, viewer);
      expect((await t.api.post(`/api/cameras/${cam.id}/credential`, { token: viewer.token })).status).toBe(403);
      expect((await t.api.post(`/api/cameras/${cam.id}/credential`, { token: stranger.token })).status).toBe(404);
      // The phone signed in with the old credential is closed with it.
      const phone = await connected(io(t.api.baseUrl, { auth: { deviceCredential: cam.credential }, transports: ['websocket'], reconnection: false }));
      open.push(phone);
      const closed = new Promise((resolve) => phone.once('disconnect', resolve));
      const res = await t.api.post(`/api/cameras/${cam.id}/credential`, { token: owner.token });
      expect(res.status).toBe(200);
      expect(await closed).toBe('io server disconnect');
      const fresh = res.body.data.deviceCredential;
      expect(fresh).toMatch(new RegExp(`^mc_${cam.id}_`));
      expect(fresh).not.toBe(cam.credential);
      expect((await heartbeat(cam.id, { credential: cam.credential })).status).toBe(401);
      expect((await heartbeat(cam.id, { credential: fresh })).status).toBe(200);
    });
  });

  describe('POST /api/cameras/:id/heartbeat', () => {
    it('takes the device credential: online, last heartbeat and last seen now, firmware as reported', async () => {
      const cam = await camera(t, owner);
      const started = Date.now();
      const res = await heartbeat(cam.id, { credential: cam.credential, body: { firmware: '3.0.1' } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ cameraId: cam.id, status: 'online', heartbeatIntervalSec: 30 });
      const row = await cameraRow(cam.id);
      expect(row!.status).toBe('online');
      expect(row!.firmware).toBe('3.0.1');
      expect(new Date(row!.last_heartbeat).getTime()).toBeGreaterThanOrEqual(started - 1000);
      expect(new Date(row!.last_seen).getTime()).toBe(new Date(row!.last_heartbeat).getTime());
    });

    it('refuses a wrong, malformed or other camera’s credential', async () => {
      const cam = await camera(t, owner);
      const other = await camera(t, owner);
      const secret = cam.credential.slice(`mc_${cam.id}_`.length);
      const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
      for (const credential of [
        other.credential,
        `mc_${cam.id}_${flipped}`,
        `mc_${other.id}_${secret}`,
        'garbage',
        '',
        `mc_${cam.id}_${secret}x`,
        `mc_0_${secret}`,
      ]) {
        const res = await heartbeat(cam.id, { credential });
        expect(res.status, credential).toBe(401);
        expect(res.body.error.code).toBe('E_DEVICE_CREDENTIAL_INVALID');
      }
      expect((await cameraRow(cam.id))!.status).toBe('offline');
    });

    it('takes the owner’s token too, but not a viewer’s or a stranger’s, and needs one or the other', async () => {
      const cam = await camera(t, owner);
      await grantViewer(t, cam.id, viewer);
      expect((await heartbeat(cam.id, { token: viewer.token })).status).toBe(403);
      expect((await heartbeat(cam.id, { token: stranger.token })).status).toBe(404);
      const anonymous = await heartbeat(cam.id);
      expect(anonymous.status).toBe(401);
      expect((await cameraRow(cam.id))!.status).toBe('offline');
      expect((await heartbeat(cam.id, { token: owner.token })).body.data.status).toBe('online');
    });

    it('refuses a body with anything but what a beat reports', async () => {
      const cam = await camera(t, owner);
      for (const body of [{ status: 'offline' }, { firmware: 'x'.repeat(51) }, { firmware: 3 }]) {
        const res = await heartbeat(cam.id, { credential: cam.credential, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('E_VALIDATION');
      }
    });

    it('tells the owner’s sockets when the camera comes online, not on every beat', async () => {
      const cam = await camera(t, owner);
      const socket = await connected(connect(t, owner.token));
      open.push(socket);
      const seen = collect(socket, 'camera:status');
      await heartbeat(cam.id, { credential: cam.credential });
      await heartbeat(cam.id, { credential: cam.credential });
      await heartbeat(cam.id, { token: owner.token });
      await eventually(() => seen.length > 0);
      await pause(100);
      expect(seen.filter((s) => s.cameraId === cam.id)).toEqual([{ cameraId: cam.id, status: 'online', lastSeen: expect.any(String) }]);
    });
  });

  describe('offline sweeper', () => {
    const runSweeper = async () => {
      const id = await t.app.jobs.runNow(SWEEPER_JOB);
      return t.app.jobs.wait(SWEEPER_JOB, id);
    };
    const offlineNotices = (who: Account, cameraId: number) =>
      rows(
        t,
        sql`select type, priority, title, message, metadata from mimo.notifications where user_id = ${who.id} and (metadata->>'cameraId')::bigint = ${cameraId}`,
      );

    it('turns cameras silent for three beats offline, notifies their owners once, and leaves beating ones alone', async () => {
      const me = await account(t);
      const stale = await camera(t, me, { name: '베란다' });
      const fresh = await camera(t, me, { name: '주방' });
      await heartbeat(stale.id, { credential: stale.credential });
      await heartbeat(fresh.id, { credential: fresh.credential });
      // Listening before the camera goes stale: the minute's cron run may sweep it before ours does.
      const socket = await connected(connect(t, me.token));
      open.push(socket);
      const seen = collect(socket, 'camera:status');
      await db().execute(sql`update mimo.cameras set last_heartbeat = now() - interval '91 seconds' where id = ${stale.id}`);

      expect(await runSweeper()).toBe('completed');
      expect((await cameraRow(stale.id))!.status).toBe('offline');
      expect((await cameraRow(fresh.id))!.status).toBe('online');
      const notices = await offlineNotices(me, stale.id);
      expect(notices).toEqual([
        {
          type: 'system',
          priority: 'high',
          title: '카메라 연결이 끊겼어요',
          message: expect.stringContaining(`'베란다' 카메라의 신호가 90초 넘게`),
          metadata: { cameraId: stale.id },
        },
      ]);
      expect(await offlineNotices(me, fresh.id)).toEqual([]);
      await eventually(() => seen.some((s) => s.cameraId === stale.id));
      expect(seen.filter((s) => s.cameraId === stale.id)).toEqual([{ cameraId: stale.id, status: 'offline', lastSeen: expect.any(String) }]);

      expect(await runSweeper()).toBe('completed');
      expect(await offlineNotices(me, stale.id)).toHaveLength(1);
      const log = await rows<{ status: string }>(t, sql`select status from mimo.camera_status_log where camera_id = ${stale.id} order by id`);
      expect(log.map((r) => r.status)).toEqual(['online', 'offline']);
    });

    it('is due only while an online camera has gone silent (an idle minute reads, it sends no job)', async () => {
      const status = new CameraStatus(db(), t.app.gateway);
      const cam = await camera(t, owner);
      await heartbeat(cam.id, { credential: cam.credential });
      // Every other online camera of this file beat just now, so only ours can go silent here.
      await db().execute(sql`update mimo.cameras set last_heartbeat = now() where status = 'online'`);
      await db().execute(sql`update mimo.cameras set last_heartbeat = now() - interval '80 seconds' where id = ${cam.id}`);
      expect(await status.anyStale(90)).toBe(false);
      await db().execute(sql`update mimo.cameras set last_heartbeat = now() - interval '91 seconds' where id = ${cam.id}`);
      expect(await status.anyStale(90)).toBe(true);
      expect(await runSweeper()).toBe('completed');
      expect(await status.anyStale(90)).toBe(false);
    });

    it('leaves a camera that beat 80 seconds ago online', async () => {
      const cam = await camera(t, owner);
      await heartbeat(cam.id, { credential: cam.credential });
      await db().execute(sql`update mimo.cameras set last_heartbeat = now() - interval '80 seconds' where id = ${cam.id}`);
      await runSweeper();
      expect((await cameraRow(cam.id))!.status).toBe('online');
    });
  });

  describe('GET /api/cameras/:id/stats', () => {
    it('gives uptime from status changes, events by type, recordings and viewers', async () => {
      const me = await account(t);
      const cam = await camera(t, me);
      await grantViewer(t, cam.id, viewer);
      const hoursAgo = (h: number) => sql`now() - make_interval(hours => ${h})`;
      await db().execute(sql`update mimo.cameras set created_at = now() - interval '3 days' where id = ${cam.id}`);
      // Online from 30 h ago to 18 h ago, then from 6 h ago on: 6 + 6 = 12 of the last 24 hours.
      await db().execute(sql`insert into mimo.camera_status_log (camera_id, status, changed_at) values
        (${cam.id}, 'online', ${hoursAgo(30)}), (${cam.id}, 'offline', ${hoursAgo(18)}), (${cam.id}, 'online', ${hoursAgo(6)})`);
      await db().execute(sql`update mimo.cameras set status = 'online' where id = ${cam.id}`);
      await db().execute(sql`insert into mimo.events (camera_id, type, started_at) values
        (${cam.id}, 'motion', ${hoursAgo(1)}), (${cam.id}, 'motion', ${hoursAgo(2)}), (${cam.id}, 'sound', ${hoursAgo(3)}), (${cam.id}, 'manual', ${hoursAgo(30)})`);
      const [event] = await rows<{ id: number }>(t, sql`select id from mimo.events where camera_id = ${cam.id} limit 1`);
      await db().execute(sql`insert into mimo.recordings (event_id, camera_id, user_id, s3_key, file_size) values
        (${event!.id}, ${cam.id}, ${me.id}, ${`stats/${cam.id}/a.mp4`}, 1000), (${event!.id}, ${cam.id}, ${me.id}, ${`stats/${cam.id}/b.mp4`}, 2500)`);

      const res = await t.api.get(`/api/cameras/${cam.id}/stats`, { token: me.token });
      expect(res.status).toBe(200);
      const stats = res.body.data;
      expect(stats.uptime.percent).toBeCloseTo(50, 0);
      expect(stats.uptime.windowSeconds).toBeCloseTo(86_400, -1);
      expect(stats.events).toEqual({ total: 3, byType: { motion: 2, sound: 1, manual: 0, scheduled: 0 } });
      expect(stats.recordings).toEqual({ count: 2, bytes: 3500 });
      expect(stats.viewers).toEqual({ granted: 1, watching: 0 });

      const twoDays = (await t.api.get(`/api/cameras/${cam.id}/stats?days=2`, { token: me.token })).body.data;
      // 48 h: online 30→18 h ago (12 h, from before the window's start clipped to 30 h) and 6 h: 18 of 48.
      expect(twoDays.uptime.percent).toBeCloseTo(37.5, 0);
      expect(twoDays.events.byType.manual).toBe(1);
    });

    it('measures a camera registered within the window from its registration; viewers may read, strangers may not', async () => {
      const cam = await camera(t, owner);
      await grantViewer(t, cam.id, viewer);
      // Registered two hours ago, online for the last one.
      await db().execute(sql`update mimo.cameras set created_at = now() - interval '2 hours' where id = ${cam.id}`);
      await db().execute(sql`insert into mimo.camera_status_log (camera_id, status, changed_at) values (${cam.id}, 'online', now() - interval '1 hour')`);
      // The viewer watching with two tabs counts once; the owner watching is not a viewer.
      for (const who of [viewer, viewer, owner]) open.push(await connected(connect(t, who.token)));
      t.app.gateway.io.in([userRoom(viewer.id), userRoom(owner.id)]).socketsJoin(cameraRoom(cam.id));
      const res = await t.api.get(`/api/cameras/${cam.id}/stats`, { token: viewer.token });
      expect(res.status).toBe(200);
      expect(res.body.data.viewers).toEqual({ granted: 1, watching: 1 });
      expect(res.body.data.uptime.percent).toBeCloseTo(50, 0);
      expect(res.body.data.uptime.windowSeconds).toBeCloseTo(7200, -1);
      expect(res.body.data.events).toEqual({ total: 0, byType: { motion: 0, sound: 0, manual: 0, scheduled: 0 } });
      expect(res.body.data.recordings).toEqual({ count: 0, bytes: 0 });
      expect((await t.api.get(`/api/cameras/${cam.id}/stats`, { token: stranger.token })).status).toBe(404);
      for (const days of ['0', '31', 'x']) expect((await t.api.get(`/api/cameras/${cam.id}/stats?days=${days}`, { token: owner.token })).status).toBe(400);
    });
  });

  describe('OpenAPI', () => {
    it('describes the camera routes with Korean (English) summaries', async () => {
      const doc = (await t.api.get('/docs/json')).body;
      expect(doc.paths['/api/cameras/{id}/heartbeat'].post.summary).toBe('하트비트 전송 (Heartbeat: the camera is online)');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/cameras', '/api/cameras/{id}', '/api/cameras/{id}/stats', '/api/cameras/{id}/credential']),
      );
    });
  });

  describe('status log clean-up', () => {
    it('drops old changes but keeps each camera’s last one before the kept window', async () => {
      const cam = await camera(t, owner);
      const daysAgo = (d: number) => sql`now() - make_interval(days => ${d})`;
      await db().execute(sql`insert into mimo.camera_status_log (camera_id, status, changed_at) values
        (${cam.id}, 'online', ${daysAgo(50)}), (${cam.id}, 'offline', ${daysAgo(45)}), (${cam.id}, 'online', ${daysAgo(40)}), (${cam.id}, 'offline', ${daysAgo(2)})`);
      await statusLogCleanup(db()).run(new Date());
      const left = await rows<{ status: string }>(t, sql`select status from mimo.camera_status_log where camera_id = ${cam.id} order by changed_at`);
      expect(left.map((r) => r.status)).toEqual(['online', 'offline']);
    });
  });
});
