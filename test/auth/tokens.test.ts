import { hkdfSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRETS, type TestApp, startTestApp, uniqueEmail } from '../support/app';

const PASSWORD = 'tokens2024!';
// The published key scheme: HKDF-SHA256 of JWT_SECRET, salt "madang", info "jwt:<app>".
const keyFor = (app: string) => new Uint8Array(hkdfSync('sha256', TEST_SECRETS.JWT_SECRET, 'madang', `jwt:${app}`, 32));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('access and refresh tokens', () => {
  let fit: TestApp;
  let mimo: TestApp;
  beforeAll(async () => {
    [fit, mimo] = await Promise.all([startTestApp('fitmate', { JWT_REFRESH_REUSE_GRACE: '1s', JWT_ACCESS_TTL: '4s' }), startTestApp('mimo')]);
  });
  afterAll(async () => {
    await Promise.all([fit.close(), mimo.close()]);
  });

  const signUp = async () => (await fit.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: '토큰' } })).body.data;
  const me = (token: string) => fit.api.get('/api/auth/me', { token });

  it('carries a token type, the session, issuer, audience and a 15-minute default life', async () => {
    const s = (
      await mimo.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: 'm', agreements: { terms: true, privacy: true } } })
    ).body.data;
    const claims = decodeJwt(s.accessToken);
    expect(claims).toMatchObject({ typ: 'access', iss: 'madang', aud: 'mimo', sub: String(s.user.id) });
    expect(claims.sid).toEqual(expect.any(String));
    expect(claims.exp! - claims.iat!).toBe(900);
  });

  it('refuses a forged signature and a tampered subject', async () => {
    const s = await signUp();
    const [header, payload, signature] = s.accessToken.split('.');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect((await me(`${header}.${payload}.${flipped}`)).body.error.code).toBe('INVALID_TOKEN');
    const claims = decodeJwt(s.accessToken);
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: String(Number(claims.sub) + 1) })).toString('base64url');
    expect((await me(`${header}.${tampered}.${signature}`)).status).toBe(401);
    const otherSecret = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await me(otherSecret)).body.error.code).toBe('INVALID_TOKEN');
  });

  it('refuses alg "none"', async () => {
    const s = await signUp();
    const unsigned = new UnsecuredJWT({ ...decodeJwt(s.accessToken) }).encode();
    const res = await me(unsigned);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_TOKEN');
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const s = await signUp();
    expect((await me(s.accessToken)).status).toBe(200);
    await sleep(5_100);
    const res = await me(s.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a refresh token as an access token, and a JWT of another type', async () => {
    const s = await signUp();
    expect((await me(s.refreshToken)).body.error.code).toBe('INVALID_TOKEN');
    const claims = decodeJwt(s.accessToken);
    const refreshTyped = await new SignJWT({ ...claims, typ: 'refresh' }).setProtectedHeader({ alg: 'HS256' }).sign(keyFor('fitmate'));
    expect((await me(refreshTyped)).body.error.code).toBe('INVALID_TOKEN');
    const sameKeyRightType = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(keyFor('fitmate'));
    expect((await me(sameKeyRightType)).status).toBe(200);
  });

  it('refuses a token of another app, even for the same user id', async () => {
    const s = await signUp();
    const forMimo = await new SignJWT({ ...decodeJwt(s.accessToken), aud: 'mimo' }).setProtectedHeader({ alg: 'HS256' }).sign(keyFor('mimo'));
    expect((await me(forMimo)).status).toBe(401);
    expect((await mimo.api.get('/api/profile', { token: s.accessToken })).status).toBe(401);
  });

  it('refuses malformed Authorization headers', async () => {
    for (const authorization of ['Bearer', 'Basic abc', 'Bearer a b', 'bearer   ', 'Token x.y.z']) {
      const res = await fit.api.get('/api/auth/me', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });

  it('treats a rotated refresh token used again as theft and ends the whole session', async () => {
    const s = await signUp();
    const next = (await fit.api.post('/api/auth/refresh', { body: { refreshToken: s.refreshToken } })).body.data;
    await sleep(1_200);
    const replay = await fit.api.post('/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // The legitimate successor dies with the family, and so does the session's access token.
    expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: next.refreshToken } })).status).toBe(401);
    expect((await me(next.accessToken)).body.error.code).toBe('SESSION_REVOKED');
  });

  it('lets two tabs refresh with the same token at once (grace period)', async () => {
    const s = await signUp();
    const [a, b] = await Promise.all([
      fit.api.post('/api/auth/refresh', { body: { refreshToken: s.refreshToken } }),
      fit.api.post('/api/auth/refresh', { body: { refreshToken: s.refreshToken } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.data.refreshToken).not.toBe(b.body.data.refreshToken);
    for (const tab of [a, b]) {
      expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: tab.body.data.refreshToken } })).status).toBe(200);
    }
  });

  it('refuses unknown and oversized refresh tokens', async () => {
    expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } })).body.error.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: 'x'.repeat(5000) } })).status).toBe(400);
  });

  it('stops a suspended user from signing in, refreshing or using a token, until restored', async () => {
    const email = uniqueEmail();
    const s = (await fit.api.post('/api/auth/register', { body: { email, password: PASSWORD, name: '정지' } })).body.data;
    await fit.app.identity.setActive(s.user.id, false);
    const login = await fit.api.post('/api/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: s.refreshToken } })).status).toBe(401);
    expect((await me(s.accessToken)).status).toBe(401);
    // A wrong password says nothing about the suspension.
    expect((await fit.api.post('/api/auth/login', { body: { email, password: 'wrong-one-1' } })).status).toBe(401);
    await fit.app.identity.setActive(s.user.id, true);
    expect((await fit.api.post('/api/auth/login', { body: { email, password: PASSWORD } })).status).toBe(200);
  });
});

describe('brute force', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate', { RATE_LIMIT_LOGIN: '5/15minute', TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, ip: string) =>
    t.api.post('/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

  it('limits sign-in attempts per IP, then answers 429 with Retry-After even to the right password', async () => {
    const email = uniqueEmail();
    await t.api.post('/api/auth/register', { body: { email, password: PASSWORD, name: 'b' }, headers: { 'x-forwarded-for': '10.0.0.99' } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(uniqueEmail(), 'guess-1234', '10.0.0.1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await login(email, PASSWORD, '10.0.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('limits attempts per email across IPs, and a success clears the email count', async () => {
    const email = uniqueEmail();
    await t.api.post('/api/auth/register', { body: { email, password: PASSWORD, name: 'b' }, headers: { 'x-forwarded-for': '10.1.0.99' } });
    for (let i = 0; i < 4; i++) expect((await login(email, 'guess-1234', `10.1.0.${i}`)).status).toBe(401);
    expect((await login(email, PASSWORD, '10.1.0.50')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(email, 'guess-1234', `10.1.1.${i}`)).status).toBe(401);
    expect((await login(email, PASSWORD, '10.1.2.1')).status).toBe(429);
  });

  it('limits password re-checks of a signed-in user', async () => {
    const s = (
      await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: 'b' }, headers: { 'x-forwarded-for': '10.2.0.1' } })
    ).body.data;
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.api.post('/api/auth/verify-password', { token: s.accessToken, body: { password: `guess-${i}x` } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
