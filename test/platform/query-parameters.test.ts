import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { type TestStores, openTestStores } from '../support/stores';

const PASSWORD = 'query-test-2024';
const UNKNOWN = 'madangUnknownParam';

const ROLES: Record<AppName, string[]> = { fitmate: ['USER', 'ADMIN', 'TRAINER'], mindpause: ['USER', 'ADMIN'], mimo: ['USER', 'ADMIN'] };

interface OpenApiParameter {
  in: string;
  name: string;
  schema?: { type?: string; enum?: unknown[] };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
}

/** A value each path parameter accepts, from its schema in the document: the first of an enum, 1 for a number, else a word. */
function concretePath(path: string, parameters: OpenApiParameter[] = []): string {
  return path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    const value = schema?.enum?.[0] ?? (schema?.type === 'string' ? 'a1' : 1);
    return encodeURIComponent(String(value));
  });
}

/** OAuth providers call back with parameters of their own: those routes take any (see the last test). */
const PROVIDER_CALLBACK = /\/callback$|^\/login\/oauth2\/code\//;

/** The field errors of a failure, in either envelope (MIMO's or the standard one). */
const fieldsOf = (body: { error?: { details?: Array<{ field: string }> | null } }) => (body.error?.details ?? []).map((d) => d.field);

describe('unknown query parameters, on every GET route of every app', () => {
  let stores: TestStores;
  const apps = new Map<AppName, { t: TestApp; token: string }>();

  beforeAll(async () => {
    stores = await openTestStores();
    for (const name of ['fitmate', 'mindpause', 'mimo'] as const) {
      const t = await startTestApp(name, {}, { stores });
      const email = uniqueEmail(name);
      await t.app.identity.createUser({ email, password: PASSWORD, name: '관리자', roles: ROLES[name] });
      const login = await t.api.post(name === 'mindpause' ? '/api/v1/auth/login' : '/api/auth/login', { body: { email, password: PASSWORD } });
      apps.set(name, { t, token: login.body.data.accessToken });
    }
  }, 120_000);
  afterAll(async () => {
    for (const { t } of apps.values()) await t.close();
    await stores?.close();
  });

  it.each(['fitmate', 'mindpause', 'mimo'] as const)('%s refuses a parameter its route does not name, with 400 naming it', async (name) => {
    const { t, token } = apps.get(name)!;
    const doc = (await t.api.get<OpenApiDocument>('/docs/json')).body;
    const routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      operations.get && !PROVIDER_CALLBACK.test(path) ? [{ path, parameters: operations.get.parameters }] : [],
    );
    expect(routes.length).toBeGreaterThan(10);
    const refused: string[] = [];
    const wrong: string[] = [];
    for (const { path, parameters } of routes) {
      const url = `${concretePath(path, parameters)}?${UNKNOWN}=1`;
      const res = await t.api.get(url, { token });
      const ok = res.status === 400 && /VALIDATION/.test(res.body.error?.code) && fieldsOf(res.body).includes(UNKNOWN);
      (ok ? refused : wrong).push(`${path} → ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(refused.length).toBe(routes.length);
  });

  it('names every unknown parameter, in English when asked, and still takes the known ones', async () => {
    const { t } = apps.get('fitmate')!;
    const res = await t.api.get('/api/exercises?page=1&limit=5&colour=red&size=xl', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'colour', message: 'Unknown field: send only the fields this route takes.' },
      { field: 'size', message: 'Unknown field: send only the fields this route takes.' },
    ]);
    const known = await t.api.get('/api/exercises?page=1&limit=5');
    expect(known.status).toBe(200);
    expect(known.body.data.items).toHaveLength(5);
  });

  it('refuses unknown keys in the sign-up body of all three apps', async () => {
    const bodies: Record<AppName, { path: string; body: Record<string, unknown> }> = {
      fitmate: { path: '/api/auth/register', body: { email: uniqueEmail('fit'), password: 'Sign-up-2024', name: '홍길동' } },
      mindpause: { path: '/api/v1/auth/register', body: { email: uniqueEmail('mind'), password: 'Sign-up-2024', nickname: '마음이' } },
      mimo: {
        path: '/api/auth/register',
        body: {
          email: uniqueEmail('mimo'),
          password: 'Sign-up-2024',
          name: '홍길동',
          agreements: { terms: true, privacy: true, microphone: true, location: true },
        },
      },
    };
    for (const [name, { path, body }] of Object.entries(bodies) as Array<[AppName, (typeof bodies)[AppName]]>) {
      const { t } = apps.get(name)!;
      const refused = await t.api.post(path, { body: { ...body, role: 'ADMIN' } });
      expect(refused.status, name).toBe(400);
      expect(fieldsOf(refused.body), name).toEqual(['role']);
      const created = await t.api.post(path, { body });
      expect(created.status, `${name}: ${created.text}`).toBe(201);
    }
  });

  it('lets an OAuth provider add parameters of its own to the callback', async () => {
    const { t } = apps.get('mindpause')!;
    const res = await t.api.get('/api/v1/auth/google/callback?code=abc&scope=email&authuser=0&prompt=none');
    // Refused for the missing state, not for the parameters Google adds.
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('OAUTH_STATE_MISMATCH');
  });
});
