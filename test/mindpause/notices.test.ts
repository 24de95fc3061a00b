import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHALLENGE_REMINDER_JOB, sendChallengeReminders } from '../../src/apps/mindpause/reminders/challenge';
import { EMOTION_REMINDER_JOB, sendEmotionReminders } from '../../src/apps/mindpause/reminders/emotion';
import { addDays, seoulHour, seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mindpause';
import { eventually } from '../support/sockets';

const POSTS = '/api/v1/community/posts';

interface Notice {
  type: string;
  title: string;
  message: string;
  data: Record<string, unknown> | null;
}

describe('MindPause notices: community, reminders and the switches for them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mindpause');
  });
  afterAll(() => t?.close());

  const db = () => t.stores.database.db;
  const noticesOf = async (who: Account, type?: string): Promise<Notice[]> => {
    const res = await t.api.get(`/api/v1/notifications?limit=100${type ? `&type=${type}` : ''}`, { token: who.token });
    expect(res.status, res.text).toBe(200);
    return res.body.data.items;
  };
  const settings = (who: Account, body: Record<string, unknown>) => t.api.patch('/api/v1/users/me', { token: who.token, body });
  const write = async (who: Account, body: Record<string, unknown> = {}) => {
    const res = await t.api.post(POSTS, {
      token: who.token,
      body: { category: 'daily', title: '오늘 하루를 버틴 나에게', content: '조금 나아졌어요', ...body },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id as number;
  };
  const comment = (who: Account, postId: number, body: Record<string, unknown>) => t.api.post(`${POSTS}/${postId}/comments`, { token: who.token, body });

  describe('switches', () => {
    it('are part of the profile, on by default with reminders at 21:00 and 20:00, and changed like the rest of it', async () => {
      const me = await account(t);
      const profile = (await t.api.get('/api/v1/users/me', { token: me.token })).body.data;
      expect(profile).toMatchObject({
        commentNotificationEnabled: true,
        likeNotificationEnabled: true,
        emotionReminderEnabled: true,
        emotionReminderHour: 21,
        challengeReminderEnabled: true,
        challengeReminderHour: 20,
      });
      const changed = await settings(me, { likeNotificationEnabled: false, emotionReminderHour: 8, challengeReminderEnabled: false });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body.data).toMatchObject({
        likeNotificationEnabled: false,
        emotionReminderHour: 8,
        challengeReminderEnabled: false,
        commentNotificationEnabled: true,
      });
      for (const [body, field] of [
        [{ emotionReminderHour: 24 }, 'emotionReminderHour'],
        [{ challengeReminderHour: 7.5 }, 'challengeReminderHour'],
        [{ likeNotificationEnabled: 'no' }, 'likeNotificationEnabled'],
        [{ reminderMinute: 30 }, 'reminderMinute'],
      ] as const) {
        const res = await settings(me, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
      }
    });
  });

  describe('community_comment', () => {
    it('tells the author of a post that someone else commented, naming them unless the comment is anonymous', async () => {
      const [author, friend, shy] = await Promise.all([account(t, ['USER'], '글쓴이'), account(t, ['USER'], '다정한친구'), account(t, ['USER'], '숨은사람')]);
      const postId = await write(author);
      const named = await comment(friend, postId, { content: '힘내요! 늘 응원하고 있어요.' });
      expect(named.status, named.text).toBe(201);
      const anonymous = await comment(shy, postId, { content: '저도 그런 날이 있었어요', isAnonymous: true });
      // The author's own comment on their post is not news to them.
      await comment(author, postId, { content: '고마워요' });

      const notices = await noticesOf(author, 'community_comment');
      expect(notices).toHaveLength(2);
      const [fromShy, fromFriend] = notices;
      expect(fromFriend).toMatchObject({ title: '새 댓글이 달렸어요 💬', data: { postId, commentId: named.body.data.id } });
      expect(fromFriend!.message).toBe("다정한친구님이 '오늘 하루를 버틴 나에게' 글에 댓글을 남겼어요: 힘내요! 늘 응원하고 있어요.");
      expect(fromShy!.message).toContain('익명님이');
      expect(JSON.stringify(fromShy)).not.toContain('숨은사람');
      // Nothing in it points at the commenter: the data names only the post and the comment.
      expect(fromShy!.data).toEqual({ postId, commentId: anonymous.body.data.id });
      expect(await noticesOf(friend, 'community_comment')).toEqual([]);
    });

    it('is not raised while the author has switched it off', async () => {
      const [author, other] = await Promise.all([account(t), account(t)]);
      await settings(author, { commentNotificationEnabled: false });
      const postId = await write(author);
      expect((await comment(other, postId, { content: '안녕하세요' })).status).toBe(201);
      expect(await noticesOf(author, 'community_comment')).toEqual([]);
      await settings(author, { commentNotificationEnabled: true });
      await comment(other, postId, { content: '다시 안녕하세요' });
      expect(await noticesOf(author, 'community_comment')).toHaveLength(1);
    });
  });

  describe('community_like', () => {
    it('tells the author once per person a day, never who liked, and never for their own like', async () => {
      const [author, fan, another] = await Promise.all([account(t, ['USER'], '작가'), account(t, ['USER'], '팬'), account(t)]);
      const postId = await write(author, { title: '감사한 일 세 가지' });
      await t.api.post(`${POSTS}/${postId}/like`, { token: author.token });
      expect(await noticesOf(author, 'community_like')).toEqual([]);

      await t.api.post(`${POSTS}/${postId}/like`, { token: fan.token });
      // Liking again, or unliking and liking, makes no second notice.
      await t.api.post(`${POSTS}/${postId}/like`, { token: fan.token });
      await t.api.delete(`${POSTS}/${postId}/like`, { token: fan.token });
      await t.api.post(`${POSTS}/${postId}/like`, { token: fan.token });
      const notices = await noticesOf(author, 'community_like');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        title: '공감을 받았어요 💛',
        message: "누군가 '감사한 일 세 가지' 글에 공감했어요. 지금까지 2명이 공감했어요.",
        data: { postId, likeCount: 2 },
      });
      expect(JSON.stringify(notices[0])).not.toContain('팬');

      await settings(author, { likeNotificationEnabled: false });
      await t.api.post(`${POSTS}/${postId}/like`, { token: another.token });
      expect(await noticesOf(author, 'community_like')).toHaveLength(1);
    });
  });

  describe('reminders', () => {
    /** A user who used the app today (any signed-in request counts), with reminders at the given Seoul hour. */
    async function activeUser(hour: number, switches: Record<string, unknown> = {}): Promise<Account> {
      const user = await account(t, ['USER'], '기록이');
      const res = await settings(user, { emotionReminderHour: hour, challengeReminderHour: hour, ...switches });
      expect(res.status, res.text).toBe(200);
      await eventually(
        async () =>
          ((await db().execute(sql`select 1 from mindpause.user_activity_days where user_id = ${user.id}`)) as unknown as { rows: unknown[] }).rows.length > 0,
      );
      return user;
    }
    const challenge = async (who: Account, body: Record<string, unknown>) => {
      const res = await t.api.post('/api/v1/challenges', { token: who.token, body: { category: 'gratitude', targetDays: 7, ...body } });
      expect(res.status, res.text).toBe(201);
      return res.body.data.id as number;
    };

    it('remind of today’s mood at each user’s hour, only those who have not recorded one, once a day', async () => {
      const now = new Date();
      const hour = seoulHour(now);
      const [due, recorded, switchedOff, otherHour, dormant] = await Promise.all([
        activeUser(hour),
        activeUser(hour),
        activeUser(hour, { emotionReminderEnabled: false }),
        activeUser((hour + 1) % 24),
        activeUser(hour),
      ]);
      expect((await t.api.post('/api/v1/emotions', { token: recorded.token, body: { emotion: 'calm', intensity: 6 } })).status).toBe(201);
      // Someone who has not opened the app for 40 days is left in peace.
      await db().execute(sql`delete from mindpause.user_activity_days where user_id = ${dormant.id}`);
      await db().execute(sql`insert into mindpause.user_activity_days (user_id, day) values (${dormant.id}, ${addDays(seoulToday(now), -40)})`);

      const first = await sendEmotionReminders(db(), t.app.notifications, now);
      expect(first.hour).toBe(hour);
      const [forDue] = await noticesOf(due, 'emotion_reminder');
      expect(forDue).toMatchObject({ title: '오늘 마음은 어땠나요? 🌙', data: { date: seoulToday(now) } });
      expect(forDue!.message).toContain('기록이님');
      for (const quiet of [recorded, switchedOff, otherHour, dormant]) expect(await noticesOf(quiet, 'emotion_reminder')).toEqual([]);
      // A second run the same day (another node, an admin's "run now") sends nothing twice.
      await sendEmotionReminders(db(), t.app.notifications, now);
      expect(await noticesOf(due, 'emotion_reminder')).toHaveLength(1);
    });

    it('remind of active challenges not yet kept today, one notice per user, once a day', async () => {
      const now = new Date();
      const hour = seoulHour(now);
      const today = seoulToday(now);
      const [busy, allDone, switchedOff] = await Promise.all([activeUser(hour), activeUser(hour), activeUser(hour, { challengeReminderEnabled: false })]);
      const gratitude = await challenge(busy, { title: '감사 일기 쓰기' });
      const water = await challenge(busy, { title: '물 2리터 마시기', category: 'self_care' });
      const kept = await challenge(busy, { title: '아침 스트레칭', category: 'exercise' });
      expect((await t.api.patch(`/api/v1/challenges/${kept}`, { token: busy.token, body: { checkIn: {} } })).status).toBe(200);
      await challenge(busy, { title: '내일 시작', startDate: addDays(today, 1) });
      const paused = await challenge(busy, { title: '쉬는 중' });
      await t.api.patch(`/api/v1/challenges/${paused}`, { token: busy.token, body: { status: 'paused' } });
      const done = await challenge(allDone, { title: '명상 5분', category: 'meditation' });
      await t.api.patch(`/api/v1/challenges/${done}`, { token: allDone.token, body: { checkIn: {} } });
      await challenge(switchedOff, { title: '산책' });

      await sendChallengeReminders(db(), t.app.notifications, now);
      const notices = await noticesOf(busy, 'challenge_reminder');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ title: '오늘의 챌린지 체크인 ✅', message: "오늘 체크인하지 않은 챌린지가 2개 있어요: '감사 일기 쓰기' 외 1개" });
      expect((notices[0]!.data as { challengeIds: number[] }).challengeIds).toEqual([gratitude, water]);
      expect(await noticesOf(allDone, 'challenge_reminder')).toEqual([]);
      expect(await noticesOf(switchedOff, 'challenge_reminder')).toEqual([]);
      await sendChallengeReminders(db(), t.app.notifications, now);
      expect(await noticesOf(busy, 'challenge_reminder')).toHaveLength(1);

      // One challenge left: the notice names it with its progress.
      const single = await activeUser(hour);
      const walk = await challenge(single, { title: '저녁 산책', targetDays: 10 });
      await sendChallengeReminders(db(), t.app.notifications, now);
      const [one] = await noticesOf(single, 'challenge_reminder');
      expect(one).toMatchObject({ message: "'저녁 산책' 챌린지, 오늘도 이어가 볼까요? (0/10일)", data: { challengeIds: [walk] } });
    });

    it('run as hourly cron jobs in Asia/Seoul, listed for admins', async () => {
      const admin = await account(t, ['ADMIN']);
      const jobs = (await t.api.get('/api/v1/admin/jobs', { token: admin.token })).body.data as Array<{ name: string; cron: string | null }>;
      for (const name of [EMOTION_REMINDER_JOB, CHALLENGE_REMINDER_JOB]) expect(jobs.find((j) => j.name === name)?.cron).toBe('0 * * * *');
      const hour = seoulHour();
      const user = await activeUser(hour);
      const run = await t.api.post(`/api/v1/admin/jobs/${EMOTION_REMINDER_JOB}/run`, { token: admin.token });
      expect(run.status, run.text).toBe(202);
      expect(await t.app.jobs.wait(EMOTION_REMINDER_JOB, run.body.data.id, 20_000)).toBe('completed');
      // Unless the hour turned meanwhile, the job reminded the user whose hour it is.
      if (seoulHour() === hour) expect(await noticesOf(user, 'emotion_reminder')).toHaveLength(1);
    });
  });
});
