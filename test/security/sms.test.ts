import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationDeliveries, smsLogs } from '../../src/apps/fitmate/schema';
import { loadConfig } from '../../src/config';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, exerciseId } from '../support/fitmate';
import { uniquePhone } from '../support/sms-fakes';
import { eventually } from '../support/sockets';

/**
 * Issue 13, item 5: anyone could put any number on their profile and make the server text it, with
 * their own words (a self-notification, urgent) or ours (a workout log). SMS for an account now
 * goes only to the number it verified by OTP, never with a user's own text, within daily caps
 * per account and per number.
 */
describe('SMS only to verified numbers, never with a user’s own text (attacks of issue 13)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate', {
      JOB_POLL_INTERVAL: '0.5s',
      JOB_RETRY_DELAY: '1s',
      RATE_LIMIT_OTP: '1000/hour',
      SMS_DAILY_LIMIT_PER_USER: '2',
      SMS_DAILY_LIMIT_PER_NUMBER: '3',
    });
  });
  afterAll(() => t?.close());

  const db = () => t.stores.database.db;
  const textsTo = (e164: string) => db().select().from(smsLogs).where(eq(smsLogs.phoneNumber, e164)).orderBy(smsLogs.id);
  /** The notification's SMS delivery once its jobs are done. */
  const smsDelivery = async (notificationId: number) => {
    const read = async () =>
      (await db().select().from(notificationDeliveries).where(eq(notificationDeliveries.notificationId, notificationId))).find((d) => d.channel === 'sms');
    await t.app.notifications.delivery.settled();
    await eventually(async () => (await read())?.status !== 'pending', 15_000);
    return read();
  };
  /** Puts a number on the profile and switches SMS on; with `prove`, after verifying it by OTP. */
  const withPhone = async (me: Account, phone: { local: string; e164: string }, prove: boolean) => {
    let phoneVerificationToken: string | undefined;
    if (prove) {
      expect((await t.api.post('/sms/request-otp', { body: { phoneNumber: phone.local } })).status).toBe(200);
      const [sent] = await db().select().from(smsLogs).where(eq(smsLogs.phoneNumber, phone.e164)).orderBy(desc(smsLogs.id)).limit(1);
      const otpCode = /(\d{6})/.exec(sent!.message)![1];
      const verified = await t.api.post('/sms/verify-otp', { body: { phoneNumber: phone.local, otpCode } });
      phoneVerificationToken = verified.body.data.phoneVerificationToken;
    }
    const res = await t.api.put('/api/users/profile', {
      token: me.token,
      body: { phoneNumber: phone.local, phoneVerificationToken, smsNotificationEnabled: true },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.phoneVerified).toBe(prove);
  };

  it('a self-notification (urgent, the user’s own title and body) never goes by SMS, even to a verified number', async () => {
    const [me, victim] = [await account(t), uniquePhone()];
    await withPhone(me, victim, false);
    const raised = await t.api.post('/api/notifications', {
      token: me.token,
      body: { type: 'custom', title: '당첨 안내', message: '지금 http://evil.example 에서 확인하세요', priority: 'urgent' },
    });
    expect(raised.status, raised.text).toBe(201);
    expect(raised.body.data.channels.map((c: { channel: string }) => c.channel)).not.toContain('sms');
    await t.app.notifications.delivery.settled();
    expect(await textsTo(victim.e164)).toEqual([]);

    const mine = uniquePhone();
    await withPhone(me, mine, true);
    const again = await t.api.post('/api/notifications', { token: me.token, body: { type: 'custom', title: '내 메모', message: '내 말', priority: 'urgent' } });
    expect(again.body.data.channels.map((c: { channel: string }) => c.channel)).not.toContain('sms');
    await t.app.notifications.delivery.settled();
    expect((await textsTo(mine.e164)).map((s) => s.templateType)).toEqual(['otp_verification']);
  });

  it('logging a workout texts no number that was only typed in', async () => {
    const [me, typed] = [await account(t), uniquePhone()];
    await withPhone(me, typed, false);
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const logged = await t.api.post('/api/workouts', {
      token: me.token,
      body: { exerciseId: await exerciseId(t, '스쿼트'), durationMinutes: 30, workoutDate: today },
    });
    expect(logged.status, logged.text).toBe(201);
    const [notice] = (await t.api.get('/api/notifications?type=workout_completed', { token: me.token })).body.data.items;
    expect(await smsDelivery(notice.id)).toMatchObject({ status: 'skipped', failureReason: 'no verified phone number' });
    expect(await textsTo(typed.e164)).toEqual([]);
  });

  it('texts the number verified on the account, and stops at the account’s daily cap', async () => {
    const [me, phone] = [await account(t), uniquePhone()];
    await withPhone(me, phone, true);
    const outcomes = [];
    for (let i = 1; i <= 3; i++) {
      const { id } = await t.app.notifications.notify(me.id, { type: 'goal_achieved', title: `목표 ${i}`, message: '축하해요', priority: 'high' });
      outcomes.push(await smsDelivery(id));
    }
    expect(outcomes.map((d) => [d?.status, d?.failureReason])).toEqual([
      ['sent', null],
      ['sent', null],
      ['skipped', 'daily limit for the account reached'],
    ]);
    expect((await textsTo(phone.e164)).map((s) => s.templateType)).toEqual(['otp_verification', 'notification', 'notification']);
  });

  it('stops at the number’s daily cap, whoever sends: codes, staff and notifications together', async () => {
    const [me, admin, phone] = [await account(t), await account(t, ['ADMIN']), uniquePhone()];
    await withPhone(me, phone, true); // one code
    const staffSend = () => t.api.post('/sms/send', { token: admin.token, body: { phoneNumber: phone.local, message: '공지' } });
    expect((await staffSend()).status).toBe(202);
    expect((await staffSend()).status).toBe(202);
    const refused = await staffSend();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const { id } = await t.app.notifications.notify(me.id, { type: 'goal_achieved', title: '목표', message: '축하해요', priority: 'high' });
    expect(await smsDelivery(id)).toMatchObject({ status: 'skipped', failureReason: 'daily limit for the number reached' });
    expect(await textsTo(phone.e164)).toHaveLength(3);
  });

  it('takes the caps from the settings', () => {
    expect(loadConfig({}).sms.dailyLimits).toEqual({ perUser: 10, perNumber: 10 });
    expect(loadConfig({ SMS_DAILY_LIMIT_PER_USER: '3', SMS_DAILY_LIMIT_PER_NUMBER: '5' }).sms.dailyLimits).toEqual({ perUser: 3, perNumber: 5 });
    expect(() => loadConfig({ SMS_DAILY_LIMIT_PER_USER: '0' })).toThrow('SMS_DAILY_LIMIT_PER_USER');
    expect(() => loadConfig({ SMS_DAILY_LIMIT_PER_NUMBER: 'lots' })).toThrow('SMS_DAILY_LIMIT_PER_NUMBER');
  });
});
