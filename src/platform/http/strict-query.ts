import type { FastifyInstance } from 'fastify';
import { z, type ZodType } from 'zod';

/**
 * One rule for every app: a route in the API documents refuses query parameters it does not
 * name, with a 400 naming each of them. Its query schema (a zod object) is made strict, unless
 * it is explicitly loose (`z.looseObject`, for callers such as OAuth providers that add parameters
 * of their own); a route without one takes none. Hidden routes (pages, metrics, the docs) are left alone.
 */
export function refuseUnknownQueryParameters(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; querystring?: unknown } | undefined;
    if (!schema || schema.hide) return;
    schema.querystring = strictQuery(schema.querystring, `${String(route.method)} ${route.url}`);
  });
}

function strictQuery(query: unknown, route: string): ZodType {
  if (query === undefined) return z.strictObject({});
  // A query that transforms what it reads (a pipe) must start from an object that chose already.
  if (query instanceof z.ZodPipe) {
    const input = query._zod.def.in;
    if (input instanceof z.ZodObject && input._zod.def.catchall !== undefined) return query;
    throw new Error(`${route}: a transformed query schema must start from z.strictObject (or z.looseObject)`);
  }
  if (!(query instanceof z.ZodObject)) throw new Error(`${route}: a query schema must be a zod object`);
  // No catchall is zod's default (unknown keys dropped silently); unknown (loose) and never (strict) were chosen.
  return query._zod.def.catchall === undefined ? query.strict() : query;
}
