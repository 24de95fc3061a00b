import { SignJWT } from 'jose';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { smsLogs } from '../../src/apps/fitmate/schema';
import * as crypto from '../../src/platform/auth/crypto';
import { PhoneCodes } from '../../src/platform/auth/phone-codes';
import { type TestApp, TEST_SECRETS, startTestApp, uniqueEmail } from '../support/app';
import { PASSWORD } from '../support/fitmate';
import { uniquePhone } from '../support/sms-fakes';

// Every comparison of codes is watched, to show it goes through the constant-time compare.
vi.mock('../../src/platform/auth/crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, safeEqual: vi.fn(actual.safeEqual) };
});

/** The code in the last SMS sent to a number, read from the SMS log as a developer would. */
async function lastCode(t: TestApp, e164: string): Promise<string> {
  // The log row is written before the request is answered; a loaded machine gets a moment more.
  for (let tries = 0; ; tries++) {
    const [row] = await t.stores.database.db.select().from(smsLogs).where(eq(smsLogs.phoneNumber, e164)).orderBy(desc(smsLogs.id)).limit(1);
    const code = /FitMate 인증번호: (\d{6})/.exec(row?.message ?? '')?.[1];
    if (code) return code;
    if (tries >= 20) throw new Error(`no code sent to ${e164}: last log row ${JSON.stringify(row ?? null)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('FitMate phone codes (POST /sms/request-otp, /sms/verify-otp)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('fitmate', { RATE_LIMIT_OTP: '1000/hour' });
  });
  afterAll(async () => t?.close());

  const request = (phoneNumber: string) => t.api.post('/sms/request-otp', { body: { phoneNumber } });
  /** A request that must succeed (a refusal shows its answer). */
  const requested = async (phoneNumber: string) => {
    const res = await request(phoneNumber);
    expect(res.status, res.text).toBe(200);
  };
  const verify = (phoneNumber: string, otpCode: string) => t.api.post('/sms/verify-otp', { body: { phoneNumber, otpCode } });

  it("sends document 004's message with a fresh six-digit code and says how long it lives, never the code itself", async () => {
    const phone = uniquePhone();
    const res = await request(phone.local);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: { expiresIn: 300 }, message: '인증번호가 발송되었습니다.' });
    const [row] = await t.stores.database.db.select().from(smsLogs).where(eq(smsLogs.phoneNumber, phone.e164));
    expect(row).toMatchObject({ templateType: 'otp_verification', phoneNumber: phone.e164 });
    expect(row!.message).toMatch(/^FitMate 인증번호: \d{6}\n\n5분 내에 입력해주세요\.\n타인에게 알리지 마세요\.$/);
    expect(res.text).not.toContain(await lastCode(t, phone.e164));
  });

  it('takes the number in any Korean spelling: a code sent to 010-… is verified as +82 10 …', async () => {
    const phone = uniquePhone();
    await requested(phone.local);
    const spaced = `+82 ${phone.e164.slice(3, 5)} ${phone.e164.slice(5, 9)} ${phone.e164.slice(9)}`;
    const res = await verify(spaced, await lastCode(t, phone.e164));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ verified: true, phoneNumber: phone.e164, expiresIn: 600 });
    expect(res.body.data.phoneVerificationToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('uses a code once', async () => {
    const phone = uniquePhone();
    await requested(phone.e164);
    const code = await lastCode(t, phone.e164);
    expect((await verify(phone.e164, code)).status).toBe(200);
    const again = await verify(phone.e164, code);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('CODE_EXPIRED');
  });

  it('counts wrong tries and ends the code at the fifth, so the right code no longer works', async () => {
    const phone = uniquePhone();
    await requested(phone.e164);
    const code = await lastCode(t, phone.e164);
    for (const remaining of [4, 3, 2, 1]) {
      const res = await verify(phone.e164, wrongCode(code));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_CODE', message: `인증 코드가 올바르지 않습니다. (남은 시도 ${remaining}회)` });
    }
    const fifth = await verify(phone.e164, wrongCode(code));
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await verify(phone.e164, code)).status).not.toBe(200);
  });

  it('lets no more than five guesses through however many arrive at once', async () => {
    const phone = uniquePhone();
    await requested(phone.e164);
    const code = await lastCode(t, phone.e164);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + i + 1) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(guesses.map((guess) => verify(phone.e164, guess)));
    // Four are told they are wrong, the fifth ends the code; the rest find it ended (or gone).
    expect(answers.filter((a) => a.body.error?.code === 'INVALID_CODE')).toHaveLength(4);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(
      answers.every((a) => a.body.error?.code === 'INVALID_CODE' || a.body.error?.code === 'TOO_MANY_ATTEMPTS' || a.body.error?.code === 'CODE_EXPIRED'),
    ).toBe(true);
    expect((await verify(phone.e164, code)).status).not.toBe(200);
  });

  it('compares codes in constant time (as keyed hashes of equal length)', async () => {
    const phone = uniquePhone();
    await requested(phone.e164);
    const code = await lastCode(t, phone.e164);
    const safeEqual = vi.mocked(crypto.safeEqual);
    safeEqual.mockClear();
    await verify(phone.e164, wrongCode(code));
    await verify(phone.e164, code);
    expect(safeEqual).toHaveBeenCalledTimes(2);
    for (const [stored, given] of safeEqual.mock.calls) {
      expect(stored).toHaveLength(43); // SHA-256 HMAC, base64url
      expect(given).toHaveLength(43);
      expect(stored).not.toContain(code);
    }
    expect(safeEqual.mock.results.map((r) => r.value)).toEqual([false, true]);
  });

  it('a new code replaces the one before it', async () => {
    const phone = uniquePhone();
    const codes = new PhoneCodes({
      app: 'fitmate',
      cache: t.stores.cache,
      sms: t.app.sms,
      key: 'k'.repeat(43),
      ttlSec: 60,
      ipLimit: { limit: 100, windowMs: 60_000, text: '' },
      message: (c) => `FitMate 인증번호: ${c}`,
      numberLimits: { burst: { limit: 10, windowMs: 60_000, text: '' }, hourly: { limit: 10, windowMs: 60_000, text: '' } },
    });
    await codes.request(phone.e164, '10.0.0.1');
    const first = await lastCode(t, phone.e164);
    await codes.request(phone.e164, '10.0.0.1');
    const second = await lastCode(t, phone.e164);
    if (first !== second) await expect(codes.verify(phone.e164, first)).rejects.toMatchObject({ code: 'INVALID_CODE' });
    await expect(codes.verify(phone.e164, second)).resolves.toMatchObject({ expiresIn: 600 });
  });

  it('sends one code a minute to a number (429 with Retry-After)', async () => {
    const phone = uniquePhone();
    expect((await request(phone.local)).status).toBe(200);
    const again = await request(phone.e164);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another number is not held up.
    expect((await request(uniquePhone().e164)).status).toBe(200);
  });

  it('sends at most five codes an hour to a number', async () => {
    // The minute between requests is shortened here; the hourly count is the app's own.
    const phone = uniquePhone();
    const codes = new PhoneCodes({
      app: 'fitmate',
      cache: t.stores.cache,
      sms: t.app.sms,
      key: 'h'.repeat(43),
      ttlSec: 60,
      ipLimit: { limit: 100, windowMs: 60_000, text: '' },
      message: (c) => c,
      numberLimits: { burst: { limit: 100, windowMs: 60_000, text: '' }, hourly: { limit: 5, windowMs: 3_600_000, text: '5/hour' } },
    });
    for (let i = 0; i < 5; i++) await codes.request(phone.e164, `10.0.1.${i}`);
    await expect(codes.request(phone.e164, '10.0.1.9')).rejects.toMatchObject({ status: 429 });
  });

  it('answers alike whether or not the number belongs to a user', async () => {
    const owned = uniquePhone();
    await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: '주인', phoneNumber: owned.e164 } });
    const [mine, nobody] = await Promise.all([request(owned.e164), request(uniquePhone().e164)]);
    const strip = (body: Record<string, unknown>) => ({ ...body, timestamp: undefined });
    expect(mine.status).toBe(nobody.status);
    expect(strip(mine.body)).toEqual(strip(nobody.body));
    const [wrongMine, wrongNobody] = await Promise.all([verify(owned.e164, '000000'), verify(uniquePhone().e164, '000000')]);
    expect(wrongMine.status).toBe(400);
    expect(wrongNobody.status).toBe(400);
  });

  it('refuses a number that is not one, naming the field, and a code that is not six digits', async () => {
    for (const phoneNumber of ['12345', '010-12', 'not a number', '']) {
      const res = await request(phoneNumber);
      expect(res.status, phoneNumber).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toContainEqual({ field: 'phoneNumber', message: '올바른 전화번호가 아닙니다.' });
    }
    const short = await verify(uniquePhone().e164, '123');
    expect(short.status).toBe(400);
    expect(short.body.error.details).toContainEqual(expect.objectContaining({ field: 'otpCode' }));
    expect((await t.api.post('/sms/request-otp', { body: {} })).status).toBe(400);
    expect((await t.api.post('/sms/request-otp', { body: { phoneNumber: uniquePhone().e164, extra: 1 } })).status).toBe(400);
  });

  describe('the proof of a number', () => {
    const proveNumber = async (e164: string): Promise<string> => {
      await requested(e164);
      const res = await verify(e164, await lastCode(t, e164));
      return res.body.data.phoneVerificationToken;
    };
    const signUp = (body: Record<string, unknown>) =>
      t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: '인증', ...body } });
    /** A proof signed with the app's real key, as the server would, but with claims of our choosing. */
    const craftProof = async (claims: Record<string, unknown>, options: { audience?: string; expiresAt?: number } = {}) => {
      const key = new TextEncoder().encode(crypto.hmac(crypto.deriveKey(TEST_SECRETS.APP_SECRET, 'phone-codes:fitmate'), 'phone-proof'));
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('madang')
        .setAudience(options.audience ?? 'fitmate')
        .setIssuedAt()
        .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
        .sign(key);
    };

    it('marks the number verified at sign-up', async () => {
      const phone = uniquePhone();
      const res = await signUp({ phoneNumber: phone.local, phoneVerificationToken: await proveNumber(phone.e164) });
      expect(res.status).toBe(201);
      expect(res.body.data.user).toMatchObject({ phoneNumber: phone.e164, phoneVerified: true });
      expect(new Date(res.body.data.user.phoneVerifiedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('keeps a number given without a proof, unverified', async () => {
      const phone = uniquePhone();
      const res = await signUp({ phoneNumber: phone.local });
      expect(res.status).toBe(201);
      expect(res.body.data.user).toMatchObject({ phoneNumber: phone.e164, phoneVerified: false, phoneVerifiedAt: null });
    });

    it('refuses a sign-up whose proof is for another number, or that has a proof but no number, and creates no account', async () => {
      const proven = uniquePhone();
      const token = await proveNumber(proven.e164);
      const email = uniqueEmail();
      const other = await t.api.post('/api/auth/register', {
        body: { email, password: PASSWORD, name: '남의번호', phoneNumber: uniquePhone().e164, phoneVerificationToken: token },
      });
      expect(other.status).toBe(400);
      expect(other.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: [{ field: 'phoneVerificationToken', message: '인증한 전화번호와 입력한 전화번호가 다릅니다.' }],
      });
      const none = await signUp({ phoneVerificationToken: token });
      expect(none.status).toBe(400);
      expect(none.body.error.details).toEqual([{ field: 'phoneNumber', message: '인증한 전화번호를 함께 입력해 주세요.' }]);
      // The refused sign-up left nothing behind: the email is still free.
      expect((await t.api.post('/api/auth/register', { body: { email, password: PASSWORD, name: '다시' } })).status).toBe(201);
    });

    it('marks the number verified on a profile update, and unverified again when the number changes', async () => {
      const phone = uniquePhone();
      const { accessToken } = (await signUp({})).body.data;
      const proven = await t.api.put('/api/users/profile', {
        token: accessToken,
        body: { phoneNumber: phone.local, phoneVerificationToken: await proveNumber(phone.e164) },
      });
      expect(proven.status).toBe(200);
      expect(proven.body.data).toMatchObject({ phoneNumber: phone.e164, phoneVerified: true });

      const unrelated = await t.api.put('/api/users/profile', { token: accessToken, body: { height: 170, phoneNumber: phone.e164 } });
      expect(unrelated.body.data).toMatchObject({ height: 170, phoneVerified: true });

      const changed = await t.api.put('/api/users/profile', { token: accessToken, body: { phoneNumber: uniquePhone().e164 } });
      expect(changed.body.data).toMatchObject({ phoneVerified: false, phoneVerifiedAt: null });
    });

    it('takes a proof for the number already on the profile without the number given again', async () => {
      const phone = uniquePhone();
      const { accessToken } = (await signUp({ phoneNumber: phone.e164 })).body.data;
      const res = await t.api.put('/api/users/profile', { token: accessToken, body: { phoneVerificationToken: await proveNumber(phone.e164) } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ phoneNumber: phone.e164, phoneVerified: true });
    });

    it("refuses a proof for another number, a forged or altered one, an expired one and another app's", async () => {
      const phone = uniquePhone();
      const { accessToken } = (await signUp({})).body.data;
      const genuine = await proveNumber(uniquePhone().e164);
      const [head, payload] = genuine.split('.');
      const cases: Array<[string, string, string]> = [
        [genuine, phone.e164, '인증한 전화번호와 입력한 전화번호가 다릅니다.'],
        [`${head}.${payload}.${'A'.repeat(43)}`, phone.e164, '전화번호 인증이 유효하지 않거나 만료되었습니다. 다시 인증해 주세요.'],
        [
          `${head}.${Buffer.from(JSON.stringify({ typ: 'phone_proof', phone: phone.e164, aud: 'fitmate', iss: 'madang', exp: 9_999_999_999 })).toString('base64url')}.${genuine.split('.')[2]}`,
          phone.e164,
          '전화번호 인증이 유효하지 않거나 만료되었습니다. 다시 인증해 주세요.',
        ],
        [
          await craftProof({ typ: 'phone_proof', phone: phone.e164 }, { expiresAt: Math.floor(Date.now() / 1000) - 5 }),
          phone.e164,
          '전화번호 인증이 유효하지 않거나 만료되었습니다. 다시 인증해 주세요.',
        ],
        [
          await craftProof({ typ: 'phone_proof', phone: phone.e164 }, { audience: 'mimo' }),
          phone.e164,
          '전화번호 인증이 유효하지 않거나 만료되었습니다. 다시 인증해 주세요.',
        ],
        [await craftProof({ typ: 'access', phone: phone.e164 }), phone.e164, '전화번호 인증이 유효하지 않거나 만료되었습니다. 다시 인증해 주세요.'],
      ];
      for (const [token, phoneNumber, message] of cases) {
        const res = await t.api.put('/api/users/profile', { token: accessToken, body: { phoneNumber, phoneVerificationToken: token } });
        expect(res.status, message).toBe(400);
        expect(res.body.error.details).toEqual([{ field: 'phoneVerificationToken', message }]);
      }
      // The crafted proof that is right in every way is taken: the refusals above are for their flaws.
      const good = await t.api.put('/api/users/profile', {
        token: accessToken,
        body: { phoneNumber: phone.e164, phoneVerificationToken: await craftProof({ typ: 'phone_proof', phone: phone.e164 }) },
      });
      expect(good.body.data).toMatchObject({ phoneVerified: true });
    });
  });
});

describe('FitMate phone codes: expiry and the limit per IP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('fitmate', { OTP_TTL: '1s', RATE_LIMIT_OTP: '3/hour' });
  });
  afterAll(async () => t?.close());

  it('lets a code expire after OTP_TTL and says so in expiresIn', async () => {
    const phone = uniquePhone();
    const res = await t.api.post('/sms/request-otp', { body: { phoneNumber: phone.e164 } });
    expect(res.body.data).toEqual({ expiresIn: 1 });
    const code = await lastCode(t, phone.e164);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const late = await t.api.post('/sms/verify-otp', { body: { phoneNumber: phone.e164, otpCode: code } });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('CODE_EXPIRED');
  });

  it('limits one client IP whatever numbers it asks for', async () => {
    // The expiry test above used one of the three.
    for (let i = 0; i < 2; i++) {
      const res = await t.api.post('/sms/request-otp', { body: { phoneNumber: uniquePhone().e164 } });
      expect(res.status, res.text).toBe(200);
    }
    const fourth = await t.api.post('/sms/request-otp', { body: { phoneNumber: uniquePhone().e164 } });
    expect(fourth.status, fourth.text).toBe(429);
    expect(fourth.body.error.code).toBe('RATE_LIMITED');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3000);
  });
});
