import { z } from 'zod';
import type { Cache } from '../cache';
import { type Db, pingDatabase } from '../db/database';
import { AppError, ErrorCode } from './errors';
import type { Router } from './router';

const component = z.object({
  status: z.enum(['up', 'down']),
  driver: z.string(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

async function probe(driver: string, check: () => Promise<unknown>): Promise<z.infer<typeof component>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out after 2000 ms')), 2_000);
      }),
    ]);
    return { status: 'up', driver, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    // Only the kind of failure: connection strings and hosts stay out of the answer.
    const message = (error as Error).message.includes('timed out') ? 'timeout' : 'unreachable';
    return { status: 'down', driver, error: message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/health` and `/api/health` (where API clients look for it): the process answers.
 * `/api/health/db`: the database and cache answer too, or 503.
 */
export function registerHealth(router: Router, deps: { db: Db; databaseDriver: string; cache: Cache }) {
  const tags = ['health'];
  for (const path of ['/health', '/api/health']) {
    router.get(path, { summary: 'Process health', tags, response: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) }, async () => ({
      status: 'ok' as const,
      uptimeSeconds: Math.round(process.uptime()),
    }));
  }

  router.get(
    '/api/health/db',
    { summary: 'Database and cache health', tags, response: z.object({ status: z.literal('ok'), database: component, cache: component }) },
    async () => {
      const [database, cache] = await Promise.all([
        probe(deps.databaseDriver, () => pingDatabase(deps.db)),
        probe(deps.cache.driver, () => deps.cache.ping()),
      ]);
      if (database.status === 'down' || cache.status === 'down') {
        throw new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, undefined, { database, cache });
      }
      return { status: 'ok' as const, database, cache };
    },
  );
}
