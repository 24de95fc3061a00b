import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';

// Every app has the admin's job routes under its own prefix and in its own envelope.
describe.each([
  { app: 'mindpause' as AppName, prefix: '/api/v1', ok: { success: true }, missing: { success: false, error: { code: 'NOT_FOUND' } } },
  { app: 'mimo' as AppName, prefix: '/api', ok: { ok: true }, missing: { ok: false, error: { code: 'E_NOT_FOUND' } } },
])('$app job routes', ({ app, prefix, ok, missing }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(app, { JOB_POLL_INTERVAL: '0.5s' });
  });
  afterAll(async () => {
    await t.close();
  });
  const signIn = async (roles: string[]) => {
    const email = uniqueEmail(app);
    await t.app.identity.createUser({ email, password: 'jobs-admin-2024', name: '관리자', roles });
    const login = await t.api.post(`${prefix}/auth/login`, { body: { email, password: 'jobs-admin-2024' } });
    return login.body.data.accessToken as string;
  };

  it('lets an ADMIN list the jobs and run the clean-up now, and no one else', async () => {
    const [admin, user] = [await signIn(['ADMIN']), await signIn(['USER'])];
    const list = await t.api.get(`${prefix}/admin/jobs`, { token: admin });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject(ok);
    expect(list.body.data.find((job: { name: string }) => job.name === 'cleanup.daily')).toMatchObject({ cron: '0 0 * * *', retryLimit: 3 });

    const run = await t.api.post(`${prefix}/admin/jobs/cleanup.daily/run`, { token: admin });
    expect(run.status).toBe(202);
    expect(await t.app.jobs.wait('cleanup.daily', run.body.data.id, 20_000)).toBe('completed');
    const after = await t.api.get(`${prefix}/admin/jobs`, { token: admin });
    const cleanup = after.body.data.find((job: { name: string }) => job.name === 'cleanup.daily');
    expect(cleanup.counts.completed).toBeGreaterThanOrEqual(1);
    expect(cleanup.lastRuns[0]).toMatchObject({ id: run.body.data.id, state: 'completed', output: { notifications: 0, emailCodes: 0 } });

    expect((await t.api.get(`${prefix}/admin/jobs`, { token: user })).status).toBe(403);
    const unknown = await t.api.post(`${prefix}/admin/jobs/no-such-job/run`, { token: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject(missing);
  });
});
