import fc from 'fast-check';

/** One operation of an app's OpenAPI document, as much of it as the fuzzer needs. */
export interface Operation {
  method: string;
  /** OpenAPI path: /api/workouts/{id} */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: JsonSchema }>;
  body?: JsonSchema;
  secured: boolean;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        security?: unknown[];
      }
    >
  >;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation the document describes. */
export function operationsOf(doc: OpenApi): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
        secured: Boolean(op.security?.length),
      });
    }
  }
  return operations;
}

/** What one fuzzed request is made of. */
export interface FuzzRequest {
  auth: 'attacker' | 'none';
  path: string;
  query: string;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
  deviceCredential?: string;
}

/** The other user's things: ids of rows they own, and a device credential shape naming their camera. */
export interface Victim {
  ids: number[];
}

const NUL = 'a\u0000b';
const huge = (n: number) => '가'.repeat(n);
/** `{"a":{"a":…}}` written as text: a value nested `levels` deep that no serializer has to walk. */
export const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** Values that are wrong for almost any field. */
const nasty = (victim: Victim) =>
  fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.constantFrom(2 ** 53, -(2 ** 63), 1e308, 0.5, Number.MAX_SAFE_INTEGER),
    fc.string({ maxLength: 20 }),
    fc.constantFrom(NUL, '\u0000', huge(20_000), ' ', '<script>alert(1)</script>', "' or 1=1 --", '../../etc/passwd', '\ud800', '9'.repeat(40)),
    fc.constantFrom(...victim.ids),
    fc.constant([]),
    fc.constant({}),
  );

/** A value for a field: of its own type most of the time, sometimes anything at all. */
export function valueFor(schema: JsonSchema | undefined, name: string, victim: Victim, depth = 0): fc.Arbitrary<unknown> {
  const wrong = nasty(victim);
  if (!schema || depth > 3) return wrong;
  const idLike = /id$|ids$/i.test(name);
  const types = [schema.type ?? (schema.properties ? 'object' : undefined)].flat().filter(Boolean) as string[];
  const own: Array<fc.Arbitrary<unknown>> = [];
  if (schema.enum?.length) own.push(fc.constantFrom(...schema.enum));
  for (const type of types) {
    if (type === 'string')
      own.push(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom(NUL, huge(50_000), new Date().toISOString(), '2024-02-30', 'https://example.com/a.png', 'http://tracker.example/p.gif'),
        ),
      );
    if (type === 'integer' || type === 'number')
      own.push(idLike ? fc.constantFrom(...victim.ids) : fc.oneof(fc.integer({ min: -10, max: 1_000 }), fc.constantFrom(...victim.ids)));
    if (type === 'boolean') own.push(fc.boolean());
    if (type === 'array') own.push(fc.array(valueFor(schema.items, name, victim, depth + 1), { maxLength: 4 }));
    if (type === 'object') own.push(objectFor(schema, victim, depth + 1));
  }
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) own.push(valueFor(alternative, name, victim, depth + 1));
  return own.length ? fc.oneof({ arbitrary: fc.oneof(...own), weight: 3 }, { arbitrary: wrong, weight: 1 }) : wrong;
}

function objectFor(schema: JsonSchema, victim: Victim, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const fields = Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, valueFor(child, key, victim, depth)]));
  return fc.record(fields, { requiredKeys: [] }).chain((record) =>
    // Now and then a key no schema names, with a NUL in it.
    fc.boolean().map((extra) => (extra ? { ...record, 'unknown\u0000key': 1 } : record)),
  );
}

/** A path parameter: the other user's ids, ids of nothing, wrong types, NUL, far too long. */
const pathValue = (victim: Victim) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...victim.ids.map(String)), weight: 4 },
    {
      arbitrary: fc.constantFrom('0', '-1', '99999999', '9007199254740993', '1e3', 'abc', '%00', 'a%00b', '..%2F..%2Fetc', 'x'.repeat(300), '%E2%80%AE'),
      weight: 2,
    },
  );

/** Percent-encoding that survives a lone surrogate (sent as U+FFFD, as a browser would). */
const encode = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

/** Random requests for one operation. */
export function requestsFor(op: Operation, victim: Victim): fc.Arbitrary<FuzzRequest> {
  const path = fc
    .tuple(...op.pathParams.map(() => pathValue(victim)))
    .map((values) => op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, values[i]!), op.path));
  const query = fc
    .array(
      fc.tuple(
        fc.constantFrom(...(op.query.length ? op.query.map((q) => q.name) : ['q'])),
        fc.oneof(valueFor(op.query[0]?.schema, op.query[0]?.name ?? 'q', victim), nasty(victim)),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([name, value]) => `${encode(name)}=${encode(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))}`).join('&'));
  const body: fc.Arbitrary<FuzzRequest['body']> =
    op.method === 'GET' || op.method === 'DELETE'
      ? fc.oneof(
          { arbitrary: fc.constant({ kind: 'none' as const }), weight: 3 },
          { arbitrary: valueFor(op.body, 'body', victim).map((value) => ({ kind: 'json' as const, value })), weight: 1 },
        )
      : fc.oneof(
          { arbitrary: valueFor(op.body ?? { type: 'object' }, 'body', victim).map((value) => ({ kind: 'json' as const, value })), weight: 6 },
          {
            arbitrary: fc
              .constantFrom(500, 5_000, 50_000)
              .map((levels) => ({ kind: 'raw' as const, text: `{"${Object.keys(op.body?.properties ?? { a: 1 })[0]}":${deepJson(levels)}}` })),
            weight: 1,
          },
          {
            arbitrary: fc
              .constantFrom(
                '{"a":',
                '[]',
                '"\\u0000"',
                'null',
                '{"a":"\\u0000"}',
                '{"__proto__":{"polluted":true}}',
                '{"constructor":{"prototype":{"polluted":true}}}',
              )
              .map((text) => ({ kind: 'raw' as const, text })),
            weight: 1,
          },
          { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
        );
  const credential = fc.option(fc.constantFrom(...victim.ids.map((id) => `mc_${id}_${'A'.repeat(43)}`), 'mc_1_x', 'mc_99999999999999999999_x'), { freq: 4 });
  return fc.record({
    auth: fc.constantFrom<FuzzRequest['auth']>('attacker', 'attacker', 'attacker', 'none'),
    path,
    query,
    body,
    deviceCredential: credential.map((c) => c ?? undefined),
  });
}

/** Every string of a schema's value replaced by one holding NUL: the whole body at once. */
function nulEverywhere(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 3) return NUL;
  if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([key, child]) => [key, nulEverywhere(child, depth + 1)]));
  const types = [schema.type].flat();
  if (types.includes('array')) return [nulEverywhere(schema.items, depth + 1)];
  // A free-form object (a record): NUL in a value and in a key.
  if (types.includes('object')) return { note: NUL, [NUL]: 1 };
  return NUL;
}

/**
 * Requests every route gets before the random ones: NUL in every field, path parameter and query
 * parameter; JSON nested thousands of levels deep; the other user's ids; no sign-in at all.
 */
export function probesFor(op: Operation, victim: Victim): FuzzRequest[] {
  const fill = (value: string) => op.pathParams.reduce((p, name) => p.replace(`{${name}}`, value), op.path);
  const owned = fill(String(victim.ids[1] ?? victim.ids[0]));
  const nulQuery = (op.query.length ? op.query : [{ name: 'q' }]).map((q) => `${encode(q.name)}=a%00b`).join('&');
  // Every field at once: each is checked on its own, so a deep value reaches even the last one's rules.
  const deep = `{${Object.keys(op.body?.properties ?? { a: 1 })
    .map((key) => `${JSON.stringify(key)}:${deepJson(8_000)}`)
    .join(',')}}`;
  const writes = op.method !== 'GET' && op.method !== 'DELETE';
  return [
    { auth: 'attacker', path: owned, query: nulQuery, body: writes ? { kind: 'json', value: nulEverywhere(op.body) } : { kind: 'none' } },
    { auth: 'attacker', path: op.pathParams.length ? fill('1%00') : owned, query: '', body: writes ? { kind: 'raw', text: deep } : { kind: 'none' } },
    ...victim.ids
      .slice(0, 4)
      .map((id): FuzzRequest => ({ auth: 'attacker', path: fill(String(id)), query: '', body: writes ? { kind: 'json', value: {} } : { kind: 'none' } })),
    { auth: 'none', path: owned, query: '', body: { kind: 'none' } },
  ];
}

/** A stable seed per route, so a failure is found again by the same run. */
export function seedOf(text: string, base: number): number {
  let hash = base;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
