import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';

const LOGIN: Record<AppName, string> = { fitmate: '/api/auth/login', mindpause: '/api/v1/auth/login', mimo: '/api/auth/login' };
const PASSWORD = 'empty-body-1';

interface Operation {
  method: string;
  path: string;
  bodyRequired: boolean;
}

/** Every route that may take a body, from the app's own OpenAPI document, with whether it must (`requestBody.required`). */
function operations(doc: { paths: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, unknown> } }>> }): Operation[] {
  const found: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      found.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '1'), bodyRequired: op.requestBody?.required === true });
    }
  }
  return found;
}

// Some clients (the MIMO app's fetch helper) send `Content-Type: application/json` with an empty
// body on every POST. One platform rule: where the body is optional that reads as {}, where it is
// required it stays a 400. Walked over every route of every app, as an ADMIN so no role check
// answers before the body is read.
describe.each(['fitmate', 'mindpause', 'mimo'] as const)('an empty JSON body on every %s route', (name) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(name);
  });
  afterAll(() => t.close());

  it('reads as {} where the body is optional and is a 400 where it is required', async () => {
    const email = uniqueEmail('empty');
    await t.app.identity.createUser({ email, password: PASSWORD, name: '관리자', roles: ['ADMIN', 'USER'] });
    const login = async () => (await t.api.post(LOGIN[name], { body: { email, password: PASSWORD } })).body.data.accessToken as string;
    let token = await login();
    const routes = operations((await t.api.get('/docs/json')).body);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((r) => !r.bodyRequired)).toBe(true);
    expect(routes.some((r) => r.bodyRequired)).toBe(true);
    const send = (route: Operation) => t.api.request(route.method, route.path, { token, raw: '', headers: { 'content-type': 'application/json' } });
    const wrong: string[] = [];
    for (const route of routes) {
      let res = await send(route);
      // A route that ended the session (logout, password change) leaves the next ones to a new one.
      if (res.status === 401) {
        token = await login();
        res = await send(route);
      }
      const code: string = res.body?.error?.code ?? '';
      // Not read as a body at all (an upload route answering that it takes a file has read it).
      const unreadable = /(MALFORMED_JSON|UNSUPPORTED_MEDIA_TYPE)$/.test(code) || res.status >= 500;
      if (route.bodyRequired ? res.status !== 400 : unreadable) wrong.push(`${route.method} ${route.path} → ${res.status} ${code}`);
    }
    expect(wrong).toEqual([]);
  });
});
