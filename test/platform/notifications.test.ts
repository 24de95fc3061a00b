import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as fitmateSchema from '../../src/apps/fitmate/schema';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { account, exerciseId } from '../support/fitmate';
import { uniquePhone } from '../support/sms-fakes';
import { collect, connect, connected, eventually, next, pause } from '../support/sockets';

/** Each channel's status once its delivery job (and the SMS job it hands over to) is done. */
const deliveries = async (t: TestApp, notificationId: number) => {
  const { notificationDeliveries: d } = fitmateSchema;
  const read = () => t.stores.database.db.select().from(d).where(eq(d.notificationId, notificationId));
  await t.app.notifications.delivery.settled();
  await eventually(async () => (await read()).every((r) => r.status !== 'pending'), 15_000);
  return Object.fromEntries((await read()).map((r) => [r.channel, r.status]));
};

describe('FitMate notifications', () => {
  let t: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp('fitmate', { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '0.5s' });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const raise = (token: string, body: Record<string, unknown>) => t.api.post('/api/notifications', { token, body });
  const note = { type: 'custom', title: '물 마시기', message: '물 한 잔 마실 시간이에요.' };

  describe('routes', () => {
    it('lets a user notify themself, and only an ADMIN notify someone else', async () => {
      const [me, other, admin] = await Promise.all([account(t), account(t), account(t, ['ADMIN'])]);
      const mine = await raise(me.token, { ...note, data: { glass: 1 } });
      expect(mine.status, mine.text).toBe(201);
      expect(mine.body.data).toMatchObject({ ...note, userId: me.id, data: { glass: 1 }, isRead: false, priority: 'normal', readAt: null });
      expect((await raise(me.token, { ...note, userId: other.id })).status).toBe(403);
      const byAdmin = await raise(admin.token, { ...note, userId: other.id, type: 'system_update', priority: 'urgent' });
      expect(byAdmin.body.data).toMatchObject({ userId: other.id, priority: 'urgent' });
      expect((await raise(admin.token, { ...note, userId: 99999999 })).status).toBe(404);
    });

    it('lists newest first with the unread count, filters, and pages', async () => {
      const me = await account(t);
      for (const type of ['custom', 'system_update', 'custom']) await raise(me.token, { ...note, type });
      const all = await t.api.get('/api/notifications?limit=2', { token: me.token });
      expect(all.body.data).toMatchObject({ unreadCount: 3, pagination: { totalItems: 3, totalPages: 2, hasNext: true } });
      expect(all.body.data.items).toHaveLength(2);
      expect(all.body.data.items[0].id).toBeGreaterThan(all.body.data.items[1].id);
      const system = await t.api.get('/api/notifications?type=system_update', { token: me.token });
      expect(system.body.data.items.map((n: any) => n.type)).toEqual(['system_update']);
      await t.api.put(`/api/notifications/${system.body.data.items[0].id}/read`, { token: me.token });
      const unread = await t.api.get('/api/notifications?isRead=false', { token: me.token });
      expect(unread.body.data.items).toHaveLength(2);
      expect(unread.body.data.unreadCount).toBe(2);
    });

    it('marks read, marks all read, counts and deletes — only one’s own', async () => {
      const [me, other] = await Promise.all([account(t), account(t)]);
      const a = (await raise(me.token, note)).body.data;
      const b = (await raise(me.token, note)).body.data;
      const read = await t.api.put(`/api/notifications/${a.id}/read`, { token: me.token });
      expect(read.body.data).toMatchObject({ isRead: true });
      expect(new Date(read.body.data.readAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await t.api.get('/api/notifications/unread-count', { token: me.token })).body.data).toEqual({ unreadCount: 1 });
      for (const request of [
        t.api.put(`/api/notifications/${b.id}/read`, { token: other.token }),
        t.api.delete(`/api/notifications/${b.id}`, { token: other.token }),
      ]) {
        expect((await request).status).toBe(404);
      }
      expect((await t.api.post('/api/notifications/read-all', { token: me.token })).body.data).toEqual({ updated: 1 });
      expect((await t.api.get('/api/notifications/unread-count', { token: me.token })).body.data.unreadCount).toBe(0);
      expect((await t.api.delete(`/api/notifications/${b.id}`, { token: me.token })).status).toBe(200);
      expect((await t.api.delete(`/api/notifications/${b.id}`, { token: me.token })).status).toBe(404);
      expect((await t.api.get('/api/notifications')).status).toBe(401);
    });

    it('refuses bad bodies, naming the field', async () => {
      const me = await account(t);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...note, type: 'party' }, 'type'],
        [{ ...note, priority: 'panic' }, 'priority'],
        [{ ...note, title: '' }, 'title'],
        [{ ...note, message: '' }, 'message'],
        [{ ...note, expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'expiresAt'],
        [{ ...note, data: { blob: 'x'.repeat(20_000) } }, 'data'],
        [{ ...note, isRead: true }, 'isRead'],
      ];
      for (const [body, field] of cases) {
        const res = await raise(me.token, body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
      }
    });

    it('hides expired notifications (the midnight clean-up purges them)', async () => {
      const me = await account(t);
      const soon = await raise(me.token, { ...note, expiresAt: new Date(Date.now() + 1_000).toISOString() });
      expect((await t.api.get('/api/notifications/unread-count', { token: me.token })).body.data.unreadCount).toBe(1);
      await pause(1_200);
      expect((await t.api.get('/api/notifications', { token: me.token })).body.data.items).toEqual([]);
      expect((await t.api.get('/api/notifications/unread-count', { token: me.token })).body.data.unreadCount).toBe(0);
      expect((await t.api.put(`/api/notifications/${soon.body.data.id}/read`, { token: me.token })).status).toBe(404);
      const run = (await t.app.jobs.runNow('cleanup.daily'))!;
      expect(await t.app.jobs.wait('cleanup.daily', run, 20_000)).toBe('completed');
      const left = await t.stores.database.executeSql('select 1 from fitmate.notifications where id = $1', [soon.body.data.id]);
      expect(left.rows).toEqual([]);
    });
  });

  describe('live', () => {
    it('sends the unread count on connect, each new notification, and the count after reads', async () => {
      const me = await account(t);
      await raise(me.token, note);
      const socket = connect(t, me.token);
      open.push(socket);
      const first = next(socket, 'unreadNotificationCount');
      await connected(socket);
      expect(await first).toBe(1);
      const counts = collect<number>(socket, 'unreadNotificationCount');
      const arriving = next(socket, 'newNotification');
      const raised = (await raise(me.token, { ...note, title: '새 알림' })).body.data;
      expect(await arriving).toMatchObject({ id: raised.id, title: '새 알림' });
      await eventually(() => counts.at(-1) === 2);
      await t.api.put(`/api/notifications/${raised.id}/read`, { token: me.token });
      await eventually(() => counts.at(-1) === 1);
      await t.api.post('/api/notifications/read-all', { token: me.token });
      await eventually(() => counts.at(-1) === 0);
    });
  });

  describe('delivery channels', () => {
    /** A user with these switches and a number proven by an SMS code (the only kind SMS goes to). */
    const withSwitches = async (switches: Record<string, unknown>) => {
      const me = await account(t);
      const phone = uniquePhone();
      await t.api.post('/sms/request-otp', { body: { phoneNumber: phone.local } });
      const [sent] = await t.stores.database.db.select().from(fitmateSchema.smsLogs).where(eq(fitmateSchema.smsLogs.phoneNumber, phone.e164));
      const proof = await t.api.post('/sms/verify-otp', { body: { phoneNumber: phone.local, otpCode: /(\d{6})/.exec(sent!.message)![1] } });
      const res = await t.api.put('/api/users/profile', {
        token: me.token,
        body: { phoneNumber: phone.local, phoneVerificationToken: proof.body.data.phoneVerificationToken, ...switches },
      });
      expect(res.body.data.phoneVerified).toBe(true);
      return me;
    };
    /** A notification the app raises (a user's own, through the route, never goes by SMS). */
    const notify = (me: { id: number }, extra: Record<string, unknown> = {}) => t.app.notifications.notify(me.id, { ...note, ...extra });

    it('goes out on every switched-on channel while the user is away', async () => {
      const me = await withSwitches({ smsNotificationEnabled: true, emailNotificationEnabled: true, pushNotificationEnabled: true });
      const { id } = await notify(me);
      // Push has no browser subscribed to send to (test/platform/push.test.ts has those); email and SMS are recorded.
      expect(await deliveries(t, id)).toEqual({ app: 'delivered', push: 'skipped', sms: 'sent', email: 'sent' });
      expect(t.logs.some((l) => l.msg === 'sms recorded (no provider configured)')).toBe(true);
      // The same words written by the user themself go everywhere but SMS.
      const own = (await raise(me.token, note)).body.data;
      expect(await deliveries(t, own.id)).toEqual({ app: 'delivered', push: 'skipped', email: 'sent' });
    });

    it('stays in the app for a user who is online, unless it is high or urgent', async () => {
      const me = await withSwitches({ smsNotificationEnabled: true, pushNotificationEnabled: true, emailNotificationEnabled: false });
      const socket = connect(t, me.token);
      open.push(socket);
      await connected(socket);
      const normal = await notify(me);
      expect(await deliveries(t, normal.id)).toEqual({ app: 'delivered' });
      const high = await notify(me, { priority: 'high' });
      expect(await deliveries(t, high.id)).toEqual({ app: 'delivered', push: 'skipped', sms: 'sent' });
    });

    it('shows each channel’s status on the notification', async () => {
      const me = await withSwitches({ pushNotificationEnabled: true, emailNotificationEnabled: true, smsNotificationEnabled: false });
      const { id } = (await raise(me.token, note)).body.data;
      await t.app.notifications.delivery.settled();
      const shown = (await t.api.get('/api/notifications', { token: me.token })).body.data.items.find((n: any) => n.id === id);
      expect(shown.channels.map((c: any) => [c.channel, c.status, c.attempts, c.failureReason])).toEqual([
        ['app', 'delivered', 1, null],
        ['push', 'skipped', 1, 'no subscription'],
        ['email', 'sent', 1, null],
      ]);
    });
  });

  describe('FitMate events (document 004)', () => {
    it('a workout done today raises workout_completed; history typed in later does not', async () => {
      const me = await account(t);
      const squat = await exerciseId(t, '스쿼트');
      await t.api.post('/api/workouts', { token: me.token, body: { exerciseId: squat, durationMinutes: 30, workoutDate: seoulToday(), caloriesBurned: 150 } });
      await t.api.post('/api/workouts', { token: me.token, body: { exerciseId: squat, durationMinutes: 30, workoutDate: addDays(seoulToday(), -10) } });
      const items = (await t.api.get('/api/notifications', { token: me.token })).body.data.items;
      expect(items.map((n: any) => n.type)).toEqual(['workout_completed']);
      expect(items[0]).toMatchObject({ title: '운동 완료! 🎉', message: '스쿼트 운동을 완료했습니다. 총 30분 동안 150칼로리를 소모했어요!', priority: 'low' });
    });

    it('completing a goal raises goal_achieved', async () => {
      const me = await account(t);
      const goal = await t.api.post('/api/goals', {
        token: me.token,
        body: { goalType: 'GENERAL_FITNESS', title: '한 달 꾸준히', targetValue: 20, targetDate: addDays(seoulToday(), 30) },
      });
      expect(goal.status, goal.text).toBe(201);
      await t.api.post(`/api/goals/${goal.body.data.id}/complete`, { token: me.token });
      const items = (await t.api.get('/api/notifications?type=goal_achieved', { token: me.token })).body.data.items;
      expect(items).toEqual([
        expect.objectContaining({
          title: '목표 달성! 🏆',
          message: '한 달 꾸준히 목표를 달성했습니다! 축하드려요!',
          priority: 'high',
          data: { goalId: goal.body.data.id, goalName: '한 달 꾸준히' },
        }),
      ]);
    });
  });
});

describe('MindPause notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mindpause');
  });
  afterAll(() => t.close());

  it('serves its Phase 5.1 routes', async () => {
    const reg = await t.api.post('/api/v1/auth/register', { body: { email: uniqueEmail('mp'), password: 'calm-mind-7', nickname: '알림' } });
    const { accessToken, user } = reg.body.data;
    const first = await t.app.notifications.notify(user.id, { type: 'emotion_reminder', title: '오늘 기분은 어때요?', message: '감정을 기록해 보세요.' });
    await t.app.notifications.notify(user.id, { type: 'community_like', title: '좋아요', message: '누군가 글에 공감했어요.' });
    const list = await t.api.get('/api/v1/notifications', { token: accessToken });
    expect(list.body).toMatchObject({ success: true, data: { unreadCount: 2, pagination: { totalItems: 2 } } });
    expect((await t.api.patch(`/api/v1/notifications/${first.id}/read`, { token: accessToken })).body.data.isRead).toBe(true);
    expect((await t.api.patch('/api/v1/notifications/read-all', { token: accessToken })).body.data).toEqual({ updated: 1 });
    expect((await t.api.delete(`/api/v1/notifications/${first.id}`, { token: accessToken })).status).toBe(200);
    expect((await t.api.get('/api/v1/notifications', { token: accessToken })).body.data.items).toHaveLength(1);
  });
});

describe('MIMO notifications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mimo');
  });
  afterAll(() => t.close());

  it('serves document 003’s routes in its envelope, with metadata, filters and statistics', async () => {
    const reg = await t.api.post('/api/auth/register', {
      body: { email: uniqueEmail('mimo'), password: 'homecam-24', name: '홈캠', agreements: { terms: true, privacy: true } },
    });
    const { accessToken: token } = reg.body.data;
    const motion = await t.api.post('/api/notifications', {
      token,
      body: { type: 'motion', title: '움직임 감지', message: '거실 카메라에서 움직임이 감지되었습니다.', metadata: { cameraId: 3 }, priority: 'critical' },
    });
    expect(motion.status, motion.text).toBe(201);
    expect(motion.body).toMatchObject({ ok: true, data: { type: 'motion', metadata: { cameraId: 3 }, priority: 'critical' } });
    expect(motion.body.data).not.toHaveProperty('data');
    await t.api.post('/api/notifications', { token, body: { type: 'system', title: '업데이트', message: '새 버전이 있습니다.' } });
    expect((await t.api.get('/api/notifications?type=motion', { token })).body.data.items).toHaveLength(1);
    expect((await t.api.get(`/api/notifications/${motion.body.data.id}`, { token })).body.data.title).toBe('움직임 감지');
    expect((await t.api.put(`/api/notifications/${motion.body.data.id}/read`, { token })).body.data.isRead).toBe(true);
    expect((await t.api.get('/api/notifications?isRead=false', { token })).body.data.items.map((n: any) => n.type)).toEqual(['system']);
    const stats = (await t.api.get('/api/notifications/stats', { token })).body.data;
    expect(stats).toMatchObject({
      total: 2,
      unread: 1,
      byType: { motion: { total: 1, unread: 0 }, system: { total: 1, unread: 1 }, security: { total: 0, unread: 0 } },
      byPriority: { critical: 1, medium: 1, low: 0 },
    });
    expect(stats.lastSevenDays).toHaveLength(7);
    expect(stats.lastSevenDays.at(-1)).toEqual({ date: seoulToday(), total: 2 });
    expect((await t.api.put('/api/notifications/read-all', { token })).body.data).toEqual({ updated: 1 });
    expect((await t.api.get('/api/notifications/unread-count', { token })).body.data).toEqual({ unreadCount: 0 });
    const missing = await t.api.get('/api/notifications/99999999', { token });
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect((await t.api.post('/api/notifications', { token, body: { type: 'workout_completed', title: 'x', message: 'y' } })).body.error.code).toBe(
      'E_VALIDATION',
    );
  });
});
