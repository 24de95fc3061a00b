import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CameraAccess } from '../../src/apps/mimo/cameras/access';
import { cameraRoom } from '../../src/apps/mimo/live/rooms';
import { connectionCodesCleanup } from '../../src/apps/mimo/pairing/cleanup';
import { PairingCodes } from '../../src/apps/mimo/pairing/codes';
import { PairingRenewal } from '../../src/apps/mimo/pairing/renewal';
import { PairingSecrets } from '../../src/apps/mimo/pairing/secrets';
import { userRoom } from '../../src/platform/realtime/gateway';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mimo';
import { camera, grantViewer, rows } from '../support/mimo-cameras';
import { collect, connect, connected, eventually } from '../support/sockets';

let addresses = 0;
/** Each test speaks from its own address (the app trusts X-Forwarded-For here), so per-address limits stay apart. */
const newAddress = () => `198.51.100.${++addresses}`;

describe('MIMO pairing', () => {
  let t: TestApp;
  let owner: Account;
  let stranger: Account;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp('mimo', { TRUST_PROXY: 'true' });
    [owner, stranger] = await Promise.all([account(t, ['USER'], '집주인'), account(t, ['USER'], '남')]);
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const db = () => t.stores.database.db;
  const as = (who: Account, ip = newAddress()) => ({
    generate: (body: unknown) => t.api.post('/api/qr/generate', { token: who.token, body, headers: { 'x-forwarded-for': ip } }),
    validate: (body: unknown) => t.api.post('/api/qr/validate', { token: who.token, body, headers: { 'x-forwarded-for': ip } }),
    info: (code: string) => t.api.get(`/api/qr/${encodeURIComponent(code)}/info`, { token: who.token, headers: { 'x-forwarded-for': ip } }),
    establish: (body: unknown) => t.api.post('/api/connection/establish', { token: who.token, body, headers: { 'x-forwarded-for': ip } }),
  });
  const generated = async (cameraId: number, body: Record<string, unknown> = {}) => {
    const res = await as(owner).generate({ cameraId, ...body });
    expect(res.status, res.text).toBe(201);
    return res.body.data as { pin: string; code: string; qrPayload: string; expiresAt: string };
  };
  const codeRow = async (cameraId: number) => (await rows<Record<string, any>>(t, sql`select * from mimo.connection_codes where camera_id = ${cameraId}`))[0];

  describe('POST /api/qr/generate', () => {
    it('gives a six-digit PIN, a single-use QR code and its images, storing only keyed hashes', async () => {
      const cam = await camera(t, owner);
      const res = await as(owner).generate({ cameraId: cam.id });
      expect(res.status).toBe(201);
      const data = res.body.data;
      expect(data.pin).toMatch(/^\d{6}$/);
      expect(data.code).toMatch(/^\d+\.[A-Za-z0-9_-]{32}$/);
      expect(JSON.parse(data.qrPayload)).toEqual({ t: 'mimo-pair', c: data.code });
      expect(data.qr.png).toMatch(/^data:image\/png;base64,/);
      expect(data.qr.svg).toContain('<svg');
      expect(data.expiresInSec).toBe(300);
      const ttl = (new Date(data.expiresAt).getTime() - Date.now()) / 1000;
      expect(ttl).toBeGreaterThan(240);
      expect(ttl).toBeLessThanOrEqual(300);
      const row = await codeRow(cam.id);
      expect(JSON.stringify(row)).not.toContain(data.pin);
      expect(JSON.stringify(row)).not.toContain(data.code.split('.')[1]);
      expect(row!.used_at).toBeNull();
    });

    it('takes a lifetime of 60 to 3600 seconds and refuses bad input', async () => {
      const cam = await camera(t, owner);
      const long = await generated(cam.id, { expiresInSec: 3600 });
      expect(new Date(long.expiresAt).getTime() - Date.now()).toBeGreaterThan(3500_000);
      for (const body of [
        {},
        { cameraId: 'x' },
        { cameraId: cam.id, expiresInSec: 59 },
        { cameraId: cam.id, expiresInSec: 3601 },
        { cameraId: cam.id, expiresInSec: '300' },
        { cameraId: cam.id, pin: '123456' },
        { cameraId: -1 },
      ]) {
        const res = await as(owner).generate(body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('E_VALIDATION');
      }
    });

    it('is the owner’s alone: a viewer gets 403, anyone else 404', async () => {
      const cam = await camera(t, owner);
      const viewer = await account(t);
      await grantViewer(t, cam.id, viewer);
      expect((await as(viewer).generate({ cameraId: cam.id })).body.error.code).toBe('E_CAMERA_OWNER_ONLY');
      const res = await as(stranger).generate({ cameraId: cam.id });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      expect(await codeRow(cam.id)).toBeUndefined();
    });

    it('replaces the earlier code: its PIN and QR code stop working', async () => {
      const cam = await camera(t, owner);
      const first = await generated(cam.id);
      const second = await generated(cam.id);
      expect(await rows(t, sql`select 1 from mimo.connection_codes where camera_id = ${cam.id}`)).toHaveLength(1);
      const viewer = await account(t);
      const client = as(viewer);
      if (first.pin !== second.pin) expect((await client.validate({ pin: first.pin })).body.error.code).toBe('E_INVALID_PAIRING_CODE');
      expect((await client.validate({ code: first.code })).body.error.code).toBe('E_INVALID_PAIRING_CODE');
      expect((await client.validate({ pin: second.pin })).status).toBe(200);
    });

    it('draws the PIN again while another camera’s live code holds it, and takes over a spent code’s PIN', async () => {
      const [a, b, c] = [await camera(t, owner), await camera(t, owner), await camera(t, owner)];
      const drawn = ['424242', '424242', '515151'];
      const secrets = new (class extends PairingSecrets {
        override newPin() {
          return drawn.shift()!;
        }
      })('test-key-for-pin-draws');
      const renewal = new PairingRenewal({ jobs: t.app.jobs, gateway: t.app.gateway });
      const codes = new PairingCodes({
        db: db(),
        access: new CameraAccess(db()),
        secrets,
        notifications: { notify: async () => ({ id: 0 }) },
        renewal,
        logger: pino({ level: 'silent' }),
      });
      expect((await codes.generate(owner.id, { cameraId: a.id, expiresInSec: 300, autoRenew: false })).pin).toBe('424242');
      expect((await codes.generate(owner.id, { cameraId: b.id, expiresInSec: 300, autoRenew: false })).pin).toBe('515151');
      await db().execute(sql`update mimo.connection_codes set used_at = now() where camera_id = ${a.id}`);
      drawn.push('424242');
      expect((await codes.generate(owner.id, { cameraId: c.id, expiresInSec: 300, autoRenew: false })).pin).toBe('424242');
      expect(await codeRow(a.id)).toBeUndefined();
    });
  });

  describe('POST /api/qr/validate and GET /api/qr/:code/info', () => {
    it('tell which camera a PIN, a QR code or a scanned payload opens, and grant nothing', async () => {
      const cam = await camera(t, owner, { name: '안방', location: '2층' });
      const code = await generated(cam.id);
      const viewer = await account(t);
      const client = as(viewer);
      for (const body of [{ pin: code.pin }, { code: code.code }, { code: code.qrPayload }]) {
        const res = await client.validate(body);
        expect(res.status, JSON.stringify(body)).toBe(200);
        expect(res.body.data).toEqual({
          valid: true,
          camera: { id: cam.id, name: '안방', location: '2층', status: 'offline' },
          owner: { name: '집주인', nickname: null },
          expiresAt: code.expiresAt,
          role: null,
        });
      }
      const info = await client.info(code.code);
      expect(info.status).toBe(200);
      expect(info.body.data.camera.id).toBe(cam.id);
      // The code travels in the path here; the request log keeps only its public part.
      const logged = JSON.stringify(t.logs);
      expect(logged).toContain(`/api/qr/${code.code.split('.')[0]}.[REDACTED]/info`);
      expect(logged).not.toContain(code.code.split('.')[1]);
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token })).status).toBe(404);
      expect((await codeRow(cam.id))!.used_at).toBeNull();
      expect((await as(owner).validate({ pin: code.pin })).body.data.role).toBe('owner');
    });

    it('refuse forged, expired and spent codes, each with its own code', async () => {
      const cam = await camera(t, owner);
      const code = await generated(cam.id);
      const [id, secret] = code.code.split('.') as [string, string];
      const client = as(await account(t));
      const forged = [
        `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`,
        `${Number(id) + 1000}.${secret}`,
        'not-a-code',
        '{"t":"mimo-pair","c":"1.x"}',
        '{broken',
      ];
      for (const attempt of forged) {
        const res = await client.validate({ code: attempt });
        expect(res.status, attempt).toBe(400);
        expect(res.body.error).toEqual({ code: 'E_INVALID_PAIRING_CODE', message: '연결 코드가 올바르지 않습니다.' });
      }
      expect((await client.info('999.abc')).body.error.code).toBe('E_INVALID_PAIRING_CODE');

      await db().execute(sql`update mimo.connection_codes set expires_at = now() - interval '1 second' where camera_id = ${cam.id}`);
      const expired = await as(await account(t)).validate({ pin: code.pin });
      expect(expired.status).toBe(410);
      expect(expired.body.error.code).toBe('E_PAIRING_CODE_EXPIRED');
      expect((await as(await account(t)).info(code.code)).status).toBe(410);

      const fresh = await generated(cam.id);
      expect((await as(await account(t)).establish({ pin: fresh.pin })).status).toBe(200);
      const spent = await as(await account(t)).validate({ code: fresh.code });
      expect(spent.status).toBe(409);
      expect(spent.body.error.code).toBe('E_PAIRING_CODE_USED');
    });

    it('refuse a body without exactly one well-formed PIN or code', async () => {
      const client = as(await account(t));
      for (const body of [
        {},
        { pin: '12345' },
        { pin: '1234567' },
        { pin: 123456 },
        { pin: '12a456' },
        { pin: '123456', code: '1.x' },
        { code: '' },
        { code: 'x'.repeat(301) },
        { pin: '123456', cameraId: 1 },
      ]) {
        const res = await client.validate(body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('E_VALIDATION');
      }
    });

    it('stop a PIN guesser after ten tries per account', async () => {
      const cam = await camera(t, owner);
      const code = await generated(cam.id);
      const guesser = as(await account(t));
      const wrong = code.pin === '000000' ? '000001' : '000000';
      for (let i = 0; i < 10; i++) expect((await guesser.validate({ pin: wrong })).status).toBe(400);
      const blocked = await guesser.validate({ pin: code.pin });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('E_RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await guesser.establish({ pin: code.pin })).status).toBe(429);
      expect((await codeRow(cam.id))!.used_at).toBeNull();
    });

    it('stop many accounts guessing from one address after thirty tries', async () => {
      const ip = newAddress();
      const guessers = await Promise.all([1, 2, 3, 4].map(() => account(t)));
      let tries = 0;
      for (const guesser of guessers)
        for (let i = 0; i < 8 && tries < 30; i++, tries++) expect((await as(guesser, ip).validate({ pin: '999999' })).status).not.toBe(429);
      const res = await as(await account(t), ip).validate({ pin: '999999' });
      expect(res.status).toBe(429);
      expect((await as(await account(t), newAddress()).validate({ pin: '999999' })).status).not.toBe(429);
    });
  });

  describe('POST /api/connection/establish', () => {
    it('makes the caller a viewer, spends the code and tells the owner', async () => {
      const cam = await camera(t, owner, { name: '현관' });
      const code = await generated(cam.id);
      const viewer = await account(t, ['USER'], '딸');
      const res = await as(viewer).establish({ pin: code.pin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: true,
        message: '카메라에 뷰어로 연결되었습니다.',
        data: { role: 'viewer', alreadyConnected: false, camera: { id: cam.id, name: '현관', role: 'viewer' } },
      });
      expect(res.body.data.camera.deviceId).toBe(cam.deviceId);
      expect(res.text).not.toContain(cam.credential);
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token })).body.data.role).toBe('viewer');
      const row = await codeRow(cam.id);
      expect(Number(row!.used_by)).toBe(viewer.id);
      const notices = await rows(
        t,
        sql`select type, title, message, metadata from mimo.notifications where user_id = ${owner.id} and (metadata->>'cameraId')::bigint = ${cam.id}`,
      );
      expect(notices).toEqual([
        { type: 'security', title: '새 뷰어가 연결되었어요', message: expect.stringContaining('딸님이'), metadata: { cameraId: cam.id, viewerId: viewer.id } },
      ]);
      // Single use: the same code again is spent, even for the same viewer's second phone.
      expect((await as(await account(t)).establish({ code: code.code })).body.error.code).toBe('E_PAIRING_CODE_USED');
    });

    it('lets exactly one of five racing viewers spend a code', async () => {
      const cam = await camera(t, owner);
      const code = await generated(cam.id);
      const viewers = await Promise.all([1, 2, 3, 4, 5].map(() => account(t)));
      const answers = await Promise.all(viewers.map((v) => as(v).establish({ code: code.code })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('E_PAIRING_CODE_USED');
      expect(await rows(t, sql`select user_id from mimo.camera_viewers where camera_id = ${cam.id}`)).toHaveLength(1);
    });

    it('refuses the owner, and leaves the code unspent for a user who already watches', async () => {
      const cam = await camera(t, owner);
      const code = await generated(cam.id);
      const own = await as(owner).establish({ pin: code.pin });
      expect(own.status).toBe(409);
      expect(own.body.error.code).toBe('E_OWN_CAMERA');
      const viewer = await account(t);
      await grantViewer(t, cam.id, viewer);
      const again = await as(viewer).establish({ pin: code.pin });
      expect(again.status).toBe(200);
      expect(again.body.data.alreadyConnected).toBe(true);
      expect((await codeRow(cam.id))!.used_at).toBeNull();
    });

    it('refuses an expired code without granting anything', async () => {
      const cam = await camera(t, owner);
      const code = await generated(cam.id);
      await db().execute(sql`update mimo.connection_codes set expires_at = now() - interval '1 second' where camera_id = ${cam.id}`);
      const viewer = await account(t);
      expect((await as(viewer).establish({ pin: code.pin })).status).toBe(410);
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token })).status).toBe(404);
    });
  });

  describe('/api/connection/active and removing viewers', () => {
    it('lists my cameras’ viewers and the cameras I watch', async () => {
      const me = await account(t, ['USER'], '엄마');
      const cam = await camera(t, me, { name: '거실' });
      const viewer = await account(t, ['USER'], '아들');
      await grantViewer(t, cam.id, viewer);
      const socket = await connected(connect(t, viewer.token));
      open.push(socket);
      t.app.gateway.io.in(userRoom(viewer.id)).socketsJoin(cameraRoom(cam.id));

      const mine = await t.api.get('/api/connection/active', { token: me.token });
      expect(mine.status).toBe(200);
      expect(mine.body.data.watching).toEqual([]);
      expect(mine.body.data.viewers).toEqual([
        {
          camera: { id: cam.id, name: '거실', location: null, status: 'offline', lastSeen: null },
          viewers: [{ userId: viewer.id, name: '아들', nickname: null, grantedAt: expect.any(String), lastViewedAt: null, watchingNow: true }],
        },
      ]);
      const theirs = await t.api.get('/api/connection/active', { token: viewer.token });
      expect(theirs.body.data.viewers).toEqual([]);
      expect(theirs.body.data.watching).toEqual([
        {
          camera: expect.objectContaining({ id: cam.id, name: '거실' }),
          owner: { userId: me.id, name: '엄마', nickname: null },
          grantedAt: expect.any(String),
        },
      ]);
      expect((await t.api.get('/api/connection/active', { token: stranger.token })).body.data).toEqual({ viewers: [], watching: [] });
    });

    it('the owner removes a viewer: access ends, the viewer’s sockets leave the live room and are told', async () => {
      const cam = await camera(t, owner);
      const viewer = await account(t);
      const other = await account(t);
      await grantViewer(t, cam.id, viewer);
      await grantViewer(t, cam.id, other);
      const socket = await connected(connect(t, viewer.token));
      open.push(socket);
      const told = collect(socket, 'viewer:revoked');
      t.app.gateway.io.in(userRoom(viewer.id)).socketsJoin(cameraRoom(cam.id));
      await eventually(async () => (await t.app.gateway.io.in(cameraRoom(cam.id)).fetchSockets()).length === 1);

      const path = `/api/connection/${cam.id}/viewers/${viewer.id}`;
      expect((await t.api.delete(path, { token: other.token })).status).toBe(403);
      expect((await t.api.delete(path, { token: stranger.token })).status).toBe(404);
      const res = await t.api.delete(path, { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true, data: null, message: '뷰어의 연결을 해제했습니다.' });
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token })).status).toBe(404);
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: other.token })).status).toBe(200);
      await eventually(() => told.length > 0);
      expect(told).toEqual([{ cameraId: cam.id, userId: viewer.id }]);
      expect(await t.app.gateway.io.in(cameraRoom(cam.id)).fetchSockets()).toHaveLength(0);

      const again = await t.api.delete(path, { token: owner.token });
      expect(again.status).toBe(404);
      expect(again.body.error.code).toBe('E_VIEWER_NOT_FOUND');
    });

    it('a viewer leaves a camera; the owner cannot leave their own', async () => {
      const cam = await camera(t, owner);
      const viewer = await account(t);
      await grantViewer(t, cam.id, viewer);
      const res = await t.api.delete(`/api/connection/${cam.id}`, { token: viewer.token });
      expect(res.status).toBe(200);
      expect((await t.api.get(`/api/cameras/${cam.id}`, { token: viewer.token })).status).toBe(404);
      expect((await t.api.delete(`/api/connection/${cam.id}`, { token: viewer.token })).status).toBe(404);
      const own = await t.api.delete(`/api/connection/${cam.id}`, { token: owner.token });
      expect(own.status).toBe(409);
      expect(own.body.error.code).toBe('E_OWNER_CANNOT_LEAVE');
      expect((await t.api.delete(`/api/connection/x`, { token: owner.token })).status).toBe(400);
    });
  });

  describe('clean-up', () => {
    it('removes spent and expired codes and keeps live ones', async () => {
      const [live, spent, expired] = [await camera(t, owner), await camera(t, owner), await camera(t, owner)];
      for (const cam of [live, spent, expired]) await generated(cam.id);
      await db().execute(sql`update mimo.connection_codes set used_at = now() where camera_id = ${spent.id}`);
      await db().execute(sql`update mimo.connection_codes set expires_at = now() - interval '1 minute' where camera_id = ${expired.id}`);
      expect(await connectionCodesCleanup(db()).run(new Date())).toBeGreaterThanOrEqual(2);
      expect(await codeRow(live.id)).toBeDefined();
      expect(await codeRow(spent.id)).toBeUndefined();
      expect(await codeRow(expired.id)).toBeUndefined();
    });
  });
});
