import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';

// The same session lifecycle, through each app's own routes and envelope.
const APPS: Array<{ name: AppName; prefix: string; me: string; signUp: (email: string) => Record<string, unknown>; data: (body: any) => any }> = [
  { name: 'fitmate', prefix: '/api/auth', me: '/api/auth/me', signUp: (email) => ({ email, password: 'session-1234', name: '세션' }), data: (b) => b.data },
  {
    name: 'mindpause',
    prefix: '/api/v1/auth',
    me: '/api/v1/users/me',
    signUp: (email) => ({ email, password: 'session-1234', nickname: '세션' }),
    data: (b) => b.data,
  },
  {
    name: 'mimo',
    prefix: '/api/auth',
    me: '/api/profile',
    signUp: (email) => ({ email, password: 'session-1234', name: '세션', agreements: { terms: true, privacy: true } }),
    data: (b) => b.data,
  },
];

for (const app of APPS) {
  describe(`${app.name}: register, sign in, refresh, sign out`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(app.name);
    });
    afterAll(() => t.close());

    it('keeps a session alive through refreshes and ends it at logout', async () => {
      const email = uniqueEmail(app.name);
      const reg = await t.api.post(`${app.prefix}/register`, { body: app.signUp(email) });
      expect(reg.status).toBe(201);
      const login = await t.api.post(`${app.prefix}/login`, { body: { email, password: 'session-1234' } });
      expect(login.status).toBe(200);
      let tokens = app.data(login.body);
      expect(tokens.user.email).toBe(email);
      for (let i = 0; i < 3; i++) {
        const refreshed = await t.api.post(`${app.prefix}/refresh`, { body: { refreshToken: tokens.refreshToken } });
        expect(refreshed.status).toBe(200);
        tokens = app.data(refreshed.body);
        expect((await t.api.get(app.me, { token: tokens.accessToken })).status).toBe(200);
      }
      const out = await t.api.post(`${app.prefix}/logout`, { token: tokens.accessToken, body: { refreshToken: tokens.refreshToken } });
      expect(out.status).toBe(200);
      expect((await t.api.get(app.me, { token: tokens.accessToken })).status).toBe(401);
      expect((await t.api.post(`${app.prefix}/refresh`, { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
      // The registration's own session is untouched by the other one's logout.
      expect((await t.api.get(app.me, { token: app.data(reg.body).accessToken })).status).toBe(200);
    });

    it('will not let one user end another user’s session with their refresh token', async () => {
      const a = app.data((await t.api.post(`${app.prefix}/register`, { body: app.signUp(uniqueEmail('a')) })).body);
      const b = app.data((await t.api.post(`${app.prefix}/register`, { body: app.signUp(uniqueEmail('b')) })).body);
      await t.api.post(`${app.prefix}/logout`, { token: a.accessToken, body: { refreshToken: b.refreshToken } });
      expect((await t.api.get(app.me, { token: b.accessToken })).status).toBe(200);
      expect((await t.api.get(app.me, { token: a.accessToken })).status).toBe(401);
    });
  });
}
