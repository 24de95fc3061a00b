import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, acquaint, exerciseId } from '../support/fitmate';

// Document 004's scheduler and the midnight clean-up, run through the admin's "run it now".
describe('FitMate scheduled jobs', () => {
  let t: TestApp;
  let admin: Account;
  let squat: number;
  const today = seoulToday();
  const sql = (text: string, values: unknown[] = []) => t.stores.database.executeSql(text, values).then((r) => r.rows as any[]);

  beforeAll(async () => {
    t = await startTestApp('fitmate', { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '0.5s' });
    admin = await account(t, ['ADMIN']);
    squat = await exerciseId(t, '스쿼트');
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs a job now, as an admin would, and waits for it; returns its output. */
  const runJob = async (name: string) => {
    const queued = await t.api.post(`/api/admin/jobs/${name}/run`, { token: admin.token });
    expect(queued.status, queued.text).toBe(202);
    expect(await t.app.jobs.wait(name, queued.body.data.id, 20_000)).toBe('completed');
    const list = await t.api.get('/api/admin/jobs', { token: admin.token });
    return list.body.data.find((job: { name: string }) => job.name === name).lastRuns.find((run: { id: string }) => run.id === queued.body.data.id).output;
  };
  const notificationsOf = async (who: Account, type: string) =>
    (await t.api.get(`/api/notifications?type=${type}&limit=50`, { token: who.token })).body.data.items as Array<{ title: string; message: string; data: any }>;
  const workout = async (who: Account, workoutDate: string, durationMinutes: number, caloriesBurned: number) => {
    const res = await t.api.post('/api/workouts', { token: who.token, body: { exerciseId: squat, workoutDate, durationMinutes, caloriesBurned } });
    expect(res.status, res.text).toBe(201);
  };

  describe('admin routes', () => {
    it('lists every job with its schedule and counts, to ADMINs only', async () => {
      const list = await t.api.get('/api/admin/jobs', { token: admin.token });
      expect(list.status).toBe(200);
      const byName = Object.fromEntries(list.body.data.map((job: { name: string; cron: string | null }) => [job.name, job.cron]));
      expect(byName).toMatchObject({
        'cleanup.daily': '0 0 * * *',
        'fitmate.workout-reminder': '0 9 * * *',
        'fitmate.weekly-report': '0 18 * * 0',
        'fitmate.goal-check': '0 * * * *',
      });
      const user = await account(t);
      expect((await t.api.get('/api/admin/jobs', { token: user.token })).status).toBe(403);
      expect((await t.api.post('/api/admin/jobs/cleanup.daily/run', { token: user.token })).status).toBe(403);
      expect((await t.api.get('/api/admin/jobs')).status).toBe(401);
      const unknown = await t.api.post('/api/admin/jobs/rm -rf/run', { token: admin.token });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    });
  });

  it('completes reached goals hourly and says so once', async () => {
    const me = await account(t);
    const goal = async (body: Record<string, unknown>) =>
      (await t.api.post('/api/goals', { token: me.token, body: { title: '목표', startDate: today, targetDate: addDays(today, 30), ...body } })).body.data
        .id as number;
    // Kept by hand in kilometres (not followed by the records): reached, and not yet.
    const reached = await goal({ title: '10km 달리기', goalType: 'ENDURANCE', unit: 'km', targetValue: 10, currentValue: 10 });
    const halfway = await goal({ title: '20km 달리기', goalType: 'ENDURANCE', unit: 'km', targetValue: 20, currentValue: 10 });
    expect(await runJob('fitmate.goal-check')).toMatchObject({ completed: expect.any(Number) });
    const status = async (id: number) => (await t.api.get(`/api/goals/${id}`, { token: me.token })).body.data.status;
    expect([await status(reached), await status(halfway)]).toEqual(['COMPLETED', 'ACTIVE']);
    await runJob('fitmate.goal-check');
    const achieved = await notificationsOf(me, 'goal_achieved');
    expect(achieved.map((n) => n.message)).toEqual(['10km 달리기 목표를 달성했습니다! 축하드려요!']);
  });

  it('sends the weekly report with the real figures of the week and the change against the last', async () => {
    const me = await account(t);
    await workout(me, today, 40, 300);
    await workout(me, today, 20, 100);
    await workout(me, addDays(today, -7), 30, 200);
    await runJob('fitmate.weekly-report');
    const [report] = await notificationsOf(me, 'weekly_report');
    expect(report!.data).toMatchObject({
      workoutDays: 1,
      totalWorkouts: 2,
      totalMinutes: 60,
      totalCalories: 400,
      averageWorkoutMinutes: 30,
      minutesChangePercent: 100,
      caloriesChangePercent: 100,
    });
    expect(report!.message).toBe('이번 주 1일 운동했어요! 총 60분, 400칼로리 소모! 지난주보다 운동 시간이 100% 늘었어요.');
    // Someone who has not worked out these two weeks gets no report.
    const idle = await account(t);
    await runJob('fitmate.weekly-report');
    expect(await notificationsOf(idle, 'weekly_report')).toEqual([]);
  });

  it('reminds active users who have not worked out today, by SMS when they asked for it on a verified number, once a day', async () => {
    const [lazy, texted, unproven, busy] = await Promise.all([account(t), account(t), account(t), account(t)]);
    await sql(`update fitmate.users set phone_number = '010-1234-5678', phone_verified_at = now(), sms_notification_enabled = true where id = $1`, [texted.id]);
    // A number typed into the profile but never proven with a code is never texted.
    await sql(`update fitmate.users set phone_number = '010-8765-4321', sms_notification_enabled = true where id = $1`, [unproven.id]);
    await workout(busy, today, 30, 150);
    await sql(`update fitmate.users set last_login_at = now() where id = any($1)`, [[lazy.id, texted.id, unproven.id, busy.id]]);
    await runJob('fitmate.workout-reminder');
    expect((await notificationsOf(lazy, 'workout_reminder')).map((n) => n.title)).toEqual(['운동 시간이에요! ⏰']);
    expect(await notificationsOf(texted, 'workout_reminder')).toHaveLength(1);
    expect(await notificationsOf(unproven, 'workout_reminder')).toHaveLength(1);
    expect(await notificationsOf(busy, 'workout_reminder')).toEqual([]);
    const reminders = (userId: number) =>
      sql(`select phone_number, template_type, message from fitmate.sms_logs where user_id = $1 and template_type = 'workout_reminder'`, [userId]);
    expect(await reminders(texted.id)).toEqual([
      { phone_number: '+821012345678', template_type: 'workout_reminder', message: expect.stringContaining('오늘 즐거운 운동 시간입니다.') },
    ]);
    expect(await sql(`select 1 from fitmate.sms_logs where user_id = any($1)`, [[lazy.id, unproven.id]])).toEqual([]);
    // A second run the same day reminds no one again.
    await runJob('fitmate.workout-reminder');
    expect(await notificationsOf(lazy, 'workout_reminder')).toHaveLength(1);
    expect(await reminders(texted.id)).toHaveLength(1);
  });

  it('cleans up at midnight: old read and expired notifications, expired codes and sessions, and archives old chat', async () => {
    const [me, you] = await Promise.all([account(t), account(t)]);
    await acquaint(t, me, you);
    const notification = async (title: string, readDaysAgo: number | null, expired = false) =>
      (
        await sql(
          `insert into fitmate.notifications (user_id, title, message, type, is_read, read_at, expires_at) values ($1, $2, '내용', 'custom', $3, $4, $5) returning id`,
          [
            me.id,
            title,
            readDaysAgo !== null,
            readDaysAgo === null ? null : new Date(Date.now() - readDaysAgo * 86_400_000),
            expired ? new Date(Date.now() - 1_000) : null,
          ],
        )
      )[0].id;
    await notification('31일 전에 읽음', 31);
    await notification('29일 전에 읽음', 29);
    await notification('안 읽음', null);
    await notification('만료됨', null, true);
    await sql(
      `insert into fitmate.email_verifications (user_id, email, purpose, code_hash, expires_at) values ($1, 'x@example.com', 'password_reset', 'h', now() - interval '1 minute')`,
      [me.id],
    );
    const [session] = await sql(`insert into fitmate.sessions (user_id, expires_at) values ($1, now() - interval '1 day') returning id`, [me.id]);

    const room = (await t.api.post('/api/chat/rooms', { token: me.token, body: { roomType: 'individual', participantIds: [you.id] } })).body.data.id;
    const send = async (message: string) =>
      (await t.api.post(`/api/chat/rooms/${room}/messages`, { token: me.token, body: { message } })).body.data.id as number;
    const old = await send('아주 오래된 메시지');
    const recent = await send('최근 메시지');
    await t.api.post(`/api/chat/rooms/${room}/read`, { token: you.token });
    await sql(`update fitmate.chat_messages set created_at = now() - interval '91 days' where id = $1`, [old]);

    const output = await runJob('cleanup.daily');
    expect(output).toMatchObject({
      notifications: expect.any(Number),
      emailCodes: expect.any(Number),
      sessions: expect.any(Number),
      chatArchive: expect.any(Number),
    });
    expect(output.chatArchive).toBeGreaterThanOrEqual(1);
    const titles = (await sql(`select title from fitmate.notifications where user_id = $1 order by title`, [me.id])).map((r) => r.title);
    expect(titles).toEqual(['29일 전에 읽음', '안 읽음'].sort());
    expect(await sql(`select 1 from fitmate.email_verifications where user_id = $1`, [me.id])).toEqual([]);
    expect(await sql(`select 1 from fitmate.sessions where id = $1`, [session.id])).toEqual([]);

    const messages = (await t.api.get(`/api/chat/rooms/${room}/messages`, { token: me.token })).body.data.items.map((m: { id: number }) => m.id);
    expect(messages).toEqual([recent]);
    const [archived] = await sql(`select id::int, message, read_by from fitmate.chat_messages_archive where room_id = $1`, [room]);
    expect(archived).toMatchObject({ id: old, message: '아주 오래된 메시지', read_by: [{ userId: you.id, readAt: expect.any(String) }] });
    // The user's own sign-in survived: only the expired session went.
    expect((await t.api.get('/api/auth/me', { token: me.token })).status).toBe(200);
  });
});
