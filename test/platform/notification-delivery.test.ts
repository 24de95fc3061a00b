import { and, eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as fitmateSchema from '../../src/apps/fitmate/schema';
import { DELIVER_JOB } from '../../src/platform/notify/inbox/delivery';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/fitmate';
import { type PushService, startPushService } from '../support/push';
import { startFakeTwilio } from '../support/sms-fakes';
import { startSmtpServer } from '../support/smtp';
import { connect, connected, eventually } from '../support/sockets';

const JOBS = { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '0.5s' };

describe('notification delivery over email, push and SMS (FitMate)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let push: PushService;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  const open: Socket[] = [];
  beforeAll(async () => {
    [smtp, push, twilio] = await Promise.all([startSmtpServer(), startPushService(), startFakeTwilio()]);
    t = await startTestApp('fitmate', { ...JOBS, ...smtp.env, ...twilio.env, FITMATE_WEB_URL: 'https://fitmate.example/oauth/done' });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.close(), push?.close(), twilio?.close()]);
  });

  /** Each channel's status once the delivery jobs (and the SMS job they started) are done. */
  const deliveries = async (notificationId: number) => {
    const { notificationDeliveries: d } = fitmateSchema;
    const read = () => t.stores.database.db.select().from(d).where(eq(d.notificationId, notificationId));
    await t.app.notifications.delivery.settled();
    await eventually(async () => (await read()).every((r) => r.status !== 'pending'), 15_000);
    return Object.fromEntries((await read()).map((r) => [r.channel, r.status]));
  };
  /** SMS goes only to a number the account verified: the code comes through the fake Twilio. */
  const proofOf = async (phoneNumber: string) => {
    const e164 = `+82${phoneNumber.replace(/-/g, '').slice(1)}`;
    expect((await t.api.post('/sms/request-otp', { body: { phoneNumber } })).status).toBe(200);
    await eventually(() => twilio.requests.some((r) => r.to === e164 && /인증번호/.test(r.text)));
    const otpCode = /(\d{6})/.exec(twilio.requests.filter((r) => r.to === e164).at(-1)!.text)![1];
    return (await t.api.post('/sms/verify-otp', { body: { phoneNumber, otpCode } })).body.data.phoneVerificationToken as string;
  };
  const user = async (switches: { email?: boolean; push?: boolean; sms?: boolean }, phoneNumber = '010-2345-6789') => {
    const me = await account(t);
    const phoneVerificationToken = switches.sms ? await proofOf(phoneNumber) : undefined;
    const body = {
      phoneNumber,
      phoneVerificationToken,
      emailNotificationEnabled: Boolean(switches.email),
      pushNotificationEnabled: Boolean(switches.push),
      smsNotificationEnabled: Boolean(switches.sms),
    };
    const res = await t.api.put('/api/users/profile', { token: me.token, body });
    expect(res.status, res.text).toBe(200);
    return me;
  };
  const subscribed = async (me: Account) => {
    const browser = push.browser();
    expect((await t.api.post('/api/push/subscriptions', { token: me.token, body: browser.json })).status).toBe(201);
    return browser;
  };
  const raise = (me: Account, body: Record<string, unknown> = {}) =>
    t.app.notifications.notify(me.id, { type: 'custom', title: '운동 시간이에요', message: '오늘의 운동을 시작해보세요.', ...body });

  it('emails the notification in Korean, HTML escaped, with a link to the app', async () => {
    const me = await user({ email: true });
    const { id } = await raise(me, { title: '<b>주간 리포트</b> & 요약', message: '이번 주에 3번 운동했어요.\n<script>alert("x")</script>' });
    const mail = await smtp.next(me.email);
    expect(mail.subject).toBe('[FitMate] <b>주간 리포트</b> & 요약');
    expect(mail.text).toContain('이번 주에 3번 운동했어요.\n<script>alert("x")</script>');
    expect(mail.text).toContain('FitMate에서 보기: https://fitmate.example/');
    const html = String(mail.html);
    expect(html).toContain('&lt;b&gt;주간 리포트&lt;/b&gt; &amp; 요약');
    expect(html).toContain('이번 주에 3번 운동했어요.<br>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('href="https://fitmate.example/"');
    expect(html).toContain('알림 수신 설정은 FitMate 앱의 설정에서 바꿀 수 있습니다.');
    expect(await deliveries(id)).toEqual({ app: 'delivered', email: 'sent' });
    const { emailMessages: m } = fitmateSchema;
    const [sent] = await t.stores.database.db
      .select()
      .from(m)
      .where(and(eq(m.toAddress, me.email), eq(m.template, 'notification')));
    expect(sent).toMatchObject({ status: 'sent', subject: '[FitMate] <b>주간 리포트</b> & 요약', htmlBody: null });
  });

  it('sends no email to a user who switched email off, while their other channels still go', async () => {
    const quiet = await user({ email: false, push: true });
    const browser = await subscribed(quiet);
    const { id } = await raise(quiet);
    expect(await deliveries(id)).toEqual({ app: 'delivered', push: 'sent' });
    expect(browser.decrypt(push.to(browser)[0]!).notificationId).toBe(id);
    // A later email to someone else arrives; none went to the quiet user before it.
    const loud = await user({ email: true });
    await raise(loud);
    await smtp.next(loud.email);
    expect(smtp.messages.some((mail) => JSON.stringify(mail.to).includes(quiet.email))).toBe(false);
  });

  it('keeps a normal notification in the app for an online user; a high one reaches their channels', async () => {
    const me = await user({ email: true, push: true });
    const browser = await subscribed(me);
    const socket = connect(t, me.token);
    open.push(socket);
    await connected(socket);
    const normal = await raise(me, { title: '평범한 알림' });
    expect(await deliveries(normal.id)).toEqual({ app: 'delivered' });
    const high = await raise(me, { title: '목표 달성! 🏆', priority: 'high' });
    expect(await deliveries(high.id)).toEqual({ app: 'delivered', push: 'sent', email: 'sent' });
    expect((await smtp.next(me.email)).subject).toBe('[FitMate] 목표 달성! 🏆');
    expect(push.to(browser).map((r) => browser.decrypt(r).title)).toEqual(['목표 달성! 🏆']);
    expect(push.to(browser)[0]!.urgency).toBe('high');
  });

  it('hands SMS to the SMS job, and records the provider’s outcome on the notification', async () => {
    const me = await user({ sms: true }, '010-3456-7890');
    const { id } = await raise(me, { title: '운동 알림' });
    expect(await deliveries(id)).toEqual({ app: 'delivered', sms: 'sent' });
    expect(twilio.requests.filter((r) => r.to === '+821034567890' && !/인증번호/.test(r.text)).map((r) => r.text)).toEqual([
      '[FitMate] 운동 알림\n오늘의 운동을 시작해보세요.',
    ]);
    const { smsLogs } = fitmateSchema;
    const [log] = await t.stores.database.db.select().from(smsLogs).where(eq(smsLogs.notificationId, id));
    expect(log).toMatchObject({ templateType: 'notification', userId: me.id, status: 'sent' });

    // A number the provider refuses outright fails the SMS, and with it the notification's SMS channel.
    const refused = await user({ sms: true }, '010-4567-8901');
    twilio.script('+821045678901', [{ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } }]);
    const failed = await raise(refused);
    expect(await deliveries(failed.id)).toEqual({ app: 'delivered', sms: 'failed' });
    const shown = (await t.api.get('/api/notifications', { token: refused.token })).body.data.items[0];
    expect(shown.channels).toContainEqual(
      expect.objectContaining({ channel: 'sms', status: 'failed', failureReason: "The 'To' number is not a valid phone number." }),
    );
  });

  it('delivers through durable jobs, one per channel', async () => {
    const me = await user({ email: true, push: true });
    await subscribed(me);
    const { id } = await raise(me);
    await deliveries(id);
    const [summary] = (await t.app.jobs.summary(50)).filter((s) => s.name === DELIVER_JOB);
    expect(summary).toMatchObject({ retryLimit: 2 });
    expect(summary!.counts.completed).toBeGreaterThanOrEqual(2);
  });
});
