import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { type TestApp, startTestApp } from '../support/app';
import { account } from '../support/mimo';
import { camera } from '../support/mimo-cameras';

const TURN = {
  RTC_STUN_URLS: 'stun:stun.example.com:3478, stuns:stun.example.com:5349',
  RTC_TURN_URLS: 'turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349',
  RTC_TURN_SECRET: 'coturn-static-auth-secret-0123',
  RTC_TURN_TTL: '3600',
};

/** What a TURN server with `use-auth-secret` computes to check a credential. */
const expectedPassword = (secret: string, username: string) => createHmac('sha1', secret).update(username).digest('base64');

describe('MIMO live view over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mimo', TURN);
  });
  afterAll(() => t.close());

  describe('GET /api/rtc/ice-servers', () => {
    it('gives STUN servers and a TURN credential that the TURN server’s secret verifies, expiring after the TTL', async () => {
      const user = await account(t);
      const before = Math.floor(Date.now() / 1000);
      const res = await t.api.get('/api/rtc/ice-servers', { token: user.token });
      expect(res.status).toBe(200);
      const { iceServers, ttl, expiresAt } = res.body.data;
      expect(ttl).toBe(3600);
      expect(iceServers[0]).toEqual({ urls: ['stun:stun.example.com:3478', 'stuns:stun.example.com:5349'] });
      const turn = iceServers[1];
      expect(turn.urls).toEqual(['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349']);
      const [expiry, userId] = turn.username.split(':');
      expect(Number(userId)).toBe(user.id);
      expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
      expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);
      expect(new Date(expiresAt).getTime()).toBe(Number(expiry) * 1000);
      expect(turn.credential).toBe(expectedPassword(TURN.RTC_TURN_SECRET, turn.username));
      expect(turn.credential).not.toBe(expectedPassword('another-secret-0123456789', turn.username));
      expect(res.text).not.toContain(TURN.RTC_TURN_SECRET);
    });

    it('gives each user a credential of their own', async () => {
      const [a, b] = [await account(t), await account(t)];
      const [ra, rb] = await Promise.all([t.api.get('/api/rtc/ice-servers', { token: a.token }), t.api.get('/api/rtc/ice-servers', { token: b.token })]);
      expect(ra.body.data.iceServers[1].username).toMatch(new RegExp(`:${a.id}$`));
      expect(rb.body.data.iceServers[1].username).toMatch(new RegExp(`:${b.id}$`));
      expect(ra.body.data.iceServers[1].credential).not.toBe(rb.body.data.iceServers[1].credential);
    });

    it('serves a camera by its device credential, as its owner', async () => {
      const owner = await account(t);
      const cam = await camera(t, owner);
      const res = await t.api.get('/api/rtc/ice-servers', { headers: { 'x-device-credential': cam.credential } });
      expect(res.status).toBe(200);
      const turn = res.body.data.iceServers[1];
      expect(turn.username).toMatch(new RegExp(`^\\d+:${owner.id}$`));
      expect(turn.credential).toBe(expectedPassword(TURN.RTC_TURN_SECRET, turn.username));
    });

    it('gives the STUN servers only, with nothing expiring, where TURN is not set up', async () => {
      // A second node on the same stores, without the TURN settings.
      const plain = await startTestApp('mimo', {}, { stores: t.stores });
      try {
        const res = await plain.api.get('/api/rtc/ice-servers', { token: (await account(plain)).token });
        expect(res.body).toEqual({ ok: true, data: { iceServers: [{ urls: ['stun:stun.l.google.com:19302'] }], ttl: null, expiresAt: null } });
      } finally {
        await plain.close();
      }
    });

    it('refuses callers who are neither signed in nor a camera', async () => {
      const anonymous = await t.api.get('/api/rtc/ice-servers');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ ok: false, error: { code: 'E_UNAUTHORIZED', message: '인증이 필요합니다.' } });
      const forged = await t.api.get('/api/rtc/ice-servers', { headers: { 'x-device-credential': `mc_1_${'A'.repeat(43)}`, 'accept-language': 'en' } });
      expect(forged.status).toBe(401);
      expect(forged.body.error).toEqual({ code: 'E_DEVICE_CREDENTIAL_INVALID', message: 'The device credential is not valid.' });
      expect((await t.api.get('/api/rtc/ice-servers', { token: 'not.a.token' })).status).toBe(401);
    });
  });

  describe('the camera and viewer pages', () => {
    it('are served with a CSP that allows only this origin’s scripts, and every script they load is there', async () => {
      for (const page of ['/live/camera', '/live/viewer']) {
        const res = await t.api.get(page);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const csp = res.headers.get('content-security-policy')!;
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("connect-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('unsafe-eval');
        expect(res.text).toContain('lang="ko"');
        // No inline script anywhere: every <script> has a src on this origin.
        const scripts = [...res.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
        expect(scripts.length).toBeGreaterThan(0);
        for (const attributes of scripts) {
          const src = /src="([^"]+)"/.exec(attributes)?.[1];
          expect(src, attributes).toMatch(/^\/[^/]/);
          const script = await t.api.get(src!);
          expect(script.status, src).toBe(200);
          expect(script.headers.get('content-type')).toMatch(/javascript/);
        }
        const styles = [...res.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
        for (const href of styles) expect((await t.api.get(href)).headers.get('content-type')).toBe('text/css; charset=utf-8');
      }
    });

    it('serves nothing else from the pages folder', async () => {
      for (const path of ['/live/assets/../pages.ts', '/live/assets/pages.ts', '/live/assets/%2e%2e%2fpages.ts', '/live/camera.html']) {
        const res = await t.api.get(path);
        expect(res.status, path).toBe(404);
      }
    });

    it('stay out of the OpenAPI document', async () => {
      const doc = await t.api.get('/docs/json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toContain('/api/rtc/ice-servers');
      expect(Object.keys(doc.body.paths).some((path) => path.startsWith('/live'))).toBe(false);
    });
  });
});

describe('ICE server settings', () => {
  it('default to Google’s public STUN server, with no TURN', () => {
    expect(loadConfig({}).rtc).toEqual({ stunUrls: ['stun:stun.l.google.com:19302'], turn: undefined });
    expect(loadConfig({ RTC_STUN_URLS: 'none' }).rtc.stunUrls).toEqual([]);
    expect(loadConfig(TURN).rtc.turn).toEqual({
      urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'],
      secret: TURN.RTC_TURN_SECRET,
      ttlSec: 3600,
    });
    expect(loadConfig({ ...TURN, RTC_TURN_TTL: undefined }).rtc.turn!.ttlSec).toBe(86_400);
  });

  it('refuse TURN without its secret, a secret without TURN, and URLs of the wrong scheme', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).setting;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    expect(refused({ RTC_TURN_URLS: TURN.RTC_TURN_URLS })).toBe('RTC_TURN_SECRET');
    expect(refused({ RTC_TURN_SECRET: TURN.RTC_TURN_SECRET })).toBe('RTC_TURN_URLS');
    expect(refused({ ...TURN, RTC_TURN_SECRET: 'short' })).toBe('RTC_TURN_SECRET');
    expect(refused({ RTC_STUN_URLS: 'https://stun.example.com' })).toBe('RTC_STUN_URLS');
    expect(refused({ ...TURN, RTC_TURN_URLS: 'stun:turn.example.com' })).toBe('RTC_TURN_URLS');
    expect(refused({ ...TURN, RTC_TURN_TTL: 'forever' })).toBe('RTC_TURN_TTL');
  });
});
