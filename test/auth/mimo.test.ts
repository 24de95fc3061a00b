import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { CLIENTS, type FakeOAuthProvider, startFakeOAuthProvider } from '../support/oauth-provider';
import { codeIn, startSmtpServer } from '../support/smtp';

const PASSWORD = 'homecam-24';
const agreements = { terms: true, privacy: true };

describe('MIMO identity routes', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let provider: FakeOAuthProvider;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    provider = await startFakeOAuthProvider();
    provider.install();
    t = await startTestApp('mimo', { ...smtp.env, GOOGLE_CLIENT_ID: CLIENTS.google.id });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
    await smtp.close();
  });

  const register = (body: Record<string, unknown> = {}) =>
    t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: '지킴이', agreements, ...body } });

  describe('POST /api/auth/register', () => {
    it('records the terms agreement with the account', async () => {
      const res = await register({
        nickname: '우리집',
        phone: '01098765432',
        birth: '1988-03-01',
        agreements: { ...agreements, microphone: true, marketing: true },
      });
      expect(res.status).toBe(201);
      expect(res.body.ok).toBe(true);
      const user = res.body.data.user;
      expect(user).toMatchObject({
        name: '지킴이',
        nickname: '우리집',
        phone: '+821098765432',
        birth: '1988-03-01',
        emailVerified: false,
        googleLinked: false,
      });
      expect(user.agreements).toMatchObject({ terms: true, privacy: true, microphone: true, location: false, marketing: true });
    });

    it('requires the terms of service and privacy policy', async () => {
      for (const given of [{ terms: true }, { privacy: true }, { terms: false, privacy: true }, undefined]) {
        const res = await register({ agreements: given });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('E_VALIDATION');
      }
      const res = await register({ agreements: { terms: true, privacy: false } });
      expect(res.body.error.details).toContainEqual({ field: 'agreements.privacy', message: '필수 약관(이용약관, 개인정보처리방침)에 동의해야 합니다.' });
    });

    it('answers E_ codes for a taken email', async () => {
      const email = uniqueEmail();
      await register({ email });
      const res = await register({ email });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'E_EMAIL_ALREADY_EXISTS', message: '이미 가입된 이메일입니다.' } });
    });
  });

  describe('/api/profile', () => {
    it('reads and updates the profile as {user} (and as data itself, as the app reads it), keeping consent history', async () => {
      const s = (await register()).body.data;
      const got = await t.api.get('/api/profile', { token: s.accessToken });
      const { user, ...same } = got.body.data;
      expect(user).toMatchObject({ id: s.user.id, email: s.user.email });
      expect(same).toEqual(user);
      const put = await t.api.put('/api/profile', {
        token: s.accessToken,
        body: { nickname: '거실캠', bio: '강아지 지키는 중', agreements: { location: true } },
      });
      expect(put.status).toBe(200);
      expect(put.body.message).toBe('프로필이 수정되었습니다.');
      expect(put.body.data.user).toMatchObject({
        nickname: '거실캠',
        bio: '강아지 지키는 중',
        agreements: { terms: true, privacy: true, location: true, microphone: false },
      });
      const { termsAgreements } = await import('../../src/apps/mimo/schema');
      const { eq } = await import('drizzle-orm');
      const history = await t.stores.database.db.select().from(termsAgreements).where(eq(termsAgreements.userId, s.user.id));
      expect(history.map((h) => h.agreeLocation)).toEqual([false, true]);
    });

    it('shows each user their own consent and roles, never a neighbour’s', async () => {
      const people = [];
      for (const marketing of [true, false, true, false])
        people.push((await register({ agreements: { ...agreements, marketing, location: !marketing } })).body.data);
      const adminId = await t.app.identity.createUser({ email: uniqueEmail('admin'), password: PASSWORD, name: '관리', roles: ['ADMIN', 'USER'] });
      for (const [i, person] of people.entries()) {
        const user = (await t.api.get('/api/profile', { token: person.accessToken })).body.data.user;
        expect(user).toMatchObject({ id: person.user.id, roles: ['USER'], agreements: { marketing: i % 2 === 0, location: i % 2 === 1 } });
      }
      const admin = (
        await t.api.post('/api/auth/login', { body: { email: (await t.app.identity.emailVerificationStatus(adminId)).email, password: PASSWORD } })
      ).body.data;
      expect(admin.user).toMatchObject({ roles: ['ADMIN', 'USER'], agreements: null });
    });

    it('refuses owner-only fields and the required consents', async () => {
      const s = (await register()).body.data;
      for (const body of [{ email: 'x@y.z' }, { googleId: '1' }, { emailVerified: true }, { agreements: { terms: false } }, { phone: '12' }]) {
        const res = await t.api.put('/api/profile', { token: s.accessToken, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    });
  });

  describe('email verification', () => {
    it('sends a code by email and verifies it', async () => {
      const s = (await register()).body.data;
      const before = await t.api.get('/api/profile/email-verification-status', { token: s.accessToken });
      expect(before.body.data).toEqual({
        email: s.user.email,
        emailVerified: false,
        pendingExpiresAt: null,
        isVerified: false,
        canResend: true,
        nextResendTime: null,
      });
      const send = await t.api.post('/api/profile/email-verification', { token: s.accessToken });
      expect(send.status).toBe(200);
      const expiresIn = new Date(send.body.data.expiresAt).getTime() - Date.now();
      expect(expiresIn).toBeGreaterThan(9 * 60_000);
      expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
      const mail = await smtp.next(s.user.email);
      expect(mail.subject).toBe('[MIMO] 이메일 인증 코드');
      const pending = await t.api.get('/api/profile/email-verification-status', { token: s.accessToken });
      expect(pending.body.data.pendingExpiresAt).not.toBeNull();
      const verify = await t.api.post('/api/profile/verify-email', { token: s.accessToken, body: { code: codeIn(mail) } });
      expect(verify.status).toBe(200);
      expect(verify.body.data).toEqual({
        email: s.user.email,
        emailVerified: true,
        pendingExpiresAt: null,
        isVerified: true,
        canResend: false,
        nextResendTime: null,
      });
      expect((await t.api.get('/api/profile', { token: s.accessToken })).body.data.user.emailVerified).toBe(true);
      const again = await t.api.post('/api/profile/email-verification', { token: s.accessToken });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('E_EMAIL_ALREADY_VERIFIED');
    });

    it('limits resends and makes the newest code the only valid one', async () => {
      const s = (await register()).body.data;
      await t.api.post('/api/profile/email-verification', { token: s.accessToken });
      const first = codeIn(await smtp.next(s.user.email));
      const tooSoon = await t.api.post('/api/profile/email-verification', { token: s.accessToken });
      expect(tooSoon.status).toBe(429);
      expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
      // A newer code replaces the old one (here issued directly, as the minute has not passed).
      await t.app.identity.codes.issue(s.user.id, s.user.email, 'email_verification');
      const stale = await t.api.post('/api/profile/verify-email', { token: s.accessToken, body: { code: first } });
      expect(stale.status).toBe(400);
    });

    it('answers 503 when the mail server is away, and records the failure', async () => {
      const down = await startTestApp('mimo', { SMTP_HOST: '127.0.0.1', SMTP_PORT: '1', SMTP_FROM: 'x@y.z' });
      try {
        const s = (await down.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: 'x', agreements } })).body.data;
        const res = await down.api.post('/api/profile/email-verification', { token: s.accessToken });
        expect(res.status).toBe(503);
        expect(res.body.error.code).toBe('E_EMAIL_DELIVERY_FAILED');
        const { emailMessages } = await import('../../src/apps/mimo/schema');
        const [row] = await down.stores.database.db.select().from(emailMessages);
        expect(row).toMatchObject({ status: 'failed', textBody: null });
        expect(row!.error).toMatch(/ECONNREFUSED/);
      } finally {
        await down.close();
      }
    });

    it('needs a signed-in user and a six-digit code', async () => {
      expect((await t.api.post('/api/profile/verify-email', { body: { code: '123456' } })).status).toBe(401);
      const s = (await register()).body.data;
      const res = await t.api.post('/api/profile/verify-email', { token: s.accessToken, body: { code: '12ab56' } });
      expect(res.body.error.details).toEqual([{ field: 'code', message: '인증 코드는 6자리 숫자입니다.' }]);
    });
  });

  describe('POST /api/auth/google', () => {
    it('creates an account from a verified Google ID token, then signs the same person in', async () => {
      const email = uniqueEmail('google');
      const idToken = await provider.signIdToken({ sub: 'g-100', email, email_verified: true, name: 'Google 사용자', picture: 'https://lh3.example/p.png' });
      const first = await t.api.post('/api/auth/google', { body: { idToken } });
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({
        created: true,
        user: { email, provider: 'google', emailVerified: true, googleLinked: true, picture: 'https://lh3.example/p.png' },
      });
      const second = await t.api.post('/api/auth/google', { body: { idToken } });
      expect(second.body.data).toMatchObject({ created: false, user: { id: first.body.data.user.id } });
    });

    it('links Google to an existing account only through a verified email', async () => {
      const email = uniqueEmail('link');
      const local = (await register({ email })).body.data;
      const unverifiedGoogle = await provider.signIdToken({ sub: 'g-200', email, email_verified: false });
      expect((await t.api.post('/api/auth/google', { body: { idToken: unverifiedGoogle } })).body.error.code).toBe('E_OAUTH_ACCOUNT_EXISTS');
      // The local account has a password and an unproven email: someone may have registered
      // the address first, so even a verified Google email does not join it.
      const verifiedGoogle = await provider.signIdToken({ sub: 'g-200', email, email_verified: true });
      expect((await t.api.post('/api/auth/google', { body: { idToken: verifiedGoogle } })).status).toBe(409);
      // Once the account proves the address, the link is made.
      await t.api.post('/api/profile/email-verification', { token: local.accessToken });
      await t.api.post('/api/profile/verify-email', { token: local.accessToken, body: { code: codeIn(await smtp.next(email)) } });
      const linked = await t.api.post('/api/auth/google', { body: { idToken: verifiedGoogle } });
      expect(linked.status).toBe(200);
      expect(linked.body.data).toMatchObject({ created: false, user: { id: local.user.id, googleLinked: true } });
    });

    it('refuses tokens for another client, from another issuer, expired, or signed by another key', async () => {
      const claims = { sub: 'g-300', email: uniqueEmail(), email_verified: true };
      const { privateKey } = await generateKeyPair('RS256');
      const bad = [
        await provider.signIdToken(claims, { audience: 'someone-else.apps.googleusercontent.com' }),
        await provider.signIdToken(claims, { issuer: 'https://evil.example' }),
        await provider.signIdToken(claims, { expiresIn: '-1m' }),
        await provider.signIdToken(claims, { key: privateKey }),
      ];
      for (const idToken of bad) {
        const res = await t.api.post('/api/auth/google', { body: { idToken } });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('E_INVALID_ID_TOKEN');
      }
    });
  });
});
