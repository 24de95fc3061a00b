import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimoSwitches } from '../../src/apps/mimo/notifications/switches';
import { cameraViewers, cameras, notificationDeliveries, userSettings } from '../../src/apps/mimo/schema';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mimo';

const DEFAULTS = {
  notificationEnabled: true,
  emailNotification: true,
  motionSensitivity: 50,
  recordingQuality: 'medium',
  storageDays: 30,
  appLockEnabled: false,
  autoRecording: false,
  darkMode: false,
  language: 'ko',
  timezone: 'Asia/Seoul',
  appLockPinSet: false,
  extra: {},
};

describe('MIMO settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mimo', { JOB_POLL_INTERVAL: '0.5s', JOB_RETRY_DELAY: '1s' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const db = () => t.stores.database.db;
  const rowOf = async (userId: number) => (await db().select().from(userSettings).where(eq(userSettings.userId, userId)))[0];
  const get = (me: Account) => t.api.get('/api/settings', { token: me.token });
  const put = (me: Account, body: unknown) => t.api.put('/api/settings', { token: me.token, body });
  /** A camera row as registration leaves it (the cameras module's routes are not under test here). */
  const camera = async (owner: Account, settings: Record<string, unknown> = {}) => {
    const [row] = await db()
      .insert(cameras)
      .values({ userId: owner.id, name: '거실', deviceId: randomUUID(), deviceSecretHash: 'f'.repeat(64), settings })
      .returning();
    return row!.id;
  };
  const cameraSettingsOf = async (id: number) => (await db().select({ s: cameras.settings }).from(cameras).where(eq(cameras.id, id)))[0]!.s;
  const addViewer = (cameraId: number, viewer: Account) => db().insert(cameraViewers).values({ cameraId, userId: viewer.id });
  const expectInvalid = (res: { status: number; body: any }, field?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe('E_VALIDATION');
    if (field) expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  };

  describe('GET/PUT /api/settings', () => {
    it('answers the defaults without creating a row, and needs a token', async () => {
      const me = await account(t);
      const res = await get(me);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: true,
        data: { ...DEFAULTS, updatedAt: null, settings: expect.objectContaining({ core: expect.objectContaining({ motion_sensitivity: 'medium' }) }) },
      });
      expect(await rowOf(me.id)).toBeUndefined();
      expect((await t.api.get('/api/settings')).body.error.code).toBe('E_UNAUTHORIZED');
    });

    it('changes only the fields given, creating the row on the first write', async () => {
      const me = await account(t);
      const first = await put(me, { motionSensitivity: 80, recordingQuality: 'high' });
      expect(first.status).toBe(200);
      expect(first.body.message).toBe('설정이 저장되었습니다.');
      expect(first.body.data).toMatchObject({ ...DEFAULTS, motionSensitivity: 80, recordingQuality: 'high' });
      const second = await put(me, { storageDays: 7, emailNotification: false, extra: { theme: 'dark', gridColumns: 2 } });
      expect(second.body.data).toMatchObject({
        motionSensitivity: 80,
        recordingQuality: 'high',
        storageDays: 7,
        emailNotification: false,
        extra: { theme: 'dark', gridColumns: 2 },
      });
      const third = await put(me, { extra: { theme: null, autoplay: true } });
      expect(third.body.data.extra).toEqual({ gridColumns: 2, autoplay: true });
      const { settings: _appModel, ...documented } = (await get(me)).body.data;
      expect(documented).toEqual(third.body.data);
      expect(await db().select().from(userSettings).where(eq(userSettings.userId, me.id))).toHaveLength(1);
    });

    it('refuses values outside the rules and changes nothing', async () => {
      const me = await account(t);
      await put(me, { motionSensitivity: 60 });
      const before = (await get(me)).body.data;
      const cases: Array<[unknown, string]> = [
        [{ motionSensitivity: 0 }, 'motionSensitivity'],
        [{ motionSensitivity: 101 }, 'motionSensitivity'],
        [{ motionSensitivity: 50.5 }, 'motionSensitivity'],
        [{ motionSensitivity: '50' }, 'motionSensitivity'],
        [{ recordingQuality: 'ultra' }, 'recordingQuality'],
        [{ storageDays: 0 }, 'storageDays'],
        [{ storageDays: 366 }, 'storageDays'],
        [{ storageDays: 1e308 }, 'storageDays'],
        [{ appLockPin: '12a4' }, 'appLockPin'],
        [{ appLockPin: '1234567' }, 'appLockPin'],
        [{ appLockPin: '123' }, 'appLockPin'],
        [{ appLockPin: 1234 }, 'appLockPin'],
        [{ notificationEnabled: 'yes' }, 'notificationEnabled'],
        [{ userId: 1, motionSensitivity: 70 }, 'userId'],
        [{ appLockPinHash: 'x' }, 'appLockPinHash'],
        [{}, 'body'],
        [{ extra: { appLockPin: '1234' } }, 'extra.appLockPin'],
        [{ extra: { '1bad key': 1 } }, 'extra.1bad key'],
        [{ extra: { note: 'x'.repeat(1001) } }, 'extra.note'],
        [{ extra: { nested: { deep: true } } }, 'extra.nested'],
        [{ extra: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 1])) }, 'extra'],
        [{ extra: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(900)])) }, 'extra'],
      ];
      for (const [body, field] of cases) expectInvalid(await put(me, body), field);
      expect((await get(me)).body.data).toEqual(before);
    });

    it('says why in Korean by default and in English when asked', async () => {
      const me = await account(t);
      const ko = await put(me, { appLockPin: 'abcd' });
      expect(ko.body.error.details).toContainEqual({ field: 'appLockPin', message: '앱 잠금 PIN은 숫자 4~6자리여야 합니다.' });
      const en = await t.api.put('/api/settings', { token: me.token, body: { appLockPin: 'abcd' }, headers: { 'accept-language': 'en' } });
      expect(en.body.error.details).toContainEqual({ field: 'appLockPin', message: 'The app-lock PIN must be 4 to 6 digits.' });
    });

    it('counts extra keys already stored towards the limit', async () => {
      const me = await account(t);
      const half = (from: number) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${from + i}`, i]));
      expect((await put(me, { extra: half(0) })).status).toBe(200);
      expectInvalid(await put(me, { extra: half(100) }), 'extra');
      expect(Object.keys((await get(me)).body.data.extra)).toHaveLength(30);
    });
  });

  describe('app-lock PIN', () => {
    it('is stored as an argon2id hash and never returned', async () => {
      const me = await account(t);
      const res = await put(me, { appLockPin: '482913', appLockEnabled: true });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ appLockEnabled: true, appLockPinSet: true });
      const row = await rowOf(me.id);
      // At the cost the app was configured with (test/support/app.ts).
      expect(row!.appLockPinHash).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
      expect(row!.appLockPinHash).not.toContain('482913');
      for (const reply of [res, await get(me), await t.api.post('/api/settings/export', { token: me.token })]) {
        expect(reply.text).not.toContain('482913');
        expect(reply.text).not.toContain('argon2');
        expect(reply.text).not.toMatch(/pinHash/i);
      }
      expect(t.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('482913');
    });

    it('cannot be on without a PIN, and the PIN cannot go while it is on', async () => {
      const me = await account(t);
      const res = await put(me, { appLockEnabled: true });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'E_APP_LOCK_PIN_REQUIRED', message: '앱 잠금을 켜려면 먼저 PIN을 설정해야 합니다.' });
      expect(await t.api.get('/api/settings/appLockEnabled', { token: me.token })).toMatchObject({ body: { data: { value: false } } });
      await put(me, { appLockPin: '1234', appLockEnabled: true });
      expect((await put(me, { appLockPin: null })).body.error.code).toBe('E_APP_LOCK_PIN_REQUIRED');
      const off = await put(me, { appLockPin: null, appLockEnabled: false });
      expect(off.body.data).toMatchObject({ appLockEnabled: false, appLockPinSet: false });
      expect((await rowOf(me.id))!.appLockPinHash).toBeNull();
    });

    it('verifies the PIN: right, wrong, and none set', async () => {
      const me = await account(t);
      const verify = (pin: unknown) => t.api.post('/api/settings/app-lock/verify', { token: me.token, body: { pin } });
      expect((await verify('1234')).body.data).toEqual({ valid: false });
      await put(me, { appLockPin: '2580' });
      expect((await verify('2580')).body).toEqual({ ok: true, data: { valid: true } });
      expect((await verify('2581')).body.data).toEqual({ valid: false });
      expect((await verify('0002580')).status).toBe(400);
      expectInvalid(await verify('12a4'), 'pin');
      expectInvalid(await verify(2580), 'pin');
      expect((await t.api.post('/api/settings/app-lock/verify', { body: { pin: '2580' } })).status).toBe(401);
    });

    it('allows five guesses per user in 15 minutes, then refuses even the right PIN', async () => {
      const me = await account(t);
      const other = await account(t);
      await put(me, { appLockPin: '7777' });
      await put(other, { appLockPin: '7777' });
      const verify = (who: Account, pin: string) => t.api.post('/api/settings/app-lock/verify', { token: who.token, body: { pin } });
      // A right PIN clears the count: it does not eat into the guesses.
      expect((await verify(me, '7777')).body.data.valid).toBe(true);
      for (const pin of ['0000', '1111', '2222', '3333', '4444']) expect((await verify(me, pin)).body.data.valid).toBe(false);
      const blocked = await verify(me, '7777');
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('E_RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await verify(other, '7777')).body.data.valid).toBe(true);
    });
  });

  describe('GET/PUT /api/settings/:key', () => {
    it('reads and writes fixed settings by the same rules', async () => {
      const me = await account(t);
      const key = (name: string) => `/api/settings/${name}`;
      expect((await t.api.get(key('motionSensitivity'), { token: me.token })).body.data).toEqual({ key: 'motionSensitivity', value: 50 });
      const res = await t.api.put(key('motionSensitivity'), { token: me.token, body: { value: 90 } });
      expect(res.body).toMatchObject({ ok: true, data: { key: 'motionSensitivity', value: 90 } });
      expect((await get(me)).body.data.motionSensitivity).toBe(90);
      expectInvalid(await t.api.put(key('motionSensitivity'), { token: me.token, body: { value: 101 } }), 'value');
      expectInvalid(await t.api.put(key('recordingQuality'), { token: me.token, body: { value: 'ultra' } }), 'value');
      expectInvalid(await t.api.put(key('storageDays'), { token: me.token, body: { value: 366 } }), 'value');
      expectInvalid(await t.api.put(key('storageDays'), { token: me.token, body: { days: 3 } }));
      expect((await t.api.put(key('storageDays'), { token: me.token, body: { value: 365 } })).body.data.value).toBe(365);
      expect((await get(me)).body.data).toMatchObject({ motionSensitivity: 90, storageDays: 365, recordingQuality: 'medium' });
    });

    it('keeps the PIN write-only and appLockPinSet read-only', async () => {
      const me = await account(t);
      const pin = await t.api.put('/api/settings/appLockPin', { token: me.token, body: { value: '0123' } });
      expect(pin.body.data).toEqual({ key: 'appLockPinSet', value: true });
      expect(pin.text).not.toContain('0123');
      expect((await t.api.post('/api/settings/app-lock/verify', { token: me.token, body: { pin: '0123' } })).body.data.valid).toBe(true);
      const read = await t.api.get('/api/settings/appLockPin', { token: me.token });
      expect(read.status).toBe(400);
      expect(read.body.error.code).toBe('E_SETTING_WRITE_ONLY');
      expect((await t.api.get('/api/settings/appLockPinSet', { token: me.token })).body.data).toEqual({ key: 'appLockPinSet', value: true });
      const write = await t.api.put('/api/settings/appLockPinSet', { token: me.token, body: { value: false } });
      expect(write.body.error.code).toBe('E_SETTING_READ_ONLY');
      expectInvalid(await t.api.put('/api/settings/appLockPin', { token: me.token, body: { value: '1234567' } }), 'value');
    });

    it('keeps extra keys: set, read, remove with null', async () => {
      const me = await account(t);
      const missing = await t.api.get('/api/settings/theme', { token: me.token });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('E_SETTING_NOT_FOUND');
      expect((await t.api.put('/api/settings/theme', { token: me.token, body: { value: 'dark' } })).body.data).toEqual({ key: 'theme', value: 'dark' });
      expect((await t.api.get('/api/settings/theme', { token: me.token })).body.data).toEqual({ key: 'theme', value: 'dark' });
      expectInvalid(await t.api.put('/api/settings/theme', { token: me.token, body: { value: { nested: 1 } } }), 'value');
      expectInvalid(await t.api.put('/api/settings/theme', { token: me.token, body: { value: 'x'.repeat(1001) } }), 'value');
      expectInvalid(await t.api.get(`/api/settings/${'k'.repeat(51)}`, { token: me.token }), 'key');
      expectInvalid(await t.api.get('/api/settings/_hidden', { token: me.token }), 'key');
      expect((await t.api.put('/api/settings/theme', { token: me.token, body: { value: null } })).body.data).toEqual({ key: 'theme', value: null });
      expect((await t.api.get('/api/settings/theme', { token: me.token })).status).toBe(404);
    });

    it('treats names an object inherits as plain extra keys', async () => {
      const me = await account(t);
      for (const key of ['toString', 'constructor', 'hasOwnProperty']) {
        expect((await t.api.get(`/api/settings/${key}`, { token: me.token })).status).toBe(404);
        expect((await t.api.put(`/api/settings/${key}`, { token: me.token, body: { value: 'x' } })).body.data).toEqual({ key, value: 'x' });
      }
      expect((await get(me)).body.data.extra).toEqual({ toString: 'x', constructor: 'x', hasOwnProperty: 'x' });
      expect((await t.api.put('/api/settings/toString', { token: me.token, body: { value: null } })).body.data).toEqual({ key: 'toString', value: null });
      expect((await get(me)).body.data.extra).toEqual({ constructor: 'x', hasOwnProperty: 'x' });
    });

    it('keeps each user’s settings to themselves', async () => {
      const a = await account(t);
      const b = await account(t);
      await t.api.put('/api/settings/secretNote', { token: a.token, body: { value: 'a only' } });
      await put(a, { motionSensitivity: 11 });
      expect((await t.api.get('/api/settings/secretNote', { token: b.token })).status).toBe(404);
      expect((await get(b)).body.data).toMatchObject({ motionSensitivity: 50, extra: {} });
    });
  });

  describe('POST /api/settings/reset', () => {
    it('goes back to the defaults, clearing the PIN and extra keys', async () => {
      const me = await account(t);
      await put(me, { motionSensitivity: 5, storageDays: 90, appLockPin: '9999', appLockEnabled: true, extra: { theme: 'dark' } });
      const res = await t.api.post('/api/settings/reset', { token: me.token });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('설정이 초기화되었습니다.');
      expect(res.body.data).toMatchObject(DEFAULTS);
      expect((await get(me)).body.data).toMatchObject(DEFAULTS);
      expect(await rowOf(me.id)).toBeUndefined();
      expect((await t.api.post('/api/settings/app-lock/verify', { token: me.token, body: { pin: '9999' } })).body.data.valid).toBe(false);
    });
  });

  describe('GET/PUT /api/cameras/:id/settings', () => {
    it('lets the owner merge settings and viewers read them', async () => {
      const owner = await account(t);
      const viewer = await account(t);
      const id = await camera(owner, { nightVision: true });
      await addViewer(id, viewer);
      expect((await t.api.get(`/api/cameras/${id}/settings`, { token: owner.token })).body.data).toEqual({ cameraId: id, settings: { nightVision: true } });
      const res = await t.api.put(`/api/cameras/${id}/settings`, { token: owner.token, body: { motionSensitivity: 75, recordingQuality: 'low' } });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('카메라 설정이 저장되었습니다.');
      expect(res.body.data.settings).toEqual({ nightVision: true, motionSensitivity: 75, recordingQuality: 'low' });
      expect(await cameraSettingsOf(id)).toEqual({ nightVision: true, motionSensitivity: 75, recordingQuality: 'low' });
      expect((await t.api.get(`/api/cameras/${id}/settings`, { token: viewer.token })).body.data.settings).toEqual(res.body.data.settings);
    });

    it('refuses a viewer’s change (403) and hides the camera from strangers (404)', async () => {
      const owner = await account(t);
      const viewer = await account(t);
      const stranger = await account(t);
      const id = await camera(owner, { motionDetection: true });
      await addViewer(id, viewer);
      const byViewer = await t.api.put(`/api/cameras/${id}/settings`, { token: viewer.token, body: { motionDetection: false } });
      expect(byViewer.status).toBe(403);
      expect(byViewer.body.error.code).toBe('E_CAMERA_OWNER_ONLY');
      for (const res of [
        await t.api.get(`/api/cameras/${id}/settings`, { token: stranger.token }),
        await t.api.put(`/api/cameras/${id}/settings`, { token: stranger.token, body: { motionDetection: false } }),
        await t.api.get('/api/cameras/999999999/settings', { token: owner.token }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      }
      expect(await cameraSettingsOf(id)).toEqual({ motionDetection: true });
    });

    it('validates the camera’s settings', async () => {
      const owner = await account(t);
      const id = await camera(owner);
      const putCam = (body: unknown) => t.api.put(`/api/cameras/${id}/settings`, { token: owner.token, body });
      expectInvalid(await putCam({ motionSensitivity: 0 }), 'motionSensitivity');
      expectInvalid(await putCam({ motionSensitivity: 101 }), 'motionSensitivity');
      expectInvalid(await putCam({ recordingQuality: 'ultra' }), 'recordingQuality');
      expectInvalid(await putCam({ owner: 5 }));
      expectInvalid(await putCam({}));
      expectInvalid(await t.api.get('/api/cameras/abc/settings', { token: owner.token }), 'id');
      expect(await cameraSettingsOf(id)).toEqual({});
    });

    it('leaves unknown stored keys out of answers', async () => {
      const owner = await account(t);
      const id = await camera(owner, { nightVision: false, legacy: 'x', motionSensitivity: 500 });
      expect((await t.api.get(`/api/cameras/${id}/settings`, { token: owner.token })).body.data.settings).toEqual({ nightVision: false });
    });
  });

  describe('export and import', () => {
    it('exports my settings and only my cameras’ settings, with a version', async () => {
      const me = await account(t);
      const other = await account(t);
      const mine = await camera(me, { motionSensitivity: 30 });
      const theirs = await camera(other, { nightVision: true });
      await addViewer(theirs, me);
      await put(me, { storageDays: 14, appLockPin: '1357', extra: { theme: 'dark' } });
      const res = await t.api.post('/api/settings/export', { token: me.token });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        version: 1,
        exportedAt: expect.any(String),
        settings: {
          notificationEnabled: true,
          emailNotification: true,
          motionSensitivity: 50,
          recordingQuality: 'medium',
          storageDays: 14,
          appLockEnabled: false,
          autoRecording: false,
          darkMode: false,
          language: 'ko',
          timezone: 'Asia/Seoul',
          extra: { theme: 'dark' },
        },
        cameras: [{ id: mine, name: '거실', settings: { motionSensitivity: 30 } }],
      });
    });

    it('round-trips: importing an export restores settings and camera settings', async () => {
      const me = await account(t);
      const id = await camera(me, { motionSensitivity: 30, nightVision: true });
      await put(me, { storageDays: 14, recordingQuality: 'high', appLockPin: '1357', appLockEnabled: true, extra: { theme: 'dark' } });
      const backup = (await t.api.post('/api/settings/export', { token: me.token })).body.data;
      await put(me, { storageDays: 200, recordingQuality: 'low', extra: { theme: null, other: 1 } });
      await t.api.put(`/api/cameras/${id}/settings`, { token: me.token, body: { motionSensitivity: 99, soundDetection: true } });
      const res = await t.api.post('/api/settings/import', { token: me.token, body: backup });
      expect(res.status, res.text).toBe(200);
      expect(res.body.message).toBe('설정을 가져왔습니다.');
      expect(res.body.data.settings).toMatchObject({
        storageDays: 14,
        recordingQuality: 'high',
        appLockEnabled: true,
        appLockPinSet: true,
        extra: { theme: 'dark' },
      });
      expect(res.body.data.cameras).toEqual([{ id, settings: { motionSensitivity: 30, nightVision: true } }]);
      expect((await get(me)).body.data).toMatchObject(res.body.data.settings);
      expect(await cameraSettingsOf(id)).toEqual({ motionSensitivity: 30, nightVision: true });
      const again = (await t.api.post('/api/settings/export', { token: me.token })).body.data;
      expect({ ...again, exportedAt: null }).toEqual({ ...backup, exportedAt: null });
    });

    it('is all or nothing: one bad value changes nothing', async () => {
      const me = await account(t);
      const id = await camera(me, { nightVision: true });
      await put(me, { storageDays: 10 });
      const before = { settings: (await get(me)).body.data, camera: await cameraSettingsOf(id) };
      const bad = [
        { version: 1, settings: { storageDays: 20, motionSensitivity: 101 } },
        { version: 1, settings: { storageDays: 20 }, cameras: [{ id, settings: { motionSensitivity: 0 } }] },
        {
          version: 1,
          settings: { storageDays: 20 },
          cameras: [
            { id, settings: { nightVision: false } },
            { id, settings: { nightVision: true } },
          ],
        },
        { version: 2, settings: { storageDays: 20 } },
        { settings: { storageDays: 20 } },
        { version: 1, settings: { storageDays: 20, appLockPinHash: 'x' } },
        { version: 1, settings: { storageDays: 20, extra: { huge: 'x'.repeat(1001) } } },
      ];
      for (const body of bad) expectInvalid(await t.api.post('/api/settings/import', { token: me.token, body }));
      expect((await get(me)).body.data).toEqual(before.settings);
      expect(await cameraSettingsOf(id)).toEqual(before.camera);
    });

    it('rolls back a write already made when a later rule fails', async () => {
      const me = await account(t);
      const id = await camera(me, { nightVision: true });
      const res = await t.api.post('/api/settings/import', {
        token: me.token,
        body: { version: 1, settings: { storageDays: 3, appLockEnabled: true }, cameras: [{ id, settings: {} }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('E_APP_LOCK_PIN_REQUIRED');
      // The row the import created before the app-lock rule failed is gone with the transaction.
      expect(await rowOf(me.id)).toBeUndefined();
      expect(await cameraSettingsOf(id)).toEqual({ nightVision: true });
    });

    it('refuses cameras that are not mine (viewing is not owning) and changes nothing', async () => {
      const me = await account(t);
      const other = await account(t);
      const mine = await camera(me, { nightVision: true });
      const theirs = await camera(other, { nightVision: true });
      await addViewer(theirs, me);
      for (const foreign of [theirs, 999999999]) {
        const res = await t.api.post('/api/settings/import', {
          token: me.token,
          body: {
            version: 1,
            settings: { storageDays: 3 },
            cameras: [
              { id: mine, settings: { nightVision: false } },
              { id: foreign, settings: { nightVision: false } },
            ],
          },
        });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      }
      expect(await cameraSettingsOf(theirs)).toEqual({ nightVision: true });
      expect(await cameraSettingsOf(mine)).toEqual({ nightVision: true });
      expect(await rowOf(me.id)).toBeUndefined();
    });
  });

  describe('notification switches', () => {
    it('follow notification_enabled (push) and email_notification (email)', async () => {
      const me = await account(t);
      expect(await mimoSwitches(db(), me.id)).toEqual({ recipient: { userId: me.id, email: me.email }, push: true, sms: false, email: true });
      await put(me, { notificationEnabled: false });
      expect(await mimoSwitches(db(), me.id)).toMatchObject({ push: false, email: true });
      await put(me, { notificationEnabled: true, emailNotification: false });
      expect(await mimoSwitches(db(), me.id)).toMatchObject({ push: true, email: false });
      expect(await mimoSwitches(db(), 999999999)).toBeUndefined();
    });

    it('send no push to a user who turned notifications off, and still the email', async () => {
      const me = await account(t);
      await put(me, { notificationEnabled: false });
      const { id } = await t.app.notifications.notify(me.id, {
        type: 'security',
        priority: 'critical',
        title: '움직임 감지',
        message: '거실 카메라에서 움직임이 감지되었습니다.',
      });
      const channels = (await db().select().from(notificationDeliveries).where(eq(notificationDeliveries.notificationId, id))).map((d) => d.channel);
      expect(channels.sort()).toEqual(['app', 'email']);
      await put(me, { notificationEnabled: true, emailNotification: false });
      const second = await t.app.notifications.notify(me.id, { type: 'security', priority: 'critical', title: '움직임 감지', message: '다시 감지되었습니다.' });
      const again = (await db().select().from(notificationDeliveries).where(eq(notificationDeliveries.notificationId, second.id))).map((d) => d.channel);
      expect(again.sort()).toEqual(['app', 'push']);
    });
  });
});
