import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { z } from 'zod';
import { translate as fitmateTranslate } from '../../src/apps/fitmate/feature';
import { translate as mimoTranslate } from '../../src/apps/mimo/feature';
import { LiveMessage } from '../../src/apps/mimo/live/messages';
import { CounsellingCode } from '../../src/apps/mindpause/counselling/messages';
import { loadConfig } from '../../src/config';
import { DeviceAuth } from '../../src/platform/auth/devices';
import { createMemoryCache } from '../../src/platform/cache/memory';
import { mimoEnvelope, standardEnvelope, type Envelope } from '../../src/platform/http/envelope';
import { AppError, ErrorCode, unauthorized } from '../../src/platform/http/errors';
import { MessageCatalog, appMessages, platformMessages } from '../../src/platform/http/i18n';
import { createRouter } from '../../src/platform/http/router';
import { createHttpServer } from '../../src/platform/http/server';
import { createLogger } from '../../src/platform/logger';
import { type Client, client } from '../support/http';
import { type TestApp, TEST_SECRETS, startTestApp } from '../support/app';

// Messages live in namespaces: the platform's codes are the base, and each app's own codes are
// layered over them. Two apps may give one code different words; neither sees the other's codes.

const EN = { headers: { 'accept-language': 'en' } };

describe('a message catalog', () => {
  it("resolves an app's code in its own namespace first, then in the platform's", () => {
    const base = new MessageCatalog('platform');
    base.define({ SHARED: { ko: '공통', en: 'shared' }, OVERRIDDEN: { ko: '플랫폼', en: 'platform' } });
    const app = new MessageCatalog('fitmate', base);
    app.define({ OWN: { ko: '{name}님 안녕하세요', en: 'Hello, {name}' }, OVERRIDDEN: { ko: '앱', en: 'app' } });
    expect(app.translate('ko', 'OWN', { name: '민지' })).toBe('민지님 안녕하세요');
    expect(app.translate('en', 'SHARED')).toBe('shared');
    expect(app.translate('en', 'OVERRIDDEN')).toBe('app');
    expect(base.translate('en', 'OVERRIDDEN')).toBe('platform');
    expect([app.has('OWN'), app.has('SHARED'), base.has('OWN'), app.has('NOWHERE')]).toEqual([true, true, false, false]);
    expect(app.translate('ko', 'NOWHERE')).toBe('NOWHERE');
  });

  it('lets two apps give one code different words, each keeping its own', () => {
    const base = new MessageCatalog('platform');
    const fitmate = new MessageCatalog('fitmate', base);
    const mimo = new MessageCatalog('mimo', base);
    fitmate.define({ SAME_CODE: { ko: '운동 기록', en: 'Workout log' } });
    expect(() => mimo.define({ SAME_CODE: { ko: '카메라 기록', en: 'Camera log' } })).not.toThrow();
    expect(fitmate.translate('en', 'SAME_CODE')).toBe('Workout log');
    expect(mimo.translate('en', 'SAME_CODE')).toBe('Camera log');
  });

  it('refuses a code defined twice with different words in one namespace, and takes it again with the same words', () => {
    const app = new MessageCatalog('mimo', new MessageCatalog('platform'));
    app.define({ TWICE: { ko: '한 번', en: 'once' } });
    expect(() => app.define({ TWICE: { ko: '한 번', en: 'once' } })).not.toThrow();
    expect(() => app.define({ TWICE: { ko: '두 번', en: 'once' } })).toThrow('message TWICE is defined twice with different words in the mimo messages');
    expect(() => app.define({ TWICE: { ko: '한 번', en: 'twice' } })).toThrow('defined twice with different words');
    expect(app.translate('ko', 'TWICE')).toBe('한 번');
  });

  it('gives each app one catalog, over the platform: its own codes, the platform codes, never another app codes', () => {
    expect(appMessages('fitmate')).toBe(appMessages('fitmate'));
    expect(appMessages('fitmate')).not.toBe(appMessages('mimo'));
    // Codes the apps really define (their feature messages), as each app translates them.
    expect(mimoTranslate('ko', LiveMessage.LIVE_CAMERA_GONE)).not.toBe(LiveMessage.LIVE_CAMERA_GONE);
    expect(fitmateTranslate('ko', LiveMessage.LIVE_CAMERA_GONE)).toBe(LiveMessage.LIVE_CAMERA_GONE);
    expect(appMessages('fitmate').has(CounsellingCode.COUNSELLING_REPLY_INTERRUPTED)).toBe(false);
    expect(appMessages('mindpause').has(CounsellingCode.COUNSELLING_REPLY_INTERRUPTED)).toBe(true);
    expect(platformMessages.has(LiveMessage.LIVE_CAMERA_GONE)).toBe(false);
    for (const app of ['fitmate', 'mindpause', 'mimo'] as const) {
      expect(appMessages(app).translate('en', ErrorCode.NOT_FOUND)).toBe(platformMessages.translate('en', ErrorCode.NOT_FOUND));
      expect(appMessages(app).translate('en', ErrorCode.NOT_FOUND)).not.toBe(ErrorCode.NOT_FOUND);
    }
  });
});

/**
 * A platform HTTP server and router over a catalog of its own, as app.ts builds each app's: the
 * same code in two of them, with different words, answered over real HTTP.
 */
async function serverOver(messages: MessageCatalog, envelope: Envelope) {
  const config = loadConfig({ NODE_ENV: 'test', ...TEST_SECRETS, DATA_DIR: inject('dataDir') });
  const http = await createHttpServer({
    config,
    app: config.apps[messages.namespace === 'mimo' ? 'mimo' : 'fitmate'],
    title: 'messages',
    description: 'messages',
    envelope,
    messages,
    cache: createMemoryCache(),
    logger: createLogger('silent'),
  });
  const router = createRouter(http, { envelope, authenticate: async () => Promise.reject(unauthorized()), devices: new DeviceAuth() });
  router.get('/greeting', { summary: 'a success message', response: z.object({}), message: 'GREETING' }, async () => ({}));
  router.get('/taken', { summary: 'a refusal', response: z.object({}) }, async () => {
    throw new AppError(409, 'NAME_TAKEN', { name: '민지' });
  });
  router.get('/mimo-only', { summary: "another app's code", response: z.object({}) }, async () => {
    throw new AppError(400, 'ONLY_IN_MIMO');
  });
  router.post(
    '/age',
    { summary: 'a field message', body: z.strictObject({ age: z.number().min(1, 'AGE_TOO_SMALL') }), response: z.object({}) },
    async () => ({}),
  );
  await http.listen({ port: 0, host: '127.0.0.1' });
  return { http, api: client(`http://127.0.0.1:${(http.server.address() as AddressInfo).port}`) };
}

describe('the platform answering in the words of the app it serves', () => {
  const fitmateWords = new MessageCatalog('fitmate', platformMessages);
  fitmateWords.define({
    GREETING: { ko: '오늘도 운동해요', en: 'Time to work out' },
    NAME_TAKEN: { ko: '{name}님의 운동 이름이 이미 있습니다.', en: '{name} already has a workout of that name.' },
    AGE_TOO_SMALL: { ko: '운동하기엔 너무 어립니다.', en: 'Too young to work out.' },
  });
  const mimoWords = new MessageCatalog('mimo', platformMessages);
  mimoWords.define({
    GREETING: { ko: '카메라가 지켜보고 있어요', en: 'The camera is watching' },
    NAME_TAKEN: { ko: '{name}님의 카메라 이름이 이미 있습니다.', en: '{name} already has a camera of that name.' },
    AGE_TOO_SMALL: { ko: '카메라는 한 살 이상이어야 합니다.', en: 'A camera is at least a year old.' },
    ONLY_IN_MIMO: { ko: 'MIMO에만 있는 말', en: 'Words only MIMO has' },
  });
  let fitmate: { http: FastifyInstance; api: Client };
  let mimo: { http: FastifyInstance; api: Client };
  beforeAll(async () => {
    fitmate = await serverOver(fitmateWords, standardEnvelope);
    mimo = await serverOver(mimoWords, mimoEnvelope);
  });
  afterAll(async () => {
    await fitmate?.http.close();
    await mimo?.http.close();
  });

  it("says a route's success message in each app's own words", async () => {
    expect((await fitmate.api.get('/greeting')).body).toMatchObject({ success: true, message: '오늘도 운동해요' });
    expect((await mimo.api.get('/greeting')).body).toEqual({ ok: true, data: {}, message: '카메라가 지켜보고 있어요' });
    expect((await fitmate.api.get('/greeting', EN)).body.message).toBe('Time to work out');
    expect((await mimo.api.get('/greeting', EN)).body.message).toBe('The camera is watching');
  });

  it("says a refusal in each app's own words, with its parameters", async () => {
    const fit = await fitmate.api.get('/taken', EN);
    expect(fit.status).toBe(409);
    expect(fit.body.error).toEqual({ code: 'NAME_TAKEN', message: '민지 already has a workout of that name.', details: null });
    const cam = await mimo.api.get('/taken');
    expect(cam.body.error).toEqual({ code: 'E_NAME_TAKEN', message: '민지님의 카메라 이름이 이미 있습니다.' });
  });

  it("says a field's problem in each app's own words", async () => {
    const fit = await fitmate.api.post('/age', { body: { age: 0 } });
    expect(fit.body.error.details).toEqual([{ field: 'age', message: '운동하기엔 너무 어립니다.' }]);
    const cam = await mimo.api.post('/age', { body: { age: 0 }, ...EN });
    expect(cam.body.error.details).toEqual([{ field: 'age', message: 'A camera is at least a year old.' }]);
  });

  it("cannot say another app's code: the code comes back as it is", async () => {
    expect((await mimo.api.get('/mimo-only', EN)).body.error.message).toBe('Words only MIMO has');
    expect((await fitmate.api.get('/mimo-only', EN)).body.error).toEqual({ code: 'ONLY_IN_MIMO', message: 'ONLY_IN_MIMO', details: null });
  });

  it("says the platform's own codes alike in every app", async () => {
    for (const lang of ['ko', 'en']) {
      const headers = { 'accept-language': lang };
      const fit = await fitmate.api.get('/nothing-here', { headers });
      const cam = await mimo.api.get('/nothing-here', { headers });
      expect(fit.status).toBe(404);
      expect(fit.body.error.message).toBe(platformMessages.translate(lang as 'ko' | 'en', ErrorCode.ROUTE_NOT_FOUND, { method: 'GET', url: '/nothing-here' }));
      expect(cam.body.error.message).toBe(fit.body.error.message);
      const strict = await fitmate.api.post('/age', { body: { age: 2, extra: true }, headers });
      expect(strict.body.error.details).toEqual([{ field: 'extra', message: expect.not.stringMatching(/^UNKNOWN_FIELD$/) }]);
      expect((await mimo.api.post('/age', { body: { age: 2, extra: true }, headers })).body.error.details).toEqual(strict.body.error.details);
    }
  });
});

describe("an app's server and gateway", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mimo');
  });
  afterAll(() => t?.close());

  it("speak the app's own catalog", async () => {
    expect(t.app.http.messages).toBe(appMessages('mimo'));
    expect(t.app.gateway.messages).toBe(appMessages('mimo'));
    const res = await t.api.get('/api/nothing-here', EN);
    expect(res.body.error).toEqual({
      code: 'E_ROUTE_NOT_FOUND',
      message: appMessages('mimo').translate('en', ErrorCode.ROUTE_NOT_FOUND, { method: 'GET', url: '/api/nothing-here' }),
    });
  });
});
