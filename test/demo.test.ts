import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as seedDemo, seedApp } from '../src/cli/seed-demo';
import { ConfigError, loadConfig } from '../src/config';
import { seoulDaysAgo } from '../src/platform/demo';
import { createLogger } from '../src/platform/logger';
import { type TestApp, TEST_SECRETS, startTestApp } from './support/app';
import type { Client } from './support/http';

// Each app builds and makes a few hundred records through its routes: generous on a busy machine.
const SLOW = { timeout: 240_000 };

async function signIn(api: Client, prefix: string, email: string, password: string): Promise<string> {
  const res = await api.post(`${prefix}/auth/login`, { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.accessToken;
}

describe('seed-demo', () => {
  it('is for development only', async () => {
    for (const NODE_ENV of ['production', 'test']) {
      const config = loadConfig({ ...TEST_SECRETS, NODE_ENV });
      await expect(seedDemo({ config, args: [], logger: createLogger('silent') })).rejects.toThrow(ConfigError);
    }
  });

  describe('FitMate', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('fitmate');
    }, SLOW.timeout);
    afterAll(() => t?.close());

    it('makes six weeks of workouts, body records, goals and a chat through the routes, once', SLOW, async () => {
      const outcome = await seedApp('fitmate', t.app, t.stores.database.db);
      expect(outcome).toMatchObject({ made: true, summary: expect.stringContaining('workouts') });
      const token = await signIn(t.api, '/api', 'demo@example.com', 'madang-demo-1');

      const stats = (await t.api.get(`/api/workouts/statistics?from=${seoulDaysAgo(41)}&to=${seoulDaysAgo(0)}`, { token })).body.data;
      expect(stats.totals.workouts).toBeGreaterThan(40);
      expect(stats.totals.activeDays).toBeGreaterThan(20);
      expect(stats.totals.calories).toBeGreaterThan(3000);
      const body = (await t.api.get('/api/users/profile', { token })).body.data;
      expect(body).toMatchObject({ name: '김민지', weight: 58.5, fitnessLevel: 'INTERMEDIATE' });
      const records = (await t.api.get(`/api/users/${body.id}/body-records?limit=50`, { token })).body.data.items;
      expect(records).toHaveLength(7);
      const goals = (await t.api.get('/api/goals', { token })).body.data.items as Array<{ title: string; status: string; currentValue: number | null }>;
      expect(goals).toHaveLength(4);
      expect(goals.filter((goal) => goal.status === 'COMPLETED').map((goal) => goal.title)).toEqual(['바벨 스쿼트 40kg 성공']);
      // Goals follow the records the routes kept: the heaviest squat, the minutes run.
      expect(goals.find((goal) => goal.title === '바벨 스쿼트 40kg 성공')!.currentValue).toBe(40);
      expect(goals.find((goal) => goal.title === '한 달 달리기 600분')!.currentValue).toBeGreaterThan(100);

      // The crew room where they met (FitMate chats only between people who know each other), then their own.
      const rooms = (await t.api.get('/api/chat/rooms', { token })).body.data.items;
      expect(rooms.map((r: { roomType: string }) => r.roomType).sort()).toEqual(['group', 'individual']);
      const own = rooms.find((r: { roomType: string }) => r.roomType === 'individual');
      const messages = (await t.api.get(`/api/chat/rooms/${own.id}/messages`, { token })).body.data.items;
      expect(messages.map((m: { message: string }) => m.message)).toContain('좋아요! 7시 반에 여의나루역 2번 출구 어때요?');
      expect(messages).toHaveLength(7);

      // Once: the second run changes nothing.
      expect(await seedApp('fitmate', t.app, t.stores.database.db)).toMatchObject({ made: false });
      expect((await t.api.get('/api/chat/rooms', { token })).body.data.items).toHaveLength(2);
    });
  });

  describe('MindPause', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('mindpause');
    }, SLOW.timeout);
    afterAll(() => t?.close());

    it('makes weeks of moods, challenges with check-ins, the community with a report, and a counselling talk', SLOW, async () => {
      expect(await seedApp('mindpause', t.app, t.stores.database.db)).toMatchObject({ made: true });
      const token = await signIn(t.api, '/api/v1', 'demo@example.com', 'madang-demo-1');

      const moods = (await t.api.get(`/api/v1/emotions?from=${seoulDaysAgo(34)}&limit=100`, { token })).body.data;
      expect(moods.pagination.totalItems).toBeGreaterThan(25);
      expect(new Set(moods.items.map((m: { emotion: string }) => m.emotion)).size).toBeGreaterThan(5);
      // Last week, a whole one: most days have a mood, some two.
      const week = (await t.api.get(`/api/v1/emotions/stats?period=week&date=${seoulDaysAgo(7)}`, { token })).body.data;
      expect(week.totals.records).toBeGreaterThan(4);
      expect(week.totals.daysRecorded).toBeGreaterThan(3);

      const challenges = (await t.api.get('/api/v1/challenges?limit=50', { token })).body.data.items as Array<{
        title: string;
        status: string;
        checkInCount: number;
        checkedInToday: boolean;
      }>;
      expect(challenges).toHaveLength(4);
      expect(challenges.find((c) => c.title === '자기 전 30분 스마트폰 내려놓기')).toMatchObject({
        status: 'completed',
        checkInCount: 7,
        checkedInToday: true,
      });
      expect(challenges.find((c) => c.title === '하루 세 줄 감사 일기')).toMatchObject({ status: 'active', checkInCount: 12, checkedInToday: true });
      // Completing it raised the app's own notification.
      const notices = (await t.api.get('/api/v1/notifications', { token })).body.data.items;
      expect(notices.some((n: { type: string }) => n.type === 'challenge_completed')).toBe(true);

      const posts = (await t.api.get('/api/v1/community/posts?limit=50', { token })).body.data.items;
      expect(posts).toHaveLength(5);
      const admin = await signIn(t.api, '/api/v1', 'admin@example.com', 'madang-admin-1');
      const reports = (await t.api.get('/api/v1/admin/reports?status=pending', { token: admin })).body.data.items;
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ reason: 'spam', target: { title: '💰 하루 10분으로 월 300 버는 법' } });

      const conversations = (await t.api.get('/api/v1/chat/conversations', { token })).body.data.items;
      expect(conversations).toHaveLength(1);
      const talk = (await t.api.get(`/api/v1/chat/conversations/${conversations[0].id}`, { token })).body.data;
      expect(talk.messages).toHaveLength(6);
      expect(talk.messages.filter((m: { role: string }) => m.role === 'assistant')).toHaveLength(3);
    });
  });

  describe('MIMO', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('mimo');
    }, SLOW.timeout);
    afterAll(() => t?.close());

    it('makes cameras with a week of status history and events, a paired viewer and settings', SLOW, async () => {
      expect(await seedApp('mimo', t.app, t.stores.database.db)).toMatchObject({ made: true });
      const token = await signIn(t.api, '/api', 'demo@example.com', 'madang-demo-1');

      const cameras = (await t.api.get('/api/cameras?limit=50', { token })).body.data.items as Array<{ id: number; name: string; status: string }>;
      expect(cameras.map((c) => [c.name, c.status]).sort()).toEqual([
        ['거실 카메라', 'online'],
        ['아기방 카메라', 'online'],
        ['현관 카메라', 'offline'],
      ]);
      const living = cameras.find((c) => c.name === '거실 카메라')!;
      const stats = (await t.api.get(`/api/cameras/${living.id}/stats?days=7`, { token })).body.data;
      // Up most of the week, with the night-time drop-outs of a phone on Wi-Fi.
      expect(stats.uptime.percent).toBeGreaterThan(80);
      expect(stats.uptime.percent).toBeLessThan(100);
      expect(stats.events.total).toBeGreaterThan(3);
      expect(stats.viewers.granted).toBe(1);

      const events = (await t.api.get('/api/events?limit=100', { token })).body.data;
      expect(events.items.length).toBeGreaterThan(10);
      const friend = await signIn(t.api, '/api', 'friend@example.com', 'madang-demo-1');
      const watched = (await t.api.get('/api/connection/active', { token: friend })).body.data;
      expect(watched.watching.map((w: { camera: { name: string } }) => w.camera.name)).toEqual(['거실 카메라']);
      expect((await t.api.get('/api/settings', { token })).body.data).toMatchObject({ motionSensitivity: 70, storageDays: 14, emailNotification: false });
    });
  });
});
