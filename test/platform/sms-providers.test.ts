import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsLogs } from '../../src/apps/fitmate/schema';
import { ConfigError, loadConfig } from '../../src/config';
import { SMS_SEND_JOB, type SmsSettled, createSmsProvider } from '../../src/platform/notify/sms';
import { createLogger } from '../../src/platform/logger';
import { type TestApp, startTestApp } from '../support/app';
import { SOLAPI, TWILIO, startFakeSolapi, startFakeTwilio, uniquePhone } from '../support/sms-fakes';

// Retries come after 1, 2 and 4 seconds instead of 5, 10 and 20.
const FAST_JOBS = { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '0.5s' };

async function logRow(t: TestApp, logId: number) {
  const [row] = await t.stores.database.db.select().from(smsLogs).where(eq(smsLogs.id, logId));
  return row!;
}

/** Sends one message and waits for its job to end; returns the log row and the job's final state. */
async function sendAndSettle(t: TestApp, to: string, message = '테스트 메시지') {
  const { logId, jobId } = await t.app.sms.send({ to, message, templateType: 'custom' });
  const state = await t.app.jobs.wait(SMS_SEND_JOB, jobId!, 25_000);
  return { state, log: await logRow(t, logId) };
}

function collectSettled(t: TestApp) {
  const settled: SmsSettled[] = [];
  t.app.sms.onSettled(async (s) => void settled.push(s));
  return settled;
}

describe('SMS through Twilio (the real SDK against a local Messages API)', () => {
  let t: TestApp;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let settled: SmsSettled[];

  beforeAll(async () => {
    twilio = await startFakeTwilio();
    t = await startTestApp('fitmate', { ...twilio.env, ...FAST_JOBS });
    settled = collectSettled(t);
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  it('sends to the E.164 number from the configured sender and records the SID, status and price', async () => {
    const phone = uniquePhone();
    const { state, log } = await sendAndSettle(t, phone.local, '안녕하세요 FitMate입니다');
    expect(state).toBe('completed');
    expect(twilio.requests.filter((r) => r.to === phone.e164)).toEqual([
      { to: phone.e164, from: TWILIO.phoneNumber, text: '안녕하세요 FitMate입니다', status: 201 },
    ]);
    expect(log).toMatchObject({
      phoneNumber: phone.e164,
      status: 'sent',
      provider: 'twilio',
      providerStatus: 'queued',
      attempts: 1,
      cost: 0.045,
      currency: 'USD',
      errorCode: null,
    });
    expect(log.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(log.sentAt).toBeInstanceOf(Date);
    expect(settled).toContainEqual({ logId: log.id, notificationId: null, status: 'sent', errorMessage: null });
  });

  it('retries a provider that answers 500 with backoff until it takes the message, and gives up with the reason when it never does', async () => {
    const recovers = uniquePhone();
    const broken = uniquePhone();
    const error = { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
    twilio.script(recovers.e164, [error, error, error]);
    twilio.script(broken.e164, [error, error, error, error, error]);

    const started = Date.now();
    const [ok, failed] = await Promise.all([sendAndSettle(t, recovers.local), sendAndSettle(t, broken.local)]);
    // Backoff: three retries after about 1 + 2 + 4 seconds.
    expect(Date.now() - started).toBeGreaterThan(5_000);

    expect(ok.state).toBe('completed');
    expect(ok.log).toMatchObject({ status: 'sent', attempts: 4, errorCode: null, errorMessage: null, providerStatus: 'queued' });
    expect(twilio.requests.filter((r) => r.to === recovers.e164).map((r) => r.status)).toEqual([500, 500, 500, 201]);

    expect(failed.state).toBe('failed');
    expect(failed.log).toMatchObject({
      status: 'failed',
      attempts: 4,
      provider: 'twilio',
      errorCode: '20500',
      errorMessage: 'Internal Server Error',
      sentAt: null,
    });
    expect(twilio.requests.filter((r) => r.to === broken.e164)).toHaveLength(4);
    expect(settled).toContainEqual({ logId: failed.log.id, notificationId: null, status: 'failed', errorMessage: 'Internal Server Error' });
  });

  it("does not retry a number Twilio refuses: one try, failed with Twilio's code", async () => {
    const phone = uniquePhone();
    twilio.script(phone.e164, [{ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } }]);
    const { log } = await sendAndSettle(t, phone.e164);
    expect(log).toMatchObject({ status: 'failed', attempts: 1, errorCode: '21211', errorMessage: "The 'To' number is not a valid phone number." });
    expect(twilio.requests.filter((r) => r.to === phone.e164)).toHaveLength(1);
  });

  it('masks the code of a secret message in the log once it has gone out, and sends it whole', async () => {
    const phone = uniquePhone();
    const { logId, jobId } = await t.app.sms.send({
      to: phone.e164,
      message: 'FitMate 인증번호: 482913\n\n5분 내에 입력해주세요.',
      templateType: 'otp_verification',
      secret: true,
    });
    await t.app.jobs.wait(SMS_SEND_JOB, jobId!, 25_000);
    expect(twilio.requests.find((r) => r.to === phone.e164)?.text).toBe('FitMate 인증번호: 482913\n\n5분 내에 입력해주세요.');
    expect(await logRow(t, logId)).toMatchObject({ status: 'sent', message: 'FitMate 인증번호: ******\n\n5분 내에 입력해주세요.' });
  });

  it('keeps the auth token out of the log', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.logs)).not.toContain(TWILIO.authToken);
  });
});

describe('SMS through Solapi (the real SDK against a local API)', () => {
  let t: TestApp;
  let solapi: Awaited<ReturnType<typeof startFakeSolapi>>;

  beforeAll(async () => {
    solapi = await startFakeSolapi();
    solapi.install();
    t = await startTestApp('fitmate', { ...solapi.env, ...FAST_JOBS });
  });
  afterAll(async () => {
    await t?.close();
    await solapi?.close();
  });

  it('sends a Korean number as written at home, from the registered sender, signed with the API secret', async () => {
    const phone = uniquePhone();
    const national = phone.local.replace(/-/g, '');
    const { state, log } = await sendAndSettle(t, phone.e164, '솔라피 테스트');
    expect(state).toBe('completed');
    expect(solapi.requests.filter((r) => r.to === national)).toEqual([{ to: national, from: SOLAPI.sender, text: '솔라피 테스트', status: 200 }]);
    expect(log).toMatchObject({ phoneNumber: phone.e164, status: 'sent', provider: 'solapi', providerStatus: '2000', attempts: 1 });
    expect(log.providerMessageId).toMatch(/^M4V[0-9A-F]{20}$/);
  });

  it('retries 500s until the message is taken, and records the failure when it never is', async () => {
    const recovers = uniquePhone();
    const broken = uniquePhone();
    const national = (p: { local: string }) => p.local.replace(/-/g, '');
    const error = { status: 500, body: { errorCode: 'InternalError', errorMessage: '일시적인 서버 오류' } };
    solapi.script(national(recovers), [error, error, error]);
    solapi.script(national(broken), [error, error, error, error, error]);

    const [ok, failed] = await Promise.all([sendAndSettle(t, recovers.local), sendAndSettle(t, broken.local)]);
    expect(ok.log).toMatchObject({ status: 'sent', attempts: 4, errorCode: null });
    expect(solapi.requests.filter((r) => r.to === national(recovers)).map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(failed.state).toBe('failed');
    expect(failed.log).toMatchObject({ status: 'failed', attempts: 4, provider: 'solapi', errorCode: 'InternalError', errorMessage: '일시적인 서버 오류' });
  });

  it('fails at once when Solapi refuses the message on receipt', async () => {
    const phone = uniquePhone();
    const national = phone.local.replace(/-/g, '');
    solapi.script(national, [{ status: 200, body: { failed: { statusCode: '1062', statusMessage: '발신번호 미등록' } } }]);
    const { log } = await sendAndSettle(t, phone.e164);
    expect(log).toMatchObject({ status: 'failed', attempts: 1, errorCode: '1062', errorMessage: '발신번호 미등록' });
  });

  it('keeps the API secret out of the log', () => {
    expect(JSON.stringify(t.logs)).not.toContain(SOLAPI.apiSecret);
  });
});

describe('SMS without a provider (the recording driver)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('fitmate', FAST_JOBS);
  });
  afterAll(async () => t?.close());

  it('records the message as sent and logs it with the number masked', async () => {
    const phone = uniquePhone();
    const { state, log } = await sendAndSettle(t, phone.local, '기록만 됩니다');
    expect(state).toBe('completed');
    expect(log).toMatchObject({
      phoneNumber: phone.e164,
      message: '기록만 됩니다',
      status: 'sent',
      provider: 'recording',
      providerStatus: 'recorded',
      attempts: 1,
    });
    const line = t.logs.find(
      (l) =>
        (l.sms as { providerMessageId?: string } | undefined)?.providerMessageId === log.providerMessageId && l.msg === 'sms recorded (no provider configured)',
    );
    expect(line?.sms).toMatchObject({ to: `${phone.e164.slice(0, 5)}****${phone.e164.slice(-4)}` });
    // Outside development the text stays out of the log (it may carry a code).
    expect(line?.sms).not.toHaveProperty('text');
    expect(JSON.stringify(t.logs)).not.toContain(phone.e164);
  });

  it('shows the text in the log line in development only, so a developer reads the code', async () => {
    const lines: Record<string, any>[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    for (const env of ['development', 'production', 'test'] as const)
      await createSmsProvider(loadConfig({}).sms, logger, env).send('+821012345678', 'FitMate 인증번호: 481913');
    expect(lines.map((line) => line.sms.text)).toEqual(['FitMate 인증번호: 481913', undefined, undefined]);
    expect(lines.every((line) => line.sms.to === '+8210****5678')).toBe(true);
  });

  it('refuses a number that is not one before logging anything', async () => {
    await expect(t.app.sms.send({ to: '12345', message: 'x', templateType: 'custom' })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      details: [{ field: 'to' }],
    });
  });
});

describe('SMS settings', () => {
  const twilioEnv = { TWILIO_ACCOUNT_SID: TWILIO.accountSid, TWILIO_AUTH_TOKEN: TWILIO.authToken, TWILIO_PHONE_NUMBER: TWILIO.phoneNumber };
  const solapiEnv = { SOLAPI_API_KEY: SOLAPI.apiKey, SOLAPI_API_SECRET: SOLAPI.apiSecret, SOLAPI_SENDER: SOLAPI.sender };
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return error instanceof ConfigError ? { setting: error.setting, message: error.message } : error;
    }
    return undefined;
  };

  it('records by default, with five-minute codes', () => {
    expect(loadConfig({}).sms).toEqual({ provider: 'recording', otpTtlSec: 300, dailyLimits: { perUser: 10, perNumber: 10 } });
  });

  it('switches on the provider whose settings are given, or the one SMS_PROVIDER names', () => {
    expect(loadConfig(twilioEnv).sms).toMatchObject({ provider: 'twilio', twilio: { accountSid: TWILIO.accountSid, phoneNumber: TWILIO.phoneNumber } });
    expect(loadConfig(solapiEnv).sms).toMatchObject({ provider: 'solapi', solapi: { sender: SOLAPI.sender } });
    expect(loadConfig({ ...twilioEnv, ...solapiEnv, SMS_PROVIDER: 'solapi' }).sms.provider).toBe('solapi');
    expect(loadConfig({ ...twilioEnv, SMS_PROVIDER: 'recording' }).sms.provider).toBe('recording');
  });

  it('stops start-up naming the setting that is missing or wrong', () => {
    expect(refusal({ SMS_PROVIDER: 'twilio' })).toMatchObject({ setting: 'TWILIO_ACCOUNT_SID' });
    expect(refusal({ ...twilioEnv, TWILIO_AUTH_TOKEN: '' })).toMatchObject({ setting: 'TWILIO_AUTH_TOKEN' });
    expect(refusal({ ...twilioEnv, TWILIO_ACCOUNT_SID: 'SK123' })).toMatchObject({ setting: 'TWILIO_ACCOUNT_SID' });
    expect(refusal({ ...twilioEnv, TWILIO_PHONE_NUMBER: '010-1234' })).toMatchObject({ setting: 'TWILIO_PHONE_NUMBER' });
    expect(refusal({ SMS_PROVIDER: 'solapi', SOLAPI_API_KEY: 'k', SOLAPI_API_SECRET: 's' })).toMatchObject({ setting: 'SOLAPI_SENDER' });
    expect(refusal({ ...twilioEnv, ...solapiEnv })).toMatchObject({ setting: 'SMS_PROVIDER' });
    expect(refusal({ SMS_PROVIDER: 'kakao' })).toMatchObject({ setting: 'SMS_PROVIDER' });
    expect(refusal({ OTP_TTL: 'soon' })).toMatchObject({ setting: 'OTP_TTL' });
    // A secret never appears in the refusal.
    expect(JSON.stringify(refusal({ ...twilioEnv, TWILIO_ACCOUNT_SID: 'SK123' }))).not.toContain(TWILIO.authToken);
  });
});
