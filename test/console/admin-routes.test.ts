import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { WEB_PAGE_CSP } from '../../src/platform/site/web';
import { TEST_SECRETS, type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { connect, connected, eventually, next } from '../support/sockets';

const PASSWORD = 'console-test-2024';
const PREFIX: Record<AppName, string> = { fitmate: '/api', mindpause: '/api/v1', mimo: '/api' };
const APP_ROUTES: Record<AppName, Array<[string, string]>> = {
  fitmate: [['get', '/api/admin/support/rooms']],
  mindpause: [
    ['get', '/api/v1/admin/reports'],
    ['get', '/api/v1/admin/flagged-conversations'],
  ],
  mimo: [
    ['get', '/api/admin/cameras'],
    ['get', '/api/admin/cameras/stats'],
  ],
};
const SECTIONS: Record<AppName, string[]> = { fitmate: ['support'], mindpause: ['reports', 'flags'], mimo: ['cameras'] };

/** The envelope of the app: `{success}` for FitMate and MindPause, `{ok}` and E_ codes for MIMO. */
const succeeded = (body: any) => body.success === true || body.ok === true;
const code = (app: AppName, name: string) => (app === 'mimo' ? `E_${name.replace(/_ERROR$/, '')}` : name);

describe.each(['fitmate', 'mindpause', 'mimo'] as const)('%s: the landing page, the console and the platform admin API', (app) => {
  let t: TestApp;
  const prefix = PREFIX[app];
  const person = async (roles: string[], name = '관리 대상') => {
    const email = uniqueEmail(`${app}-${roles[0]!.toLowerCase()}`);
    const id = await t.app.identity.createUser({ email, password: PASSWORD, name, roles });
    const login = await t.api.post(`${prefix}/auth/login`, { body: { email, password: PASSWORD } });
    if (login.status !== 200) throw new Error(login.text);
    return { id, email, token: login.body.data.accessToken as string };
  };
  let admin: Awaited<ReturnType<typeof person>>;
  let user: Awaited<ReturnType<typeof person>>;

  beforeAll(async () => {
    t = await startTestApp(app, { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '1s' });
    [admin, user] = await Promise.all([person(['ADMIN'], '운영자'), person(['USER'])]);
  });
  afterAll(async () => t?.close());

  it('answers / with what the app is and how it runs, /status likewise as JSON, and never a secret', async () => {
    const landing = await t.api.get('/');
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toContain('text/html');
    expect(landing.headers.get('content-security-policy')).toBe(WEB_PAGE_CSP);
    expect(landing.text).toContain('href="/console"');
    expect(landing.text).toContain('href="/docs"');
    expect(landing.text).toMatch(/데이터베이스.*(PGlite|PostgreSQL).*정상/s);

    const status = await t.api.get('/status');
    expect(status.status).toBe(200);
    expect(succeeded(status.body)).toBe(true);
    const info = status.body.data;
    expect(info).toMatchObject({ app, apiPrefix: prefix, envelope: app === 'mimo' ? 'mimo' : 'standard', env: 'test', docs: '/docs' });
    expect(info.status.database).toMatchObject({ driver: t.stores.database.driver, status: 'up' });
    expect(info.status.cache).toMatchObject({ driver: t.stores.cache.driver, status: 'up' });
    expect(info.status.channels).toEqual({ sms: 'recording', email: 'recording', push: 'vapid-generated' });
    expect(info.status.jobs.running).toBe(true);
    expect(info.status.jobs.kinds).toBe(t.app.jobs.names().length);
    expect(info.console.sections).toEqual(['overview', 'users', 'jobs', 'notifications', 'sms', ...SECTIONS[app]]);
    expect(info.apps.map((a: { name: string }) => a.name)).toEqual(['fitmate', 'mindpause', 'mimo']);
    expect(landing.text).toContain(info.displayName);
    for (const secret of [TEST_SECRETS.JWT_SECRET, TEST_SECRETS.APP_SECRET, t.stores.databaseUrl, t.stores.env.REDIS_URL].filter(Boolean)) {
      expect(landing.text).not.toContain(secret);
      expect(status.text).not.toContain(secret);
    }
  });

  it('serves the console and the page for people from the build, under a CSP of this origin only', async () => {
    const console = await t.api.get('/console');
    expect(console.status).toBe(200);
    expect(console.headers.get('content-security-policy')).toBe(WEB_PAGE_CSP);
    const script = /src="(\/web\/assets\/console-[\w-]+\.js)"/.exec(console.text)?.[1];
    expect(script).toBeDefined();
    const asset = await t.api.get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await t.api.get('/web/assets/missing.js')).status).toBe(404);
    expect((await t.api.get('/web/console.html')).status).toBe(404);
    expect((await t.api.get('/web/../package.json')).status).toBe(404);
    expect((await t.api.get('/app')).status).toBe(app === 'mimo' ? 404 : 200);
  });

  it('keeps every admin route for ADMINs, in the app’s envelope and OpenAPI document', async () => {
    const routes: Array<[string, string]> = [
      ['get', `${prefix}/admin/users`],
      ['patch', `${prefix}/admin/users/${user.id}/suspend`],
      ['get', `${prefix}/admin/notifications/stats`],
      ['get', `${prefix}/admin/sms`],
      ['get', `${prefix}/admin/sms/statistics`],
      ['get', `${prefix}/admin/realtime`],
      ['get', `${prefix}/admin/jobs`],
      ['get', `${prefix}/admin/jobs/failed`],
      ['post', `${prefix}/admin/jobs/sms.send/00000000-0000-4000-8000-000000000000/retry`],
      ...APP_ROUTES[app],
    ];
    const openapi = (await t.api.get('/docs/json')).body;
    for (const [method, path] of routes) {
      const call = (t.api as unknown as Record<string, (p: string, o?: object) => Promise<{ status: number; body: any }>>)[method]!;
      const body = method === 'get' ? undefined : {};
      const anonymous = await call(path, { body });
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body.error.code, path).toBe(code(app, 'UNAUTHORIZED'));
      const refused = await call(path, { token: user.token, body });
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code, path).toBe(code(app, 'FORBIDDEN'));
      if (method === 'get') {
        const answer = await call(path, { token: admin.token });
        expect(answer.status, path).toBe(200);
        expect(succeeded(answer.body), path).toBe(true);
      }
      const documented = path.replace(/\/\d+\//, '/{id}/').replace(/\/sms\.send\/[\w-]+\//, '/{name}/{id}/');
      expect(openapi.paths[documented]?.[method], documented).toBeDefined();
    }
  });

  it('refuses bad input with a 400 naming it, never a 500', async () => {
    const bad = [
      `${prefix}/admin/users?page=0`,
      `${prefix}/admin/users?limit=1000`,
      `${prefix}/admin/users?status=frozen`,
      `${prefix}/admin/users?role=KING`,
      `${prefix}/admin/notifications/stats?days=0`,
      `${prefix}/admin/notifications/stats?days=abc`,
      `${prefix}/admin/sms?phoneNumber=12345`,
      `${prefix}/admin/sms?status=lost`,
      `${prefix}/admin/sms/statistics?startDate=2024-02-30`,
      `${prefix}/admin/sms/statistics?startDate=2020-01-01&endDate=2024-01-01`,
      `${prefix}/admin/jobs/failed?name=${'x'.repeat(101)}`,
    ];
    for (const path of bad) {
      const res = await t.api.get(path, { token: admin.token });
      expect(res.status, path).toBe(400);
      expect(succeeded(res.body), path).toBe(false);
    }
    const retry = await t.api.post(`${prefix}/admin/jobs/sms.send/not-a-uuid/retry`, { token: admin.token });
    expect(retry.status).toBe(400);
    const suspend = (id: number, body: unknown) => t.api.patch(`${prefix}/admin/users/${id}/suspend`, { token: admin.token, body });
    expect((await suspend(user.id, {})).status).toBe(400);
    expect((await suspend(user.id, { reason: '사유', endsAt: '2001-01-01T00:00:00Z' })).status).toBe(400);
    expect((await suspend(user.id, { reason: 'a\u0000b' })).status).toBe(400);
    expect((await suspend(user.id, { reason: '사유', extra: true })).status).toBe(400);
    expect((await suspend(admin.id, { reason: '나 자신' })).status).toBe(400);
    expect((await suspend(999_999_999, { reason: '없음' })).status).toBe(404);
    const malformed = await t.api.patch(`${prefix}/admin/users/${user.id}/suspend`, {
      token: admin.token,
      raw: '{"reason":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });

  it('finds users by email, name or role, with their sessions and sockets; a suspension cuts their socket at once', async () => {
    const target = await person(['USER'], '소켓주인');
    const socket = await connected(connect(t, target.token));
    const found = await t.api.get(`${prefix}/admin/users?q=${encodeURIComponent(target.email)}`, { token: admin.token });
    expect(found.body.data.items).toEqual([
      expect.objectContaining({ id: target.id, roles: ['USER'], isActive: true, suspension: null, openSessions: 1, online: true }),
    ]);
    const admins = await t.api.get(`${prefix}/admin/users?role=ADMIN&limit=100`, { token: admin.token });
    expect(admins.body.data.items.map((u: { id: number }) => u.id)).toEqual([admin.id]);

    const ended = next<{ code: string; message: string }>(socket, 'auth:ended', 10_000);
    const gone = next<string>(socket, 'disconnect', 10_000);
    const res = await t.api.patch(`${prefix}/admin/users/${target.id}/suspend`, {
      token: admin.token,
      body: { reason: '도배', endsAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: target.id, isActive: false, suspension: { reason: '도배', suspendedBy: admin.id }, openSessions: 0 });
    expect((await ended).code).toMatch(/^(E_)?ACCOUNT_SUSPENDED$/);
    expect(await gone).toBe('io server disconnect');
    expect(
      (await t.api.get(`${prefix}/admin/users?status=suspended&limit=100`, { token: admin.token })).body.data.items.map((u: { id: number }) => u.id),
    ).toContain(target.id);
    expect((await t.api.post(`${prefix}/auth/login`, { body: { email: target.email, password: PASSWORD } })).status).toBe(403);

    const lifted = await t.api.patch(`${prefix}/admin/users/${target.id}/suspend`, { token: admin.token, body: { suspended: false } });
    expect(lifted.body.data).toMatchObject({ isActive: true, suspension: null });
    expect((await t.api.post(`${prefix}/auth/login`, { body: { email: target.email, password: PASSWORD } })).status).toBe(200);
    socket.close();
  });

  it('counts notifications per channel with delivery and read rates, and lists the SMS log with numbers masked', async () => {
    const before = (await t.api.get(`${prefix}/admin/notifications/stats?days=1`, { token: admin.token })).body.data;
    const reader = await person(['USER'], '읽는 사람');
    const type = app === 'fitmate' ? 'custom' : 'system';
    const first = await t.app.notifications.notify(reader.id, { type, title: '하나', message: '첫 알림' });
    await t.app.notifications.notify(reader.id, { type, title: '둘', message: '두 번째 알림' });
    await t.app.notifications.markRead(reader.id, first.id);
    const stats = (await t.api.get(`${prefix}/admin/notifications/stats?days=1`, { token: admin.token })).body.data;
    const appBefore = before.channels.find((c: { channel: string }) => c.channel === 'app');
    const appNow = stats.channels.find((c: { channel: string }) => c.channel === 'app');
    expect(appNow.total - appBefore.total).toBe(2);
    expect(appNow.byStatus.delivered - appBefore.byStatus.delivered).toBe(2);
    expect(appNow.deliveryRate).toBe(1);
    expect(stats.totals.notifications - before.totals.notifications).toBe(2);
    expect(stats.totals.read - before.totals.read).toBe(1);
    expect(stats.daily).toHaveLength(1);
    expect(stats.daily[0].notifications).toBe(stats.totals.notifications);

    await t.app.sms.send({ to: '010-7777-0001', message: '첫 문자', templateType: 'custom', userId: reader.id });
    await t.app.sms.send({ to: '010-7777-0002', message: '둘째 문자', templateType: 'custom' });
    await eventually(
      async () => (await t.api.get(`${prefix}/admin/sms?status=sent&limit=100`, { token: admin.token })).body.data.pagination.totalItems >= 2,
      30_000,
    );
    const one = await t.api.get(`${prefix}/admin/sms?phoneNumber=${encodeURIComponent('+821077770001')}`, { token: admin.token });
    expect(one.body.data.items).toEqual([
      expect.objectContaining({ phoneNumber: '+8210****0001', message: '첫 문자', status: 'sent', provider: 'recording', userId: reader.id }),
    ]);
    expect(one.text).not.toContain('+821077770001');
    const statistics = (await t.api.get(`${prefix}/admin/sms/statistics`, { token: admin.token })).body.data;
    expect(statistics.totals.sent).toBeGreaterThanOrEqual(2);
    expect(statistics.daily).toHaveLength(30);
  });

  it('shows the live counters of every app in the process', async () => {
    const socket = await connected(connect(t, user.token));
    const counters = (await t.api.get(`${prefix}/admin/realtime`, { token: admin.token })).body.data;
    const mine = counters.apps.find((c: { app: string }) => c.app === app);
    expect(mine.sockets).toBeGreaterThanOrEqual(1);
    expect(mine.users).toBeGreaterThanOrEqual(1);
    // An admin's socket hears them too; a user's may not.
    expect(await socket.timeout(5_000).emitWithAck('console:watch', {})).toMatchObject({ ok: false, error: { code: 'CONSOLE_ADMIN_ONLY' } });
    const watcher = await connected(connect(t, admin.token));
    const watched = await watcher.timeout(5_000).emitWithAck('console:watch', {});
    expect(watched.ok).toBe(true);
    expect(watched.data.apps.find((c: { app: string }) => c.app === app).sockets).toBeGreaterThanOrEqual(2);
    const pushed = await next<{ apps: Array<{ app: string; messagesPerMinute: number }> }>(watcher, 'console:counters', 10_000);
    expect(pushed.apps.find((c) => c.app === app)!.messagesPerMinute).toBeGreaterThanOrEqual(2);
    socket.close();
    watcher.close();
  });
});
