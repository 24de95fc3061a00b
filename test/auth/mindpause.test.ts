import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { codeIn, startSmtpServer } from '../support/smtp';

const PASSWORD = 'calm-mind-7';

describe('MindPause identity routes', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp('mindpause', smtp.env);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const register = async (email = uniqueEmail(), nickname = '쉼표') => t.api.post('/api/v1/auth/register', { body: { email, password: PASSWORD, nickname } });
  const waitForReset = async (email: string) => codeIn(await smtp.next(email));

  it('registers with a nickname and signs in', async () => {
    const email = uniqueEmail();
    const reg = await register(email, '고요한밤');
    expect(reg.status).toBe(201);
    expect(reg.body.data.user).toMatchObject({ email, nickname: '고요한밤', roles: ['USER'], notificationEnabled: true, emailVerified: false });
    const login = await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.data.user.nickname).toBe('고요한밤');
  });

  it('refuses a one-letter nickname', async () => {
    const res = await register(uniqueEmail(), '가');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'nickname', message: '닉네임은 2자 이상이어야 합니다.' }]);
  });

  it('reads and patches /users/me', async () => {
    const { accessToken } = (await register()).body.data;
    const patch = await t.api.patch('/api/v1/users/me', {
      token: accessToken,
      body: { nickname: '새벽', bio: '천천히 가도 괜찮아요.\n오늘도 수고했어요.', birthYear: 1995, gender: 'PREFER_NOT_TO_SAY', notificationEnabled: false },
    });
    expect(patch.status).toBe(200);
    expect(patch.body.data).toMatchObject({
      nickname: '새벽',
      bio: '천천히 가도 괜찮아요.\n오늘도 수고했어요.',
      birthYear: 1995,
      gender: 'PREFER_NOT_TO_SAY',
      notificationEnabled: false,
    });
    const me = await t.api.get('/api/v1/users/me', { token: accessToken });
    expect(me.body.data.nickname).toBe('새벽');
    for (const body of [{ email: 'x@y.z' }, { birthYear: 1800 }, { bio: 'x'.repeat(301) }, { nickname: 'a\u0000b' }]) {
      expect((await t.api.patch('/api/v1/users/me', { token: accessToken, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('changes the password, keeps this device and signs out the others', async () => {
    const email = uniqueEmail();
    const here = (await register(email)).body.data;
    const there = (await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } })).body.data;
    const wrong = await t.api.patch('/api/v1/users/me/password', {
      token: here.accessToken,
      body: { currentPassword: 'not-it-123', newPassword: 'new-calm-88' },
    });
    expect(wrong.status).toBe(401);
    const same = await t.api.patch('/api/v1/users/me/password', { token: here.accessToken, body: { currentPassword: PASSWORD, newPassword: PASSWORD } });
    expect(same.body.error.code).toBe('PASSWORD_SAME_AS_OLD');
    const weak = await t.api.patch('/api/v1/users/me/password', { token: here.accessToken, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    const ok = await t.api.patch('/api/v1/users/me/password', { token: here.accessToken, body: { currentPassword: PASSWORD, newPassword: 'new-calm-88' } });
    expect(ok.status).toBe(200);
    expect((await t.api.get('/api/v1/users/me', { token: here.accessToken })).status).toBe(200);
    expect((await t.api.get('/api/v1/users/me', { token: there.accessToken })).status).toBe(401);
    expect((await t.api.post('/api/v1/auth/refresh', { body: { refreshToken: there.refreshToken } })).status).toBe(401);
    expect((await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);
    expect((await t.api.post('/api/v1/auth/login', { body: { email, password: 'new-calm-88' } })).status).toBe(200);
  });

  it('refuses to change the password of an account that has none', async () => {
    const id = await t.app.identity.createUser({ email: uniqueEmail('social'), name: '소셜', provider: 'kakao', emailVerified: true });
    const { tokens } = await t.app.identity.signInWithProvider(
      { provider: 'kakao', providerUserId: `k-${id}`, email: (await t.app.identity.emailVerificationStatus(id)).email, emailVerified: true },
      {},
    );
    const res = await t.api.patch('/api/v1/users/me/password', { token: tokens.accessToken, body: { currentPassword: 'x', newPassword: 'planted-pass-1' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NO_PASSWORD_SET');
  });

  describe('forgot and reset password', () => {
    it('mails a six-digit code in Korean; the code resets the password once and ends all sessions', async () => {
      const email = uniqueEmail();
      const old = (await register(email, '잊음')).body.data;
      const ask = await t.api.post('/api/v1/auth/forgot-password', { body: { email } });
      expect(ask.status).toBe(200);
      const mail = await smtp.next(email);
      expect(mail.subject).toBe('[마음쉼표] 비밀번호 재설정 코드');
      expect(mail.text).toContain('잊음님, 안녕하세요.');
      expect(mail.html).toContain('<html lang="ko">');
      const code = codeIn(mail);
      expect(code).toMatch(/^\d{6}$/);

      const reset = await t.api.post('/api/v1/auth/reset-password', { body: { email, code, newPassword: 'fresh-start-9' } });
      expect(reset.status).toBe(200);
      expect((await t.api.get('/api/v1/users/me', { token: old.accessToken })).status).toBe(401);
      const again = await t.api.post('/api/v1/auth/reset-password', { body: { email, code, newPassword: 'second-try-9' } });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('RESET_CODE_INVALID');
      const login = await t.api.post('/api/v1/auth/login', { body: { email, password: 'fresh-start-9' } });
      expect(login.status).toBe(200);
      expect(login.body.data.user.emailVerified).toBe(true);
    });

    it('answers an unknown email exactly like a known one and sends nothing', async () => {
      const known = uniqueEmail();
      await register(known);
      const unknown = uniqueEmail('nobody');
      const a = await t.api.post('/api/v1/auth/forgot-password', { body: { email: known } });
      const b = await t.api.post('/api/v1/auth/forgot-password', { body: { email: unknown } });
      expect(a.status).toBe(b.status);
      expect(a.body.message).toBe(b.body.message);
      await smtp.next(known);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.messages.some((m) => JSON.stringify(m.to).includes(unknown))).toBe(false);
      const reset = await t.api.post('/api/v1/auth/reset-password', { body: { email: unknown, code: '123456', newPassword: 'whatever-calm-12' } });
      expect(reset.body.error.code).toBe('RESET_CODE_INVALID');
    });

    it('counts wrong codes: five tries, then the code is dead even if right', async () => {
      const email = uniqueEmail();
      await register(email);
      await t.api.post('/api/v1/auth/forgot-password', { body: { email } });
      const code = await waitForReset(email);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const answers = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.api.post('/api/v1/auth/reset-password', { body: { email, code: wrongCode, newPassword: 'guessed-it-1' } });
        answers.push(`${res.status} ${res.body.error.code}`);
      }
      expect(answers).toEqual(Array(5).fill('400 RESET_CODE_INVALID'));
      const right = await t.api.post('/api/v1/auth/reset-password', { body: { email, code, newPassword: 'guessed-it-1' } });
      expect(`${right.status} ${right.body.error.code}`).toBe('400 RESET_CODE_INVALID');
      expect((await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } })).status).toBe(200);
    });

    it('answers an unknown account, a wrong code and an expired code alike (no account oracle)', async () => {
      const [withWrongCode, withExpiredCode] = [uniqueEmail(), uniqueEmail()];
      await Promise.all([register(withWrongCode), register(withExpiredCode)]);
      await t.api.post('/api/v1/auth/forgot-password', { body: { email: withWrongCode } });
      const code = await waitForReset(withWrongCode);
      await t.api.post('/api/v1/auth/forgot-password', { body: { email: withExpiredCode } });
      const expiredCode = await waitForReset(withExpiredCode);
      const { emailVerifications, users } = await import('../../src/apps/mindpause/schema');
      const { eq, inArray } = await import('drizzle-orm');
      const db = t.stores.database.db;
      const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, withExpiredCode));
      await db
        .update(emailVerifications)
        .set({ expiresAt: new Date(Date.now() - 1_000) })
        .where(inArray(emailVerifications.userId, [owner!.id]));

      const reset = (email: string, guess: string) => t.api.post('/api/v1/auth/reset-password', { body: { email, code: guess, newPassword: 'guessed-it-1' } });
      const answers = await Promise.all([
        reset(uniqueEmail('nobody'), '123456'),
        reset(withWrongCode, code === '999999' ? '999998' : '999999'),
        reset(withExpiredCode, expiredCode),
      ]);
      const seen = answers.map((a) => ({ status: a.status, error: a.body.error }));
      expect(seen[0]).toEqual({
        status: 400,
        error: { code: 'RESET_CODE_INVALID', message: '인증 코드가 올바르지 않거나 만료되었습니다. 코드를 다시 요청해 주세요.', details: null },
      });
      expect(seen[1]).toEqual(seen[0]);
      expect(seen[2]).toEqual(seen[0]);
    });

    it('keeps the code in the database only as a keyed hash', async () => {
      const email = uniqueEmail();
      await register(email);
      await t.api.post('/api/v1/auth/forgot-password', { body: { email } });
      const code = await waitForReset(email);
      const { emailVerifications } = await import('../../src/apps/mindpause/schema');
      const rows = await t.stores.database.db.select().from(emailVerifications);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.codeHash).not.toContain(code);
        expect(row.codeHash.length).toBeGreaterThan(40);
      }
      const { emailMessages } = await import('../../src/apps/mindpause/schema');
      const sent = await t.stores.database.db.select().from(emailMessages);
      expect(sent.every((m) => m.status === 'sent' && m.textBody === null && m.htmlBody === null)).toBe(true);
    });

    it('refuses a malformed code or a weak new password before looking anything up', async () => {
      for (const body of [
        { email: uniqueEmail(), code: '12345', newPassword: 'valid-pass-1' },
        { email: uniqueEmail(), code: 'abcdef', newPassword: 'valid-pass-1' },
        { email: uniqueEmail(), code: '123456', newPassword: 'weak' },
      ]) {
        expect((await t.api.post('/api/v1/auth/reset-password', { body })).status).toBe(400);
      }
    });
  });

  it('deletes the account with its password', async () => {
    const email = uniqueEmail();
    const s = (await register(email)).body.data;
    const res = await t.api.delete('/api/v1/users/me', { token: s.accessToken, body: { password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('계정이 삭제되었습니다.');
    expect((await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);
  });
});

describe('MindPause without SMTP records the email', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mindpause');
  });
  afterAll(() => t.close());

  it('keeps the whole message in the table and only its envelope in the log', async () => {
    const email = uniqueEmail();
    await t.api.post('/api/v1/auth/register', { body: { email, password: PASSWORD, nickname: '기록' } });
    await t.api.post('/api/v1/auth/forgot-password', { body: { email } });
    const { emailMessages } = await import('../../src/apps/mindpause/schema');
    let rows: Array<typeof emailMessages.$inferSelect> = [];
    for (let i = 0; i < 50 && !rows.length; i++) {
      rows = await t.stores.database.db.select().from(emailMessages);
      if (!rows.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ toAddress: email, status: 'recorded', template: 'password_reset' });
    const code = /\b(\d{6})\b/.exec(rows[0]!.textBody!)![1]!;
    const logged = t.logs.find((line) => line.msg === 'email recorded (no SMTP configured)');
    expect(logged).toMatchObject({ to: email, template: 'password_reset' });
    expect(JSON.stringify(t.logs)).not.toContain(code);
    const reset = await t.api.post('/api/v1/auth/reset-password', { body: { email, code, newPassword: 'from-the-table-1' } });
    expect(reset.status).toBe(200);
  });
});
