import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, PASSWORD, account } from '../support/mindpause';
import { userActivityDays } from '../../src/apps/mindpause/schema';
import { addDays, seoulToday } from '../../src/platform/time';

const POSTS = '/api/v1/community/posts';

describe('MindPause admin', () => {
  let t: TestApp;
  let admin: Account;
  let user: Account;

  beforeAll(async () => {
    t = await startTestApp('mindpause');
    [admin, user] = await Promise.all([account(t, ['ADMIN'], '관리자'), account(t, ['USER'], '사용자')]);
  });
  afterAll(async () => t?.close());

  it('is for ADMINs only, on every route', async () => {
    const routes: Array<[string, string]> = [
      ['get', '/api/v1/admin/users'],
      ['patch', `/api/v1/admin/users/${user.id}/suspend`],
      ['delete', '/api/v1/admin/posts/1'],
      ['delete', '/api/v1/admin/comments/1'],
      ['get', '/api/v1/admin/stats'],
      ['get', '/api/v1/admin/reports'],
      ['patch', '/api/v1/admin/reports/1'],
    ];
    for (const [method, path] of routes) {
      const call = (t.api as unknown as Record<string, (p: string, o?: object) => Promise<{ status: number }>>)[method]!;
      const body = method === 'get' ? undefined : {};
      expect((await call(path, { token: user.token, body })).status, path).toBe(403);
      expect((await call(path, { body })).status, path).toBe(401);
    }
  });

  it('lists users by email or nickname, with pages; LIKE wildcards mean themselves', async () => {
    const found = await account(t, ['USER'], '검색대상_한결');
    const res = await t.api.get(`/api/v1/admin/users?q=${encodeURIComponent('대상_한')}`, { token: admin.token });
    expect(res.body.data.items.map((u: { id: number }) => u.id)).toEqual([found.id]);
    expect(res.body.data.items[0]).toMatchObject({ email: found.email, nickname: '검색대상_한결', roles: ['USER'], isActive: true, suspension: null });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    const byEmail = await t.api.get(`/api/v1/admin/users?q=${encodeURIComponent(found.email.toUpperCase())}`, { token: admin.token });
    expect(byEmail.body.data.items.map((u: { id: number }) => u.id)).toEqual([found.id]);
    expect((await t.api.get(`/api/v1/admin/users?q=${encodeURIComponent('%')}`, { token: admin.token })).body.data.items).toEqual([]);
    const paged = await t.api.get('/api/v1/admin/users?limit=1&page=2', { token: admin.token });
    expect(paged.body.data.items).toHaveLength(1);
    expect(paged.body.data.pagination.hasPrev).toBe(true);
  });

  it('suspends a user (their token stops at once, sign-in refused) and lifts it', async () => {
    const target = await account(t, ['USER'], '정지대상');
    expect((await t.api.get('/api/v1/users/me', { token: target.token })).status).toBe(200);
    expect((await t.api.patch(`/api/v1/admin/users/${target.id}/suspend`, { token: admin.token, body: {} })).status).toBe(400);
    expect(
      (await t.api.patch(`/api/v1/admin/users/${target.id}/suspend`, { token: admin.token, body: { reason: '욕설', endsAt: '2000-01-01T00:00:00Z' } })).status,
    ).toBe(400);
    expect((await t.api.patch(`/api/v1/admin/users/${admin.id}/suspend`, { token: admin.token, body: { reason: '테스트' } })).status).toBe(400);
    expect((await t.api.patch('/api/v1/admin/users/999999999/suspend', { token: admin.token, body: { reason: '없음' } })).status).toBe(404);

    const endsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const res = await t.api.patch(`/api/v1/admin/users/${target.id}/suspend`, { token: admin.token, body: { reason: '반복된 욕설', endsAt } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: target.id, isActive: false, suspension: { reason: '반복된 욕설', endsAt, suspendedBy: admin.id } });
    expect([401, 403]).toContain((await t.api.get('/api/v1/users/me', { token: target.token })).status);
    expect((await t.api.post('/api/v1/auth/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(403);
    const listed = await t.api.get('/api/v1/admin/users?status=suspended&limit=100', { token: admin.token });
    expect(listed.body.data.items.map((u: { id: number }) => u.id)).toContain(target.id);

    const lifted = await t.api.patch(`/api/v1/admin/users/${target.id}/suspend`, { token: admin.token, body: { suspended: false } });
    expect(lifted.body.data).toMatchObject({ isActive: true, suspension: null });
    expect((await t.api.post('/api/v1/auth/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(200);
  });

  it('lifts a suspension by itself once its end has come', async () => {
    const target = await account(t, ['USER'], '기간정지');
    await t.api.patch(`/api/v1/admin/users/${target.id}/suspend`, {
      token: admin.token,
      body: { reason: '하루 정지', endsAt: new Date(Date.now() + 1500).toISOString() },
    });
    expect((await t.api.post('/api/v1/auth/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const id = await t.app.jobs.runNow('suspensions.lift');
    expect(await t.app.jobs.wait('suspensions.lift', id)).toBe('completed');
    expect((await t.api.post('/api/v1/auth/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(200);
  });

  it('removes posts and comments, resolving their reports; handles the report queue', async () => {
    const [writer, reporter] = await Promise.all([account(t, ['USER'], '작성자'), account(t, ['USER'], '신고자')]);
    const post = (await t.api.post(POSTS, { token: writer.token, body: { category: 'free', title: '나쁜 글', content: '...', isAnonymous: true } })).body.data;
    const comment = (await t.api.post(`${POSTS}/${post.id}/comments`, { token: writer.token, body: { content: '나쁜 댓글' } })).body.data;
    const postReport = (await t.api.post(`${POSTS}/${post.id}/report`, { token: reporter.token, body: { reason: 'abuse', note: '욕설' } })).body.data;
    const commentReport = (await t.api.post(`/api/v1/community/comments/${comment.id}/report`, { token: reporter.token, body: { reason: 'spam' } })).body.data;

    const queue = await t.api.get('/api/v1/admin/reports?status=pending&limit=100', { token: admin.token });
    const entry = queue.body.data.items.find((r: { id: number }) => r.id === postReport.id);
    // Admins see who really wrote an anonymous post.
    expect(entry).toMatchObject({
      reason: 'abuse',
      note: '욕설',
      reporter: { id: reporter.id },
      target: { authorId: writer.id, isAnonymous: true, title: '나쁜 글', deleted: false },
    });

    expect((await t.api.delete(`/api/v1/admin/comments/${comment.id}`, { token: admin.token })).status).toBe(200);
    expect((await t.api.delete(`/api/v1/admin/comments/${comment.id}`, { token: admin.token })).status).toBe(404);
    expect((await t.api.get(`${POSTS}/${post.id}/comments`, { token: reporter.token })).body.data.items).toEqual([]);
    const resolved = await t.api.get('/api/v1/admin/reports?status=resolved&targetType=comment&limit=100', { token: admin.token });
    expect(resolved.body.data.items.find((r: { id: number }) => r.id === commentReport.id)).toMatchObject({
      status: 'resolved',
      resolvedBy: admin.id,
      target: { deleted: true },
    });

    const dismissed = await t.api.patch(`/api/v1/admin/reports/${postReport.id}`, {
      token: admin.token,
      body: { status: 'dismissed', resolution: '문제 없음' },
    });
    expect(dismissed.body.data).toMatchObject({ status: 'dismissed', resolution: '문제 없음', resolvedBy: admin.id });
    expect((await t.api.patch(`/api/v1/admin/reports/${postReport.id}`, { token: admin.token, body: { status: 'resolved' } })).status).toBe(409);
    expect((await t.api.patch('/api/v1/admin/reports/999999999', { token: admin.token, body: { status: 'resolved' } })).status).toBe(404);
    expect((await t.api.patch(`/api/v1/admin/reports/${postReport.id}`, { token: admin.token, body: { status: 'pending' } })).status).toBe(400);

    const again = (await t.api.post(`${POSTS}/${post.id}/report`, { token: admin.token, body: { reason: 'hate' } })).body.data;
    const removed = await t.api.patch(`/api/v1/admin/reports/${again.id}`, { token: admin.token, body: { status: 'resolved', removeContent: true } });
    expect(removed.body.data).toMatchObject({ status: 'resolved', target: { deleted: true } });
    expect((await t.api.get(`${POSTS}/${post.id}`, { token: writer.token })).status).toBe(404);
    expect((await t.api.delete(`/api/v1/admin/posts/${post.id}`, { token: admin.token })).status).toBe(404);
    expect((await t.api.delete('/api/v1/admin/posts/abc', { token: admin.token })).status).toBe(400);
  });
});

describe('MindPause admin stats', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('mindpause');
  });
  afterAll(async () => t?.close());

  it('counts users, suspensions, daily actives per Seoul day, posts, comments and reports of a fixed data set', async () => {
    const admin = await account(t, ['ADMIN'], '관리자');
    const [a, b, c] = await Promise.all([account(t), account(t), account(t)]);
    const p1 = (await t.api.post(POSTS, { token: a.token, body: { category: 'daily', title: '1', content: '1' } })).body.data;
    const p2 = (await t.api.post(POSTS, { token: b.token, body: { category: 'daily', title: '2', content: '2' } })).body.data;
    await t.api.post(`${POSTS}/${p1.id}/comments`, { token: b.token, body: { content: 'c1' } });
    await t.api.post(`${POSTS}/${p1.id}/comments`, { token: a.token, body: { content: 'c2' } });
    await t.api.post(`${POSTS}/${p2.id}/report`, { token: a.token, body: { reason: 'spam' } });
    await t.api.delete(`${POSTS}/${p2.id}`, { token: b.token });
    await t.api.patch(`/api/v1/admin/users/${c.id}/suspend`, { token: admin.token, body: { reason: '테스트' } });

    // Earlier days, as if they had been active then. c only signed in today (no request with a token): not active.
    const today = seoulToday();
    const { db } = t.stores.database;
    await db.insert(userActivityDays).values([
      { userId: a.id, day: addDays(today, -1) },
      { userId: b.id, day: addDays(today, -1) },
      { userId: a.id, day: addDays(today, -6) },
      { userId: b.id, day: addDays(today, -20) },
      { userId: c.id, day: addDays(today, -40) },
    ]);

    const res = await t.api.get('/api/v1/admin/stats', { token: admin.token });
    expect(res.status).toBe(200);
    const stats = res.body.data;
    expect(stats.users).toEqual({ total: 4, suspended: 1 });
    expect(stats.posts).toBe(1);
    expect(stats.comments).toBe(2);
    expect(stats.pendingReports).toBe(1);
    expect(stats.moodRecords).toBe(0);
    expect([stats.aiMessages, stats.flaggedConversations]).toEqual([0, 0]);
    const last7 = stats.dailyActiveUsers.last7Days;
    expect(last7).toHaveLength(7);
    expect(last7.at(-1)).toEqual({ date: today, activeUsers: 3 }); // admin, a and b
    expect(last7.at(-2)).toEqual({ date: addDays(today, -1), activeUsers: 2 });
    expect(last7[0]).toEqual({ date: addDays(today, -6), activeUsers: 1 });
    expect(stats.dailyActiveUsers.last30Days).toHaveLength(30);
    expect(stats.dailyActiveUsers.last30Days.find((d: { date: string }) => d.date === addDays(today, -20)).activeUsers).toBe(1);
    expect(stats.activeUsers).toEqual({ last7Days: 3, last30Days: 3 });
  });
});
