import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';

const PASSWORD = 'fitmate2024';

describe('FitMate identity routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
  });
  afterAll(() => t.close());

  const register = (email = uniqueEmail(), name = '김민수') => t.api.post('/api/auth/register', { body: { email, password: PASSWORD, name } });

  describe('POST /api/auth/register', () => {
    it('creates the account with the USER role and answers tokens and the profile', async () => {
      const email = uniqueEmail('Mixed.Case');
      const res = await register(email);
      expect(res.status).toBe(201);
      expect(res.body.message).toBe('회원가입이 완료되었습니다.');
      const data = res.body.data;
      expect(data).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { email: email.toLowerCase(), name: '김민수', provider: 'local', roles: ['USER'] },
      });
      expect(data.accessToken.split('.')).toHaveLength(3);
      expect(data.refreshToken.length).toBeGreaterThan(30);
      expect(data.user).not.toHaveProperty('passwordHash');
      expect(data.user).not.toHaveProperty('password');
      expect(data.user).toMatchObject({
        smsNotificationEnabled: false,
        emailNotificationEnabled: true,
        pushNotificationEnabled: true,
        onboardingCompleted: false,
        workoutGoals: [],
        availableEquipment: [],
      });
    });

    it('refuses an email already taken, whatever its case', async () => {
      const email = uniqueEmail();
      expect((await register(email)).status).toBe(201);
      const again = await register(email.toUpperCase());
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('EMAIL_ALREADY_EXISTS');
    });

    it('refuses weak passwords with a clear message', async () => {
      const cases: Array<[string, string]> = [
        ['short1', '비밀번호는 8자 이상이어야 합니다.'],
        ['onlyletters', '비밀번호는 영문자와 숫자를 모두 포함해야 합니다.'],
        ['12345678', '비밀번호는 영문자와 숫자를 모두 포함해야 합니다.'],
        ['Password1', '너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요.'],
      ];
      for (const [password, message] of cases) {
        const res = await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password, name: 'x' } });
        expect(res.status).toBe(400);
        expect(res.body.error.details).toContainEqual({ field: 'password', message });
      }
      // Strong alone, but made of the name given with it.
      const named = await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: 'Zyxwbrontal7', name: 'Zyxwbrontal' } });
      expect(named.status).toBe(400);
      expect(named.body.error.details).toEqual([{ field: 'password', message: '너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요.' }]);
    });

    it('keeps unicode names and SQL or script text as plain data', async () => {
      const names = ["Robert'); DROP TABLE users;--", '<script>alert(1)</script>', '김😀 민수', 'Zoë Ñandú'];
      for (const name of names) {
        const res = await register(uniqueEmail(), name);
        expect(res.status).toBe(201);
        expect(res.body.data.user.name).toBe(name);
        expect(res.headers.get('content-type')).toContain('application/json');
      }
      const sqlEmail = await t.api.post('/api/auth/login', { body: { email: "x' OR '1'='1@example.com", password: "' OR 1=1 --" } });
      expect(sqlEmail.status).toBe(400);
      const health = await t.api.get('/api/health/db');
      expect(health.status).toBe(200);
    });

    it('refuses wrong types and extra nesting without a 500', async () => {
      const bodies = [
        { email: ['a@b.co'], password: PASSWORD, name: 'x' },
        { email: 'a@b.co', password: { $gt: '' }, name: 'x' },
        { email: null, password: null, name: null },
        [],
        'text',
        42,
      ];
      for (const body of bodies) {
        const res = await t.api.post('/api/auth/register', { body });
        expect(res.status).toBe(400);
        expect(res.body.success).toBe(false);
      }
    });
  });

  describe('POST /api/auth/login', () => {
    it('signs in and records the time', async () => {
      const email = uniqueEmail();
      await register(email);
      const res = await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } });
      expect(res.status).toBe(200);
      expect(res.body.data.user.email).toBe(email);
      expect(new Date(res.body.data.user.lastLoginAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('answers an unknown email and a wrong password the same way', async () => {
      const email = uniqueEmail();
      await register(email);
      const wrong = await t.api.post('/api/auth/login', { body: { email, password: 'wrong-password1' } });
      const unknown = await t.api.post('/api/auth/login', { body: { email: uniqueEmail(), password: 'wrong-password1' } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error).toEqual(unknown.body.error);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('GET /api/auth/me and the profile', () => {
    it('needs a token', async () => {
      for (const path of ['/api/auth/me', '/api/users/profile']) {
        const res = await t.api.get(path);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
    });

    it('shows the caller and only the caller', async () => {
      const a = (await register(uniqueEmail(), '사용자A')).body.data;
      const b = (await register(uniqueEmail(), '사용자B')).body.data;
      const meA = await t.api.get('/api/auth/me', { token: a.accessToken });
      const meB = await t.api.get('/api/users/profile', { token: b.accessToken });
      expect(meA.body.data).toMatchObject({ id: a.user.id, name: '사용자A' });
      expect(meB.body.data).toMatchObject({ id: b.user.id, name: '사용자B' });
    });

    it('updates every profile field, normalises the phone and derives the age', async () => {
      const { accessToken } = (await register()).body.data;
      const update = {
        name: '박지성',
        height: 178,
        weight: 72.456,
        gender: 'MALE',
        birthDate: '1990-05-17',
        fitnessLevel: 'INTERMEDIATE',
        workoutGoals: ['MUSCLE_GAIN', 'STRENGTH', 'STRENGTH'],
        availableEquipment: ['DUMBBELL', 'PULL_UP_BAR'],
        availableWorkoutTime: 45,
        phoneNumber: '010-1234-5678',
        picture: 'https://cdn.example.com/a.png',
        smsNotificationEnabled: true,
        emailNotificationEnabled: false,
        pushNotificationEnabled: false,
        onboardingCompleted: true,
      };
      const res = await t.api.put('/api/users/profile', { token: accessToken, body: update });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('프로필이 수정되었습니다.');
      const p = res.body.data;
      expect(p).toMatchObject({ ...update, weight: 72.46, workoutGoals: ['MUSCLE_GAIN', 'STRENGTH'], phoneNumber: '+821012345678' });
      expect(p.age).toBeGreaterThanOrEqual(35);
      const again = await t.api.get('/api/users/profile', { token: accessToken });
      expect(again.body.data).toEqual({ ...p, updatedAt: again.body.data.updatedAt });
    });

    it('clears a field with null and leaves the others alone', async () => {
      const { accessToken } = (await register()).body.data;
      await t.api.put('/api/users/profile', { token: accessToken, body: { height: 170, weight: 60 } });
      const res = await t.api.put('/api/users/profile', { token: accessToken, body: { height: null } });
      expect(res.body.data).toMatchObject({ height: null, weight: 60 });
    });

    it('refuses fields a user may not set (no mass assignment) and bad values', async () => {
      const { accessToken, user } = (await register()).body.data;
      const cases = [
        { email: 'new@example.com' },
        { roles: ['ADMIN'] },
        { isActive: false },
        { id: 1 },
        { height: 20 },
        { weight: 'heavy' },
        { gender: 'UNKNOWN' },
        { birthDate: '2999-01-01' },
        { birthDate: '1990-02-30' },
        { workoutGoals: ['FLYING'] },
        { availableEquipment: ['SPACESHIP'] },
        { phoneNumber: '010-123' },
        { picture: 'javascript:alert(1)' },
      ];
      for (const body of cases) {
        const res = await t.api.put('/api/users/profile', { token: accessToken, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
      }
      const me = await t.api.get('/api/auth/me', { token: accessToken });
      expect(me.body.data).toMatchObject({ email: user.email, roles: ['USER'], isActive: true, id: user.id });
    });

    it('will not turn SMS on without a phone number', async () => {
      const { accessToken } = (await register()).body.data;
      const res = await t.api.put('/api/users/profile', { token: accessToken, body: { smsNotificationEnabled: true } });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'smsNotificationEnabled', message: 'SMS 알림을 켜려면 전화번호가 필요합니다.' }]);
    });
  });

  describe('POST /api/auth/verify-password', () => {
    it('confirms the right password and refuses a wrong one', async () => {
      const { accessToken } = (await register()).body.data;
      const ok = await t.api.post('/api/auth/verify-password', { token: accessToken, body: { password: PASSWORD } });
      expect(ok.status).toBe(200);
      expect(ok.body.data).toEqual({ verified: true });
      const wrong = await t.api.post('/api/auth/verify-password', { token: accessToken, body: { password: 'nope12345' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('INVALID_PASSWORD');
    });
  });

  describe('refresh and logout', () => {
    it('rotates the refresh token on every use', async () => {
      const first = (await register()).body.data;
      const r1 = await t.api.post('/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect(r1.status).toBe(200);
      expect(r1.body.data.refreshToken).not.toBe(first.refreshToken);
      const me = await t.api.get('/api/auth/me', { token: r1.body.data.accessToken });
      expect(me.status).toBe(200);
      const r2 = await t.api.post('/api/auth/refresh', { body: { refreshToken: r1.body.data.refreshToken } });
      expect(r2.status).toBe(200);
    });

    it('logout ends the session: its access and refresh tokens stop working', async () => {
      const s = (await register()).body.data;
      const out = await t.api.post('/api/auth/logout', { token: s.accessToken });
      expect(out.status).toBe(200);
      expect(out.body.data).toBeNull();
      expect((await t.api.get('/api/auth/me', { token: s.accessToken })).body.error.code).toBe('SESSION_REVOKED');
      const refresh = await t.api.post('/api/auth/refresh', { body: { refreshToken: s.refreshToken } });
      expect(refresh.status).toBe(401);
      expect(refresh.body.error.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('logout with only a refresh token ends that session, other devices stay signed in', async () => {
      const email = uniqueEmail();
      const phone = (await register(email)).body.data;
      const laptop = (await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } })).body.data;
      expect((await t.api.post('/api/auth/logout', { body: { refreshToken: laptop.refreshToken } })).status).toBe(200);
      expect((await t.api.get('/api/auth/me', { token: laptop.accessToken })).status).toBe(401);
      expect((await t.api.get('/api/auth/me', { token: phone.accessToken })).status).toBe(200);
    });
  });

  describe('DELETE /api/users/account', () => {
    it('asks for the password, then deletes the account and ends every session', async () => {
      const email = uniqueEmail();
      const s = (await register(email)).body.data;
      const other = (await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } })).body.data;
      const noPassword = await t.api.delete('/api/users/account', { token: s.accessToken });
      expect(noPassword.status).toBe(400);
      expect(noPassword.body.error.code).toBe('PASSWORD_REQUIRED');
      const wrong = await t.api.delete('/api/users/account', { token: s.accessToken, body: { password: 'wrong-pass1' } });
      expect(wrong.status).toBe(401);
      const done = await t.api.delete('/api/users/account', { token: s.accessToken, body: { password: PASSWORD } });
      expect(done.status).toBe(200);
      expect((await t.api.get('/api/auth/me', { token: other.accessToken })).status).toBe(401);
      expect((await t.api.post('/api/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).toBe(401);
      expect((await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);
      // The address is free again.
      expect((await register(email)).status).toBe(201);
    });
  });
});
