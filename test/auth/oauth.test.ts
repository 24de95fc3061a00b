import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import type { Client } from '../support/http';
import { type FakeOAuthProvider, type FakeUser, oauthEnv, startFakeOAuthProvider } from '../support/oauth-provider';

/** A browser's round trip: our start route, the provider's consent, our callback with the cookie. */
async function signInThrough(api: Client, provider: FakeOAuthProvider, startPath: string, user: FakeUser) {
  const start = await api.get(startPath);
  expect(start.status).toBe(302);
  const cookie = start.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^madang_oauth_state=[\w-]+;/);
  for (const attribute of ['Max-Age=600', 'Path=/', 'HttpOnly', 'SameSite=Lax']) expect(cookie).toContain(attribute);
  const authorizeUrl = new URL(start.headers.get('location')!);
  provider.state.user = user;
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location')!);
  const answer = await api.get(`${callback.pathname}${callback.search}`, { headers: { cookie: cookie.split(';')[0]! } });
  return { start, authorizeUrl, callback, answer, cookie: cookie.split(';')[0]! };
}

describe('FitMate sign-in with Google, Kakao and Naver', () => {
  let t: TestApp;
  let provider: FakeOAuthProvider;
  beforeAll(async () => {
    provider = await startFakeOAuthProvider();
    provider.install();
    t = await startTestApp('fitmate', { ...oauthEnv, FITMATE_PUBLIC_URL: 'https://api.fitmate.example' });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('Google: state and PKCE, a new account, the app’s own tokens', async () => {
    const email = uniqueEmail('g');
    const { authorizeUrl, answer, start } = await signInThrough(t.api, provider, '/oauth2/authorization/google', {
      id: 'google-1',
      email,
      emailVerified: true,
      name: '구글 사용자',
      picture: 'https://lh3.example/a.png',
    });
    // The public URL is https, so the state cookie never travels in clear.
    expect(start.headers.get('set-cookie')).toContain('Secure');
    expect(authorizeUrl.host).toBe('accounts.google.com');
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe('https://api.fitmate.example/login/oauth2/code/google');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('scope')).toBe('openid email profile');
    expect(answer.status).toBe(200);
    expect(answer.body.data.user).toMatchObject({ email, provider: 'google', emailVerified: true, name: '구글 사용자', picture: 'https://lh3.example/a.png' });
    const tokenRequest = provider.state.tokenRequests.at(-1)!;
    expect(tokenRequest.code_verifier).toMatch(/^[\w-]{43,}$/);
    const me = await t.api.get('/api/auth/me', { token: answer.body.data.accessToken });
    expect(me.body.data.email).toBe(email);
  });

  it('Kakao and Naver: state checked, profile from the user-info endpoint', async () => {
    const kakao = await signInThrough(t.api, provider, '/oauth2/authorization/kakao', {
      id: '777',
      email: uniqueEmail('k'),
      emailVerified: true,
      name: '카카오친구',
    });
    expect(kakao.authorizeUrl.host).toBe('kauth.kakao.com');
    expect(kakao.answer.status).toBe(200);
    expect(kakao.answer.body.data.user).toMatchObject({ provider: 'kakao', name: '카카오친구', emailVerified: true });

    const naver = await signInThrough(t.api, provider, '/oauth2/authorization/naver', { id: 'naver-abc', email: `n${Date.now()}@naver.com`, name: '네이버' });
    expect(naver.authorizeUrl.host).toBe('nid.naver.com');
    expect(naver.authorizeUrl.searchParams.get('state')).toBeTruthy();
    expect(naver.answer.status).toBe(200);
    expect(naver.answer.body.data.user).toMatchObject({ provider: 'naver', emailVerified: true });
  });

  it('the same provider account signs in to the same user', async () => {
    const user = { id: 'google-same', email: uniqueEmail('same'), emailVerified: true, name: '같은사람' };
    const first = await signInThrough(t.api, provider, '/oauth2/authorization/google', user);
    const second = await signInThrough(t.api, provider, '/oauth2/authorization/google', { ...user, email: uniqueEmail('changed') });
    expect(second.answer.body.data.user.id).toBe(first.answer.body.data.user.id);
  });

  it('refuses a callback whose state does not match the browser cookie, or is used twice', async () => {
    const start = await t.api.get('/oauth2/authorization/google');
    provider.state.user = { id: 'google-csrf', email: uniqueEmail(), emailVerified: true };
    const consent = await fetch(new URL(start.headers.get('location')!), { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    const path = `${callback.pathname}${callback.search}`;
    const noCookie = await t.api.get(path);
    expect(noCookie.status).toBe(400);
    expect(noCookie.body.error.code).toBe('OAUTH_STATE_MISMATCH');
    const otherCookie = await t.api.get(path, { headers: { cookie: 'madang_oauth_state=someone-elses-state' } });
    expect(otherCookie.body.error.code).toBe('OAUTH_STATE_MISMATCH');
    const state = callback.searchParams.get('state')!;
    const good = await t.api.get(path, { headers: { cookie: `madang_oauth_state=${state}` } });
    expect(good.status).toBe(200);
    const replay = await t.api.get(path, { headers: { cookie: `madang_oauth_state=${state}` } });
    expect(replay.status).toBe(400);
  });

  it('reports a denied consent and a code the provider refuses', async () => {
    const denied = await t.api.get('/login/oauth2/code/kakao?error=access_denied&state=x');
    expect(denied.status).toBe(400);
    expect(denied.body.error.code).toBe('OAUTH_DENIED');
    const start = await t.api.get('/oauth2/authorization/kakao');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const forged = await t.api.get(`/login/oauth2/code/kakao?code=forged-code&state=${state}`, { headers: { cookie: `madang_oauth_state=${state}` } });
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('OAUTH_FAILED');
  });

  it('needs an email from the provider, and will not join a password account whose email is unproven', async () => {
    const noEmail = await signInThrough(t.api, provider, '/oauth2/authorization/kakao', { id: '888', name: '이메일없음' });
    expect(noEmail.answer.status).toBe(400);
    expect(noEmail.answer.body.error.code).toBe('OAUTH_EMAIL_REQUIRED');

    const email = uniqueEmail('taken');
    await t.api.post('/api/auth/register', { body: { email, password: 'local-pass-1', name: '로컬' } });
    const clash = await signInThrough(t.api, provider, '/oauth2/authorization/google', { id: 'google-clash', email, emailVerified: true });
    expect(clash.answer.status).toBe(409);
    expect(clash.answer.body.error.code).toBe('OAUTH_ACCOUNT_EXISTS');
    const unverified = await signInThrough(t.api, provider, '/oauth2/authorization/kakao', { id: '999', email, emailVerified: false });
    expect(unverified.answer.status).toBe(409);
  });

  it('will not let an access token plant a password on a provider-only account', async () => {
    const { answer } = await signInThrough(t.api, provider, '/oauth2/authorization/google', {
      id: 'google-nopass',
      email: uniqueEmail('np'),
      emailVerified: true,
    });
    const token = answer.body.data.accessToken;
    const verify = await t.api.post('/api/auth/verify-password', { token, body: { password: 'anything-1' } });
    expect(verify.status).toBe(401);
    // No password to confirm deletion with: a fresh sign-in is the proof.
    expect((await t.api.delete('/api/users/account', { token })).status).toBe(200);
  });

  it('asks a provider-only account for a fresh sign-in before deletion', async () => {
    const { answer } = await signInThrough(t.api, provider, '/oauth2/authorization/kakao', { id: '5150', email: uniqueEmail('old'), emailVerified: true });
    const { sessions } = await import('../../src/apps/fitmate/schema');
    const { eq } = await import('drizzle-orm');
    const sid = JSON.parse(Buffer.from(answer.body.data.accessToken.split('.')[1], 'base64url').toString()).sid;
    await t.stores.database.db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(sessions.id, sid));
    const res = await t.api.delete('/api/users/account', { token: answer.body.data.accessToken });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REAUTH_REQUIRED');
  });

  it('links a second provider to an account created by the first', async () => {
    const email = uniqueEmail('both');
    const viaGoogle = await signInThrough(t.api, provider, '/oauth2/authorization/google', { id: 'google-both', email, emailVerified: true });
    const viaKakao = await signInThrough(t.api, provider, '/oauth2/authorization/kakao', { id: '4242', email, emailVerified: true });
    expect(viaKakao.answer.status).toBe(200);
    expect(viaKakao.answer.body.data.user.id).toBe(viaGoogle.answer.body.data.user.id);
  });
});

describe('MindPause sign-in, handing tokens to the web front end', () => {
  let t: TestApp;
  let provider: FakeOAuthProvider;
  beforeAll(async () => {
    provider = await startFakeOAuthProvider();
    provider.install();
    t = await startTestApp('mindpause', {
      GOOGLE_CLIENT_ID: oauthEnv.GOOGLE_CLIENT_ID,
      GOOGLE_CLIENT_SECRET: oauthEnv.GOOGLE_CLIENT_SECRET,
      KAKAO_CLIENT_ID: oauthEnv.KAKAO_CLIENT_ID,
      KAKAO_CLIENT_SECRET: oauthEnv.KAKAO_CLIENT_SECRET,
      MINDPAUSE_PUBLIC_URL: 'http://localhost:8000',
      MINDPAUSE_WEB_URL: 'http://localhost:5173/oauth/done',
    });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('redirects to the front end with the tokens in the fragment', async () => {
    const { authorizeUrl, answer } = await signInThrough(t.api, provider, '/api/v1/auth/kakao', {
      id: '31337',
      email: uniqueEmail('mp'),
      emailVerified: true,
      name: '마음',
    });
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe('http://localhost:8000/api/v1/auth/kakao/callback');
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:5173/oauth/done');
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    const me = await t.api.get('/api/v1/users/me', { token: fragment.get('accessToken')! });
    expect(me.body.data).toMatchObject({ nickname: '마음', provider: 'kakao' });
    expect(fragment.get('refreshToken')).toBeTruthy();
  });

  it('sends errors to the front end too', async () => {
    const res = await t.api.get('/api/v1/auth/google/callback?error=access_denied');
    expect(res.status).toBe(302);
    const fragment = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1));
    expect(fragment.get('error')).toBe('OAUTH_DENIED');
    expect(fragment.get('message')).toBe('소셜 로그인이 취소되었습니다.');
  });

  it('has no Naver route, and says so for an unconfigured provider', async () => {
    expect((await t.api.get('/api/v1/auth/naver')).status).toBe(404);
    const bare = await startTestApp('mindpause');
    try {
      const res = await bare.api.get('/api/v1/auth/google');
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'OAUTH_NOT_CONFIGURED', message: 'google 로그인이 설정되지 않았습니다.' });
    } finally {
      await bare.close();
    }
  });
});
