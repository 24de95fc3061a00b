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

/** Whether a node is going away: set on SIGTERM, before the listener closes. */
export class Draining {
  private draining = false;
  get active(): boolean {
    return this.draining;
  }
  begin(): void {
    this.draining = true;
  }
}

/**
 * `/health` and `/health/live`: the process answers (liveness: restart it when this fails).
 * `/health/ready`: this node should get traffic: not draining, and the database and cache answer
 * (readiness: a load balancer sends nothing while it fails). `/api/health/db`: the stores with
 * their latencies, or 503.
 */
export function registerHealth(router: Router, deps: { db: Db; databaseDriver: string; cache: Cache; draining: Draining }) {
  const tags = ['health'];
  const alive = { summary: 'Process health (liveness)', tags, response: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) };
  const live = async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) });
  router.get('/health', alive, live);
  router.get('/health/live', alive, live);
  // Where API clients look for it (the MIMO app probes it to find the server).
  router.get('/api/health', alive, live);

  const stores = async () => {
    const [database, cache] = await Promise.all([probe(deps.databaseDriver, () => pingDatabase(deps.db)), probe(deps.cache.driver, () => deps.cache.ping())]);
    return { database, cache, up: database.status === 'up' && cache.status === 'up' };
  };

  router.get(
    '/health/ready',
    {
      summary: 'Readiness: may this node take traffic?',
      description: '503 while the node drains after SIGTERM (`draining: true`) or while the database or cache does not answer.',
      tags,
      response: z.object({ status: z.literal('ready'), draining: z.literal(false), database: component, cache: component }),
    },
    async () => {
      if (deps.draining.active) throw new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, undefined, { draining: true });
      const { database, cache, up } = await stores();
      if (!up || deps.draining.active) throw new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, undefined, { draining: deps.draining.active, database, cache });
      return { status: 'ready' as const, draining: false as const, database, cache };
    },
  );

  router.get(
    '/api/health/db',
    { summary: 'Database and cache health', tags, response: z.object({ status: z.literal('ok'), database: component, cache: component }) },
    async () => {
      const { database, cache, up } = await stores();
      if (!up) throw new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, undefined, { database, cache });
      return { status: 'ok' as const, database, cache };
    },
  );
}
