import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';

describe('HTTP platform, FitMate envelope', () => {
  let fit: TestApp;
  beforeAll(async () => {
    fit = await startTestApp('fitmate', { CORS_ORIGINS: 'https://fitmate.example' });
  });
  afterAll(() => fit.close());

  it('answers success in the document envelope with a Korean message and a timestamp', async () => {
    const res = await fit.api.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: { status: 'ok' }, message: '요청이 성공적으로 처리되었습니다.' });
    expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
  });

  it('answers an unknown route with 404 in the envelope', async () => {
    const res = await fit.api.get('/api/nothing-here?x=1');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, error: { code: 'ROUTE_NOT_FOUND', details: null } });
    expect(res.body.error.message).toContain('/api/nothing-here');
    expect(res.body.error.message).not.toContain('x=1');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await fit.api.post('/api/auth/login', { raw: '{"email": "a@b.c", ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('answers a body over the limit with 413 in the envelope', async () => {
    const res = await fit.api.post('/api/auth/login', { body: { email: 'a@b.co', password: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await fit.api.post('/api/auth/login', { raw: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('names each bad field, in Korean by default and in English when asked', async () => {
    const body = { email: 'not-an-email', password: 123, name: '' };
    const ko = await fit.api.post('/api/auth/register', { body });
    expect(ko.status).toBe(400);
    expect(ko.body.error.code).toBe('VALIDATION_ERROR');
    const fields = ko.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
    expect(ko.body.error.message).toBe('입력값이 유효하지 않습니다.');
    expect(ko.body.error.details.find((d: { field: string }) => d.field === 'name').message).toBe('비어 있을 수 없습니다.');

    const en = await fit.api.post('/api/auth/register', { body, headers: { 'accept-language': 'en-US,en;q=0.9,ko;q=0.5' } });
    expect(en.body.error.message).toBe('The input is not valid.');
    expect(en.body.error.details.find((d: { field: string }) => d.field === 'email').message).toMatch(/email/i);
  });

  it('refuses a missing body naming it', async () => {
    const res = await fit.api.post('/api/auth/login');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body');
  });

  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const given = await fit.api.get('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fit.api.get('/health', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await fit.api.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows only the configured CORS origins', async () => {
    const allowed = await fit.api.request('OPTIONS', '/api/auth/login', {
      headers: { origin: 'https://fitmate.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://fitmate.example');
    const refused = await fit.api.request('OPTIONS', '/api/auth/login', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the OpenAPI document built from the route schemas, and its UI', async () => {
    const doc = await fit.api.get('/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const register = doc.body.paths['/api/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['email', 'password', 'name']));
    expect(doc.body.paths['/api/users/profile'].put.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.body.paths['/api/auth/me'].get.responses['200']).toBeDefined();
    const ui = await fit.api.get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('reports database and cache health with their latencies', async () => {
    const res = await fit.api.get('/api/health/db');
    expect(res.status).toBe(200);
    expect(res.body.data.database).toMatchObject({ status: 'up' });
    expect(res.body.data.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.body.data.cache).toMatchObject({ status: 'up' });
  });

  it('exposes Prometheus metrics per route pattern, never per raw URL', async () => {
    await fit.api.post('/api/auth/login', { body: { email: uniqueEmail(), password: 'whatever1' } });
    const res = await fit.api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/http_requests_total\{[^}]*route="\/api\/auth\/login"[^}]*status_code="401"[^}]*\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).not.toContain('nothing-here');
  });
});

describe('HTTP platform, MIMO envelope', () => {
  let mimo: TestApp;
  beforeAll(async () => {
    mimo = await startTestApp('mimo');
  });
  afterAll(() => mimo.close());

  it('answers success as {ok, data}', async () => {
    const res = await mimo.api.get('/health');
    expect(res.body).toEqual({ ok: true, data: { status: 'ok', uptimeSeconds: expect.any(Number) } });
  });

  it('spells errors with E_ codes', async () => {
    const missing = await mimo.api.get('/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'E_ROUTE_NOT_FOUND' } });
    const invalid = await mimo.api.post('/api/auth/login', { body: { email: 'x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('E_VALIDATION');
    expect(invalid.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
    const unauthorized = await mimo.api.get('/api/profile');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toEqual({ ok: false, error: { code: 'E_UNAUTHORIZED', message: '인증이 필요합니다.' } });
  });
});

describe('general rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('mindpause', { RATE_LIMIT_GENERAL: '3/minute' });
  });
  afterAll(() => app.close());

  it('allows the configured number of requests per IP, then 429 with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.api.get('/api/v1/users/me')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await app.api.get('/api/v1/users/me');
    expect(limited.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('does not count health checks', async () => {
    for (let i = 0; i < 5; i++) expect((await app.api.get('/health')).status).toBe(200);
  });
});

describe('general rate limit across two nodes sharing the stores', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp('fitmate', { RATE_LIMIT_GENERAL: '6/minute' });
    b = await startTestApp('fitmate', { RATE_LIMIT_GENERAL: '6/minute' }, { stores: a.stores });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

  it('counts a client’s requests on both nodes against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await a.api.get('/api/auth/me')).status);
    await settle();
    for (let i = 0; i < 3; i++) statuses.push((await b.api.get('/api/auth/me')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    expect((await b.api.get('/api/auth/me')).status).toBe(429);
    await settle();
    const fromA = await a.api.get('/api/auth/me');
    expect(fromA.status).toBe(429);
    expect(Number(fromA.headers.get('retry-after'))).toBeGreaterThan(50);
  });
});

describe('health when the database is gone', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('mimo');
  });
  afterAll(() => app.close());

  it('answers 503 naming the component that is down, without connection details', async () => {
    await app.stores.database.close();
    const res = await app.api.get('/api/health/db');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      ok: false,
      error: { code: 'E_SERVICE_UNAVAILABLE', details: { database: { status: 'down', error: 'unreachable' }, cache: { status: 'up' } } },
    });
    expect(res.text).not.toMatch(/postgres:|127\.0\.0\.1|madang_test/);
    expect((await app.api.get('/health')).status).toBe(200);
    // Liveness stays: restarting would not bring the database back. Readiness goes: send no traffic here.
    expect((await app.api.get('/health/live')).status).toBe(200);
    const ready = await app.api.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      ok: false,
      error: { code: 'E_SERVICE_UNAVAILABLE', details: { draining: false, database: { status: 'down' }, cache: { status: 'up' } } },
    });
  });

  it('answers other routes 503 with Retry-After, not 500, while the database cannot be reached', async () => {
    const res = await app.api.post('/api/auth/login', { body: { email: 'nobody@example.com', password: 'whatever-123' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({ ok: false, error: { code: 'E_SERVICE_UNAVAILABLE' } });
    expect(res.text).not.toMatch(/postgres:|127\.0\.0\.1|pool|PGlite/);
  });
});
