import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { eventually } from '../support/sockets';

const PASSWORD = 'audit-trail-2024';

interface Entry {
  id: number;
  occurredAt: string;
  actorId: number | null;
  sessionId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  method: string | null;
  route: string | null;
  details: Record<string, unknown>;
}

const rowsOf = async <T>(t: TestApp, query: ReturnType<typeof sql>) => ((await t.stores.database.db.execute(query)) as unknown as { rows: T[] }).rows;

/** Signs a new user of `roles` in through the app's own login route. */
async function signIn(t: TestApp, prefix: string, roles: string[]) {
  const email = uniqueEmail('audit');
  const id = await t.app.identity.createUser({ email, password: PASSWORD, name: '감사', roles });
  const login = await t.api.post(`${prefix}/auth/login`, { body: { email, password: PASSWORD }, headers: { 'user-agent': 'audit-test/1.0' } });
  expect(login.status).toBe(200);
  return { id, email, token: login.body.data.accessToken as string };
}

async function auditLog(t: TestApp, prefix: string, token: string, query: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await t.api.get(`${prefix}/admin/audit-log?${qs}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body.data as { items: Entry[]; pagination: { page: number; limit: number; totalItems: number; totalPages: number } };
}

describe.each([
  { app: 'fitmate' as AppName, prefix: '/api' },
  { app: 'mindpause' as AppName, prefix: '/api/v1' },
  { app: 'mimo' as AppName, prefix: '/api' },
])('$app audit log', ({ app, prefix }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(app, { JOB_POLL_INTERVAL: '0.5s', AUDIT_LOG_RETENTION: '30d' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records sign-ins and refused sign-ins with the account, address and agent, never the address typed or the password', async () => {
    const admin = await signIn(t, prefix, ['ADMIN']);
    const user = await signIn(t, prefix, ['USER']);
    const wrong = await t.api.post(`${prefix}/auth/login`, { body: { email: user.email, password: 'not-the-password-1' } });
    expect(wrong.status).toBe(401);
    const stranger = uniqueEmail('nobody');
    expect((await t.api.post(`${prefix}/auth/login`, { body: { email: stranger, password: 'guessing-123' } })).status).toBe(401);

    const signIns = await auditLog(t, prefix, admin.token, { action: 'auth.login', targetType: 'user', targetId: user.id });
    expect(signIns.items).toHaveLength(1);
    expect(signIns.items[0]).toMatchObject({
      actorId: user.id,
      action: 'auth.login',
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      method: 'POST',
      route: `${prefix}/auth/login`,
      details: { method: 'password' },
    });
    expect(signIns.items[0]!.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(signIns.items[0]!.requestId).toBeTruthy();

    const failed = await auditLog(t, prefix, admin.token, { action: 'auth.login_failed' });
    expect(failed.items.find((e) => e.targetId === String(user.id))).toMatchObject({
      actorId: null,
      targetType: 'user',
      details: { method: 'password', reason: 'wrong_password' },
    });
    expect(failed.items.find((e) => e.details.reason === 'unknown_account')).toMatchObject({ actorId: null, targetType: null, targetId: null });

    const stored = JSON.stringify(await rowsOf(t, sql.raw(`select * from ${app}.audit_log`)));
    for (const secret of [PASSWORD, 'not-the-password-1', 'guessing-123', stranger, user.email, admin.token]) expect(stored).not.toContain(secret);
  });

  it('changes roles only through the audited admin route, and audits every other admin change generically', async () => {
    const admin = await signIn(t, prefix, ['ADMIN']);
    const user = await signIn(t, prefix, ['USER']);
    expect((await t.api.get(`${prefix}/admin/audit-log`, { token: user.token })).status).toBe(403);

    const promoted = await t.api.put(`${prefix}/admin/users/${user.id}/roles`, { token: admin.token, body: { roles: ['USER', 'ADMIN'] } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data).toEqual({ id: user.id, roles: ['USER', 'ADMIN'] });
    // The promoted user's own token opens the admin routes once the session check is renewed.
    await eventually(async () => (await t.api.get(`${prefix}/admin/audit-log`, { token: user.token })).status === 200, 10_000);
    const [change] = (await auditLog(t, prefix, admin.token, { action: 'user.roles_changed', targetId: user.id })).items;
    expect(change).toMatchObject({ actorId: admin.id, targetType: 'user', details: { from: ['USER'], to: ['USER', 'ADMIN'] } });
    // Written by the route itself, so the router added no generic entry for the same request.
    expect((await auditLog(t, prefix, admin.token, { action: 'admin.request', targetType: 'user', targetId: user.id })).items).toEqual([]);

    const selfDemotion = await t.api.put(`${prefix}/admin/users/${admin.id}/roles`, { token: admin.token, body: { roles: ['USER'] } });
    expect(selfDemotion.status).toBe(400);
    expect((await t.api.put(`${prefix}/admin/users/${user.id}/roles`, { token: admin.token, body: { roles: ['OWNER'] } })).status).toBe(400);
    expect((await t.api.put(`${prefix}/admin/users/999999999/roles`, { token: admin.token, body: { roles: ['USER'] } })).status).toBe(404);

    // An admin route that writes no entry of its own (running a job) gets the router's.
    const run = await t.api.post(`${prefix}/admin/jobs/cleanup.daily/run`, { token: admin.token });
    expect(run.status).toBe(202);
    const [generic] = (await auditLog(t, prefix, admin.token, { action: 'admin.*', actorId: admin.id })).items;
    expect(generic).toMatchObject({
      action: 'admin.request',
      actorId: admin.id,
      targetType: 'job',
      targetId: 'cleanup.daily',
      method: 'POST',
      route: `${prefix}/admin/jobs/:name/run`,
      details: { params: { name: 'cleanup.daily' } },
    });
    // Reading is not a change: listing jobs writes nothing.
    expect((await t.api.get(`${prefix}/admin/jobs`, { token: admin.token })).status).toBe(200);
    expect((await auditLog(t, prefix, admin.token, { actorId: admin.id, action: 'admin.request' })).items).toHaveLength(1);
  });

  it('filters by actor, action, area, target and time, pages, refuses bad filters, and is in the OpenAPI document', async () => {
    const admin = await signIn(t, prefix, ['ADMIN']);
    const since = new Date().toISOString();
    const user = await signIn(t, prefix, ['USER']);
    for (let i = 0; i < 3; i++) await t.api.post(`${prefix}/auth/login`, { body: { email: user.email, password: `wrong-guess-${i}` } });

    const mine = await auditLog(t, prefix, admin.token, { targetType: 'user', targetId: user.id, from: since, limit: 2 });
    expect(mine.pagination).toMatchObject({ page: 1, limit: 2, totalItems: 4, totalPages: 2 });
    const second = await auditLog(t, prefix, admin.token, { targetType: 'user', targetId: user.id, from: since, limit: 2, page: 2 });
    const all = [...mine.items, ...second.items];
    // Newest first: the three refusals, then the sign-in.
    expect(all.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login']);
    expect(new Set(all.map((e) => e.id)).size).toBe(4);
    expect((await auditLog(t, prefix, admin.token, { actorId: user.id, action: 'auth.*' })).items.map((e) => e.action)).toEqual(['auth.login']);
    expect((await auditLog(t, prefix, admin.token, { targetId: user.id, to: since })).items).toEqual([]);

    for (const bad of ['actorId=abc', 'action=DROP%20TABLE', 'from=yesterday', 'limit=1000', 'unknown=1']) {
      expect((await t.api.get(`${prefix}/admin/audit-log?${bad}`, { token: admin.token })).status, bad).toBe(400);
    }
    const docs = await t.api.get('/docs/json');
    const operation = docs.body.paths[`${prefix}/admin/audit-log`].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['actorId', 'action', 'targetType', 'targetId', 'from', 'to', 'page', 'limit']),
    );
    expect(docs.body.paths[`${prefix}/admin/users/{id}/roles`].put).toBeDefined();
  });

  it('is append-only in the database; the nightly clean-up removes only entries past AUDIT_LOG_RETENTION', async () => {
    const admin = await signIn(t, prefix, ['ADMIN']);
    const table = `${app}.audit_log`;
    await t.stores.database.db.execute(
      sql.raw(
        `insert into ${table} (action, occurred_at, details) values ('test.old', now() - interval '31 days', '{}'), ('test.recent', now() - interval '29 days', '{}')`,
      ),
    );
    for (const statement of [`update ${table} set action = 'forged'`, `delete from ${table} where action = 'test.old'`, `truncate ${table}`]) {
      await expect(t.stores.database.db.execute(sql.raw(statement)), statement).rejects.toThrow();
    }
    expect(await rowsOf(t, sql.raw(`select action from ${table} where action like 'test.%' order by action`))).toEqual([
      { action: 'test.old' },
      { action: 'test.recent' },
    ]);

    const run = await t.api.post(`${prefix}/admin/jobs/cleanup.daily/run`, { token: admin.token });
    expect(await t.app.jobs.wait('cleanup.daily', run.body.data.id, 20_000)).toBe('completed');
    expect(await rowsOf(t, sql.raw(`select action from ${table} where action like 'test.%'`))).toEqual([{ action: 'test.recent' }]);
    const summary = (await t.api.get(`${prefix}/admin/jobs`, { token: admin.token })).body.data.find((job: { name: string }) => job.name === 'cleanup.daily');
    expect(summary.lastRuns[0].output.auditLog).toBeGreaterThanOrEqual(1);
    // Outside the clean-up's transaction the guard is back on.
    await expect(t.stores.database.db.execute(sql.raw(`delete from ${table} where action = 'test.recent'`))).rejects.toThrow();
  });
});

describe('MindPause: passwords, suspension and deletion are audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mindpause');
  });
  afterAll(async () => {
    await t?.close();
  });

  const latestCode = async (email: string) => {
    const [mail] = await rowsOf<{ text_body: string }>(
      t,
      sql`select text_body from mindpause.email_messages where to_address = ${email} order by id desc limit 1`,
    );
    return /\b(\d{6})\b/.exec(mail!.text_body)![1]!;
  };

  it('writes password change and reset, suspension with its reason and lifting, and deletion', async () => {
    const admin = await signIn(t, '/api/v1', ['ADMIN']);
    const user = await signIn(t, '/api/v1', ['USER']);
    const changed = await t.api.patch('/api/v1/users/me/password', { token: user.token, body: { currentPassword: PASSWORD, newPassword: 'second-secret-22' } });
    expect(changed.status).toBe(200);
    expect((await t.api.post('/api/v1/auth/forgot-password', { body: { email: user.email } })).status).toBe(200);
    await eventually(async () => (await rowsOf(t, sql`select 1 from mindpause.email_messages where to_address = ${user.email}`)).length > 0);
    const code = await latestCode(user.email);
    expect((await t.api.post('/api/v1/auth/reset-password', { body: { email: user.email, code, newPassword: 'third-secret-33' } })).status).toBe(200);

    const suspend = await t.api.patch(`/api/v1/admin/users/${user.id}/suspend`, { token: admin.token, body: { suspended: true, reason: '스팸 게시' } });
    expect(suspend.status).toBe(200);
    expect((await t.api.post('/api/v1/auth/login', { body: { email: user.email, password: 'third-secret-33' } })).status).toBe(403);
    expect((await t.api.patch(`/api/v1/admin/users/${user.id}/suspend`, { token: admin.token, body: { suspended: false } })).status).toBe(200);
    const login = await t.api.post('/api/v1/auth/login', { body: { email: user.email, password: 'third-secret-33' } });
    const removed = await t.api.delete('/api/v1/users/me', { token: login.body.data.accessToken, body: { password: 'third-secret-33' } });
    expect(removed.status).toBe(200);

    const trail = (await auditLog(t, '/api/v1', admin.token, { targetType: 'user', targetId: user.id, limit: 100 })).items.reverse();
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['auth.login', user.id],
      ['auth.password_changed', user.id],
      ['auth.password_reset', user.id],
      ['user.suspended', admin.id],
      ['auth.login_failed', null],
      ['user.unsuspended', admin.id],
      ['auth.login', user.id],
      ['user.deleted', user.id],
    ]);
    expect(trail[3]!.details).toEqual({ reason: '스팸 게시', endsAt: null });
    expect(trail[4]!.details).toEqual({ method: 'password', reason: 'suspended' });
    // The suspension route audited itself; no second, generic entry for it.
    expect((await auditLog(t, '/api/v1', admin.token, { action: 'admin.request', actorId: admin.id })).items).toEqual([]);
    const stored = JSON.stringify(await rowsOf(t, sql`select * from mindpause.audit_log`));
    for (const secret of ['second-secret-22', 'third-secret-33', code, user.email]) expect(stored).not.toContain(secret);
    // The entries outlive the account they are about.
    expect((await rowsOf(t, sql`select 1 from mindpause.users where id = ${user.id}`)).length).toBe(0);
  });
});

describe('MIMO: sharing a camera and ending the share, and exporting data, are audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mimo');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes the code made, the code spent, the viewer removed and the viewer leaving, and the settings export', async () => {
    const admin = await signIn(t, '/api', ['ADMIN']);
    const owner = await signIn(t, '/api', ['USER']);
    const viewer = await signIn(t, '/api', ['USER']);
    const registered = await t.api.post('/api/cameras', { token: owner.token, body: { name: '현관', deviceId: `audit-${Date.now()}` } });
    const cameraId = registered.body.data.camera.id as number;

    const share = async () => {
      const generated = await t.api.post('/api/qr/generate', { token: owner.token, body: { cameraId } });
      expect(generated.status).toBe(201);
      const established = await t.api.post('/api/connection/establish', { token: viewer.token, body: { pin: generated.body.data.pin } });
      expect(established.status).toBe(200);
      return generated.body.data.pin as string;
    };
    const pin = await share();
    expect((await t.api.delete(`/api/connection/${cameraId}/viewers/${viewer.id}`, { token: owner.token })).status).toBe(200);
    await share();
    expect((await t.api.delete(`/api/connection/${cameraId}`, { token: viewer.token })).status).toBe(200);
    expect((await t.api.post('/api/settings/export', { token: owner.token })).status).toBe(200);

    const trail = (await auditLog(t, '/api', admin.token, { targetType: 'camera', targetId: cameraId, limit: 100 })).items.reverse();
    expect(trail.map((e) => [e.action, e.actorId, e.details.viewerId ?? null])).toEqual([
      ['camera.share_code_created', owner.id, null],
      ['camera.shared', viewer.id, viewer.id],
      ['camera.share_revoked', owner.id, viewer.id],
      ['camera.share_code_created', owner.id, null],
      ['camera.shared', viewer.id, viewer.id],
      ['camera.share_left', viewer.id, viewer.id],
    ]);
    const [exported] = (await auditLog(t, '/api', admin.token, { action: 'data.exported' })).items;
    expect(exported).toMatchObject({ actorId: owner.id, targetType: 'user', targetId: String(owner.id), details: { kind: 'settings', cameras: 1 } });
    // Neither the PIN nor the device credential is kept.
    const stored = JSON.stringify(await rowsOf(t, sql`select * from mimo.audit_log`));
    expect(stored).not.toContain(pin);
    expect(stored).not.toContain(registered.body.data.deviceCredential);
  });
});

describe('FitMate: an ADMIN acting for another user through an ordinary route is audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes an entry when an ADMIN records another user’s body record, none for their own or a member’s own', async () => {
    const admin = await signIn(t, '/api', ['ADMIN']);
    const member = await signIn(t, '/api', ['USER']);
    const record = { measurementDate: '2024-05-01', weightKg: 71.5 };
    expect((await t.api.post(`/api/users/${member.id}/body-records`, { token: admin.token, body: record })).status).toBe(201);
    expect((await t.api.post(`/api/users/${admin.id}/body-records`, { token: admin.token, body: record })).status).toBe(201);
    expect((await t.api.post(`/api/users/${member.id}/body-records`, { token: member.token, body: { ...record, measurementDate: '2024-05-02' } })).status).toBe(
      201,
    );

    const entries = (await auditLog(t, '/api', admin.token, { action: 'admin.request' })).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: admin.id,
      targetType: 'user',
      targetId: String(member.id),
      method: 'POST',
      route: '/api/users/:userId/body-records',
      details: { body: { measurementDate: '2024-05-01', weightKg: 71.5 } },
    });
  });
});
