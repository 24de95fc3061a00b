import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../src/platform/logger';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';

describe('structured logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate', { LOG_LEVEL: 'debug' });
  });
  afterAll(() => t.close());

  it('log each request with its id and never a password, token or code', async () => {
    const password = 'log-secret-pass-7';
    const reg = await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password, name: 'log' }, headers: { 'x-request-id': 'trace-me-1' } });
    const { accessToken, refreshToken } = reg.body.data;
    await t.api.get('/api/auth/me', { token: accessToken, headers: { cookie: 'session=cookie-secret' } });
    await t.api.post('/api/auth/refresh', { body: { refreshToken } });
    await t.api.get('/login/oauth2/code/google?code=oauth-code-secret&state=state-secret');

    const text = JSON.stringify(t.logs);
    for (const secret of [password, accessToken, refreshToken, 'cookie-secret', 'oauth-code-secret', 'state-secret']) expect(text).not.toContain(secret);
    // One line per request, written when it is answered, with what was asked and what came back.
    const lines = t.logs.filter((line) => line.reqId === 'trace-me-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', req: { method: 'POST', url: '/api/auth/register' }, res: { statusCode: 201 }, app: 'fitmate' });
    expect(lines[0]!.responseTime).toEqual(expect.any(Number));
    expect(t.logs.some((line) => typeof line.req === 'object' && String((line.req as { url: string }).url).includes('code=[REDACTED]'))).toBe(true);
  });

  it('leave health checks and metrics scrapes out', async () => {
    for (const [path, id] of [
      ['/health', 'probe-1'],
      ['/api/health/db', 'probe-2'],
      ['/metrics', 'probe-3'],
      ['/api/exercises/categories', 'not-a-probe'],
    ] as const) {
      expect((await t.api.get(path, { headers: { 'x-request-id': id } })).status).toBe(200);
    }
    expect(t.logs.filter((line) => String(line.reqId).startsWith('probe-'))).toEqual([]);
    expect(t.logs.filter((line) => line.reqId === 'not-a-probe')).toHaveLength(1);
  });

  it('keeps failed SQL without its parameters', () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    logger.error({ err: new DrizzleQueryError('insert into users (password) values ($1)', ['$argon2id$secret-hash'], cause) }, 'failed');
    const logged = JSON.parse(lines[0]!);
    expect(logged.err).toMatchObject({
      message: 'duplicate key value violates unique constraint',
      code: '23505',
      query: 'insert into users (password) values ($1)',
    });
    expect(lines[0]).not.toContain('secret-hash');
  });

  it('blanks secret query parameters in URLs', () => {
    expect(redactUrl('/cb?code=abc&state=def&x=1&access_token=t#f')).toBe('/cb?code=[REDACTED]&state=[REDACTED]&x=1&access_token=[REDACTED]#f');
    expect(redactUrl('/files/avatars/a.webp?expires=99&signature=abc')).toBe('/files/avatars/a.webp?expires=99&signature=[REDACTED]');
  });
});
