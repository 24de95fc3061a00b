import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushErrorReports } from '../../src/platform/monitoring/error-reporting';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { type FakeSentry, startFakeSentry } from '../support/sentry';
import { eventually } from '../support/sockets';

// The real @sentry/node SDK, pointed at a local ingest server: what reaches it is what would reach Sentry.
describe('error reports to Sentry (SENTRY_DSN)', () => {
  let sentry: FakeSentry;
  let t: TestApp;
  beforeAll(async () => {
    sentry = await startFakeSentry();
    t = await startTestApp('fitmate', { SENTRY_DSN: sentry.dsn, SENTRY_RELEASE: 'madang@test-release', SENTRY_ENVIRONMENT: 'staging' });
  });
  afterAll(async () => {
    await t?.close();
    await sentry?.close();
  });

  it('sends a thrown error with the route, the request id, the release and environment, and the user id only', async () => {
    const email = uniqueEmail('sentry');
    const signUp = await t.api.post('/api/auth/register', { body: { email, password: 'sentry-test-2024', name: '센트리', phoneNumber: '010-1234-5678' } });
    expect(signUp.status).toBe(201);
    const { accessToken, refreshToken, user } = signUp.body.data;
    // A real fault below a route: the table it reads is gone.
    await t.stores.database.db.execute(sql`alter table fitmate.workout_goals rename to goals_gone`);
    const failed = await t.api.get('/api/goals?status=ACTIVE', {
      token: accessToken,
      headers: { cookie: 'session=cookie-secret-2', 'x-request-id': 'req-sentry-1', 'user-agent': 'sentry-test/1.0' },
    });
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ success: false, error: { code: 'INTERNAL_ERROR' } });
    await flushErrorReports();
    await eventually(() => sentry.events().some((e) => e.tags?.request_id === 'req-sentry-1'), 10_000);
    const event = sentry.events().find((e) => e.tags?.request_id === 'req-sentry-1');

    expect(event).toMatchObject({
      level: 'error',
      release: 'madang@test-release',
      environment: 'staging',
      tags: { app: 'fitmate', route: '/api/goals', request_id: 'req-sentry-1' },
      user: { id: String(user.id) },
      request: { method: 'GET', url: '/api/goals', headers: { 'user-agent': 'sentry-test/1.0', 'x-request-id': 'req-sentry-1' } },
    });
    expect(Object.keys(event.user)).toEqual(['id']);
    expect(Object.keys(event.request.headers).sort()).toEqual(['accept-language', 'host', 'user-agent', 'x-request-id']);
    expect(event.exception.values.at(-1).value).toMatch(/goals/);
    expect(event.exception.values.some((v: { stacktrace?: { frames: unknown[] } }) => (v.stacktrace?.frames.length ?? 0) > 0)).toBe(true);

    const raw = sentry.envelopes.map((e) => e.raw).join('\n');
    // The query string stays out (a value there may be private), as do headers with credentials.
    expect(raw).not.toContain('status=ACTIVE');
    for (const secret of [email, accessToken, refreshToken, 'cookie-secret-2', '010-1234-5678', '+821012345678', 'sentry-test-2024'])
      expect(raw).not.toContain(secret);
    expect(raw).not.toMatch(/authorization|cookie/i);
    await t.stores.database.db.execute(sql`alter table fitmate.goals_gone rename to workout_goals`);
  });

  it('keeps the values of a failed statement out of the report (an email in a sign-in query)', async () => {
    const email = uniqueEmail('statement');
    await t.stores.database.db.execute(sql`alter table fitmate.users rename to users_gone`);
    const failed = await t.api.post('/api/auth/login', { body: { email, password: 'whatever-2024' }, headers: { 'x-request-id': 'req-sentry-2' } });
    await t.stores.database.db.execute(sql`alter table fitmate.users_gone rename to users`);
    expect(failed.status).toBe(500);
    await flushErrorReports();
    await eventually(() => sentry.events().some((e) => e.tags?.request_id === 'req-sentry-2'), 10_000);
    const event = sentry.events().find((e) => e.tags?.request_id === 'req-sentry-2');
    expect(event.user).toBeUndefined();
    expect(JSON.stringify(event)).toMatch(/params: \[removed\]/);
    const raw = sentry.envelopes.map((e) => e.raw).join('\n');
    expect(raw).not.toContain(email);
    expect(raw).not.toContain('whatever-2024');
  });

  it('sends nothing for the client’s own mistakes (4xx)', async () => {
    const before = sentry.events().length;
    expect((await t.api.get('/api/goals', { headers: { 'x-request-id': 'req-sentry-3' } })).status).toBe(401);
    expect((await t.api.post('/api/auth/login', { raw: '{bad json', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    await flushErrorReports();
    expect(sentry.events().length).toBe(before);
  });
});
