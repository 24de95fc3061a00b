import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsLogs } from '../../src/apps/fitmate/schema';
import { SMS_SEND_JOB } from '../../src/platform/notify/sms';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/fitmate';
import { uniquePhone } from '../support/sms-fakes';

const APP_URL = 'https://fitmate.example.com';

describe('FitMate SMS API (document 004, /sms/…)', () => {
  let t: TestApp;
  let admin: Account;
  let user: Account;
  let trainer: Account;

  beforeAll(async () => {
    t = await startTestApp('fitmate', { FITMATE_WEB_URL: APP_URL, JOB_POLL_INTERVAL: '0.5s' });
    [admin, user, trainer] = await Promise.all([account(t, ['ADMIN']), account(t, ['USER']), account(t, ['TRAINER'])]);
  });
  afterAll(async () => t?.close());

  const logOf = async (logId: number) => (await t.stores.database.db.select().from(smsLogs).where(eq(smsLogs.id, logId)))[0]!;
  /** Waits until the message's job has run and returns its log row. */
  async function settled(logId: number) {
    for (let i = 0; i < 100; i++) {
      const row = await logOf(logId);
      if (row.status !== 'pending') return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`sms ${logId} still pending`);
  }

  it("queues an ADMIN's message (202) and the job sends it through the recording driver", async () => {
    const phone = uniquePhone();
    const res = await t.api.post('/sms/send', { token: admin.token, body: { phoneNumber: phone.local, message: '공지: 내일 서버 점검이 있습니다.' } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ success: true, message: 'SMS 전송이 요청되었습니다.', data: { phoneNumber: phone.e164, status: 'pending' } });
    const row = await settled(res.body.data.logId);
    expect(row).toMatchObject({
      phoneNumber: phone.e164,
      message: '공지: 내일 서버 점검이 있습니다.',
      templateType: 'custom',
      status: 'sent',
      provider: 'recording',
      userId: admin.id,
      attempts: 1,
    });
  });

  it('words the workout reminder and recommendation as document 004 does', async () => {
    const phone = uniquePhone();
    const reminder = await t.api.post('/sms/workout-reminder', {
      token: admin.token,
      body: { phoneNumber: phone.e164, userName: '김철수', workoutType: '하체' },
    });
    expect(reminder.status).toBe(202);
    expect(await settled(reminder.body.data.logId)).toMatchObject({
      templateType: 'workout_reminder',
      status: 'sent',
      message: `안녕하세요 김철수님! 🏃♂️\n\n오늘 하체 운동 시간입니다.\nFitMate와 함께 건강한 하루 시작하세요!\n\n앱에서 확인: ${APP_URL}`,
    });

    const recommendation = await t.api.post('/sms/workout-recommendation', {
      token: admin.token,
      body: { phoneNumber: phone.e164, userName: '김철수', exercises: ['스쿼트', '런지', '플랭크'] },
    });
    expect(recommendation.status).toBe(202);
    expect(await settled(recommendation.body.data.logId)).toMatchObject({
      templateType: 'workout_recommendation',
      message: `김철수님을 위한 오늘의 추천 운동 💪\n\n스쿼트, 런지, 플랭크\n\n지금 시작해보세요!\nFitMate 앱: ${APP_URL}`,
    });
  });

  it('lets no one but an ADMIN send or read statistics (an open relay is toll fraud waiting to happen)', async () => {
    const phone = uniquePhone().e164;
    const calls = [
      ['/sms/send', { phoneNumber: phone, message: '스팸' }],
      ['/sms/workout-reminder', { phoneNumber: phone, userName: '누구', workoutType: '상체' }],
      ['/sms/workout-recommendation', { phoneNumber: phone, userName: '누구', exercises: ['버피'] }],
    ] as const;
    const before = (await t.stores.database.db.select({ id: smsLogs.id }).from(smsLogs).where(eq(smsLogs.phoneNumber, phone))).length;
    for (const [path, body] of calls) {
      for (const who of [user, trainer]) {
        const res = await t.api.post(path, { token: who.token, body });
        expect(res.status, `${path} by ${who.email}`).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await t.api.post(path, { body })).status).toBe(401);
    }
    expect((await t.api.get('/sms/statistics', { token: user.token })).status).toBe(403);
    expect((await t.api.get('/sms/statistics')).status).toBe(401);
    // Nothing was logged, let alone sent.
    expect((await t.stores.database.db.select({ id: smsLogs.id }).from(smsLogs).where(eq(smsLogs.phoneNumber, phone))).length).toBe(before);
  });

  it('refuses a number that is not one, naming the field, and other bad bodies', async () => {
    const bad = await t.api.post('/sms/send', { token: admin.token, body: { phoneNumber: '010-123', message: '안녕' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'phoneNumber', message: '올바른 전화번호가 아닙니다.' }] });

    const phone = uniquePhone().e164;
    const bodies: Array<[string, unknown]> = [
      ['/sms/send', { phoneNumber: phone }],
      ['/sms/send', { phoneNumber: phone, message: '   ' }],
      ['/sms/send', { phoneNumber: phone, message: 'x'.repeat(2001) }],
      ['/sms/send', { phoneNumber: phone, message: '안녕', to: '+15005550006' }],
      ['/sms/send', { phoneNumber: phone, message: '안녕', templateType: 'Not A Template!' }],
      ['/sms/workout-reminder', { phoneNumber: phone, userName: '김철수' }],
      ['/sms/workout-recommendation', { phoneNumber: phone, userName: '김철수', exercises: [] }],
      ['/sms/workout-recommendation', { phoneNumber: phone, userName: '김철수', exercises: Array(11).fill('스쿼트') }],
      ['/sms/workout-recommendation', { phoneNumber: 5, userName: '김철수', exercises: ['스쿼트'] }],
    ];
    for (const [path, body] of bodies) {
      const res = await t.api.post(path, { token: admin.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  describe('GET /sms/statistics', () => {
    // A fixed set of messages around the Seoul days 2025-03-01 and 2025-03-02 (UTC+9, no DST).
    const rows = [
      { at: '2025-02-28T14:59:59Z', templateType: 'otp_verification', status: 'sent' }, // Seoul 02-28 23:59:59: before the range
      { at: '2025-02-28T15:00:00Z', templateType: 'otp_verification', status: 'sent' }, // Seoul 03-01 00:00
      { at: '2025-03-01T03:00:00Z', templateType: 'otp_verification', status: 'failed' },
      { at: '2025-03-01T10:00:00Z', templateType: 'workout_reminder', status: 'delivered' },
      { at: '2025-03-01T14:59:59Z', templateType: 'workout_reminder', status: 'sent' }, // Seoul 03-01 23:59:59
      { at: '2025-03-01T15:00:00Z', templateType: 'workout_reminder', status: 'pending' }, // Seoul 03-02 00:00
      { at: '2025-03-02T14:59:59Z', templateType: 'custom', status: 'failed' }, // Seoul 03-02 23:59:59
      { at: '2025-03-02T15:00:00Z', templateType: 'custom', status: 'sent' }, // Seoul 03-03: after the range
    ] as const;
    let ids: number[] = [];

    beforeAll(async () => {
      const inserted = await t.stores.database.db
        .insert(smsLogs)
        .values(
          rows.map((r, i) => ({
            phoneNumber: `+8210555500${String(i).padStart(2, '0')}`,
            message: '통계',
            templateType: r.templateType,
            status: r.status,
            createdAt: new Date(r.at),
          })),
        )
        .returning({ id: smsLogs.id });
      ids = inserted.map((r) => r.id);
    });
    afterAll(async () => {
      await t.stores.database.db.delete(smsLogs).where(inArray(smsLogs.id, ids));
    });

    const statistics = (query: string) => t.api.get(`/sms/statistics?${query}`, { token: admin.token });

    it('counts by status, by template and by Seoul day, both ends of the range included', async () => {
      const res = await statistics('startDate=2025-03-01&endDate=2025-03-02');
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        startDate: '2025-03-01',
        endDate: '2025-03-02',
        totals: { total: 6, pending: 1, sent: 2, delivered: 1, failed: 2 },
        byTemplate: [
          { templateType: 'workout_reminder', total: 3, pending: 1, sent: 1, delivered: 1, failed: 0 },
          { templateType: 'otp_verification', total: 2, pending: 0, sent: 1, delivered: 0, failed: 1 },
          { templateType: 'custom', total: 1, pending: 0, sent: 0, delivered: 0, failed: 1 },
        ],
        daily: [
          { date: '2025-03-01', total: 4, pending: 0, sent: 2, delivered: 1, failed: 1 },
          { date: '2025-03-02', total: 2, pending: 1, sent: 0, delivered: 0, failed: 1 },
        ],
      });
    });

    it('lists every day of the range, the empty ones as zeros, and a one-day range holds only that day', async () => {
      const week = await statistics('startDate=2025-02-27&endDate=2025-03-05');
      expect(week.body.data.daily.map((d: { date: string; total: number }) => [d.date, d.total])).toEqual([
        ['2025-02-27', 0],
        ['2025-02-28', 1],
        ['2025-03-01', 4],
        ['2025-03-02', 2],
        ['2025-03-03', 1],
        ['2025-03-04', 0],
        ['2025-03-05', 0],
      ]);
      expect(week.body.data.totals.total).toBe(8);
      const day = await statistics('startDate=2025-03-02&endDate=2025-03-02');
      expect(day.body.data.totals).toEqual({ total: 2, pending: 1, sent: 0, delivered: 0, failed: 1 });
    });

    it('refuses a range that ends before it starts, runs over a year, or has no real dates', async () => {
      for (const query of [
        'startDate=2025-03-02&endDate=2025-03-01',
        'startDate=2024-01-01&endDate=2025-03-01',
        'startDate=2025-02-30&endDate=2025-03-01',
        'startDate=yesterday',
      ]) {
        expect((await statistics(query)).status, query).toBe(400);
      }
    });
  });

  it('keeps the job as the way out: every send is a sms.send job', async () => {
    const before = (await t.app.jobs.summary()).find((s) => s.name === SMS_SEND_JOB)!;
    await t.api.post('/sms/send', { token: admin.token, body: { phoneNumber: uniquePhone().e164, message: '잡' } });
    const after = (await t.app.jobs.summary()).find((s) => s.name === SMS_SEND_JOB)!;
    const total = (s: typeof before) => Object.values(s.counts).reduce((a, b) => a + b, 0);
    expect(total(after)).toBe(total(before) + 1);
    expect(after.retryLimit).toBe(3);
  });
});
