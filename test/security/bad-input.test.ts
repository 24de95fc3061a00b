import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { account as fitmateAccount } from '../support/fitmate';
import { account as mimoAccount } from '../support/mimo';
import { camera } from '../support/mimo-cameras';
import { account as mindpauseAccount } from '../support/mindpause';
import { forgeAccessToken } from '../support/realtime-attacks';
import { type TestStores, openTestStores } from '../support/stores';

/** `{"a": {"a": … "x" …}}`, `levels` deep, written out by hand (JSON.stringify would overflow first). */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`;

/**
 * Issue 13, item 6: NUL bytes in any string that reaches PostgreSQL, JSON nested thousands of
 * levels deep and a token naming a session that is not a UUID all ended in 500. One platform guard
 * answers each with a 4xx in the app's envelope, before any route sees it.
 */
describe('one rule for bad input: these were 500s (attacks of issue 13)', () => {
  let stores: TestStores;
  let fit: TestApp;
  let calm: TestApp;
  let cam: TestApp;
  beforeAll(async () => {
    stores = await openTestStores();
    // One after the other: apps sharing a PostgreSQL database each migrate it in turn.
    fit = await startTestApp('fitmate', {}, { stores });
    calm = await startTestApp('mindpause', {}, { stores });
    cam = await startTestApp('mimo', {}, { stores });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([fit?.close(), calm?.close(), cam?.close()]);
    await stores?.close();
  });

  /** A 400 in the standard envelope naming the field, or MIMO's `{ok: false}` with E_VALIDATION. */
  const refusedField = (res: { status: number; body: any }, field: string, mimo = false) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const error = mimo ? (expect(res.body.ok).toBe(false), res.body.error) : (expect(res.body.success).toBe(false), res.body.error);
    expect(error.code).toBe(mimo ? 'E_VALIDATION' : 'VALIDATION_ERROR');
    expect(error.details).toEqual([{ field, message: '허용되지 않는 문자가 포함되어 있습니다.' }]);
  };

  it('NUL in a search or filter query: FitMate exercise search q, MindPause admin users q', async () => {
    refusedField(await fit.api.get('/api/exercises/search?q=%EC%8A%A4%00'), 'q');
    const admin = await mindpauseAccount(calm, ['ADMIN']);
    refusedField(await calm.api.get('/api/v1/admin/users?q=a%00b', { token: admin.token }), 'q');
  });

  it('NUL in a path parameter', async () => {
    const me = await fitmateAccount(fit);
    const res = await fit.api.get('/api/workouts/1%00', { token: me.token });
    expect(res.status).toBe(400);
  });

  it('NUL in a push endpoint to unsubscribe, and in MIMO’s recording key', async () => {
    const me = await fitmateAccount(fit);
    refusedField(
      await fit.api.delete('/api/push/subscriptions', { token: me.token, body: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc\u0000' } }),
      'endpoint',
    );
    const owner = await mimoAccount(cam);
    refusedField(await cam.api.post('/api/recordings', { token: owner.token, body: { eventId: 1, key: 'recordings/1/1/x\u0000.mp4' } }), 'key', true);
  });

  it('NUL in the free-form jsonb fields, in values and in keys: metadata, extra, data', async () => {
    const owner = await mimoAccount(cam);
    const { id: cameraId } = await camera(cam, owner);
    const event = { cameraId, type: 'manual', startedAt: new Date(Date.now() - 1_000).toISOString() };
    refusedField(await cam.api.post('/api/events', { token: owner.token, body: { ...event, metadata: { note: 'a\u0000b' } } }), 'metadata.note', true);
    refusedField(await cam.api.post('/api/events', { token: owner.token, body: { ...event, metadata: { 'bad\u0000key': 1 } } }), 'metadata', true);
    refusedField(await cam.api.put('/api/settings', { token: owner.token, body: { extra: { theme: 'dark\u0000' } } }), 'extra.theme', true);
    const me = await fitmateAccount(fit);
    refusedField(
      await fit.api.post('/api/notifications', {
        token: me.token,
        body: { type: 'custom', title: '메모', message: '내용', data: { list: ['ok', 'x\u0000'] } },
      }),
      'data.list.1',
    );
    // Nothing was stored on the way.
    expect((await cam.api.get('/api/events', { token: owner.token })).body.data.items).toEqual([]);
  });

  it('JSON nested thousands of levels deep, on every app', async () => {
    const me = await fitmateAccount(fit);
    const owner = await mimoAccount(cam);
    const calmUser = await mindpauseAccount(calm);
    const deep = nested(5_000);
    const cases = [
      { t: fit, path: '/api/notifications', token: me.token, raw: `{"type":"custom","title":"t","message":"m","data":${deep}}` },
      { t: cam, path: '/api/settings', token: owner.token, raw: `{"extra":${deep}}`, method: 'PUT' },
      { t: calm, path: '/api/v1/emotions', token: calmUser.token, raw: `{"emotion":"joy","intensity":5,"note":${deep}}` },
    ];
    for (const { t, path, token, raw, method = 'POST' } of cases) {
      const res = await t.api.request(method, path, { token, raw, headers: { 'content-type': 'application/json' } });
      expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(400);
      const error = res.body.error;
      expect(error.code).toBe(t === cam ? 'E_INPUT_TOO_DEEP' : 'INPUT_TOO_DEEP');
      expect(error.message).toBe('입력값의 중첩이 너무 깊습니다. (최대 32단계)');
    }
    // A body that is merely nested a little is the route's to judge.
    const shallow = await fit.api.post('/api/notifications', {
      token: me.token,
      body: { type: 'custom', title: 't', message: 'm', data: { a: { b: { c: 1 } } } },
    });
    expect(shallow.status, shallow.text).toBe(201);
  });

  it('a token naming a session that is not a UUID is 401 INVALID_TOKEN on every app', async () => {
    for (const [t, name, account, path] of [
      [fit, 'fitmate', fitmateAccount, '/api/auth/me'],
      [calm, 'mindpause', mindpauseAccount, '/api/v1/users/me'],
      [cam, 'mimo', mimoAccount, '/api/profile'],
    ] as const) {
      const real = (await account(t)).token;
      for (const sid of ['not-a-uuid', "' or 1=1 --", '']) {
        const res = await t.api.get(path, { token: await forgeAccessToken(name, real, { sid }) });
        expect(res.status, `${name} ${sid}`).toBe(401);
        expect(res.body.error.code).toBe(name === 'mimo' ? 'E_INVALID_TOKEN' : 'INVALID_TOKEN');
      }
    }
  });
});
