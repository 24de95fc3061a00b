import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PgBoss from 'pg-boss';
import { APP_NAMES, loadConfig } from '../../src/config';
import { createMemoryCache } from '../../src/platform/cache/memory';
import type { Database } from '../../src/platform/db/database';
import { DEAD_LETTER } from '../../src/platform/jobs/jobs';
import { createLogger } from '../../src/platform/logger';
import { startApps } from '../../src/server';

/**
 * What every test database starts from: what any app's first start leaves, with no rows of any
 * test. Each app is built once on it (its migrations applied, what it loads before its first
 * request, such as FitMate's exercise catalogue, and the platform's own settings), and the
 * tables of its job queues are made (pg-boss's schema `<app>_jobs` and one partition per job).
 * No worker or cron runs, so no job is sent. An app started on a copy finds its migrations
 * applied, its catalogue loaded and its queues there: a few reads instead of a hundred DDL
 * statements (seconds per test file on PGlite).
 */
export async function prepareTemplate(database: Database): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'madang-template-'));
  const cache = createMemoryCache();
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'template-jwt-secret-0123456789abcdef',
      APP_SECRET: 'template-app-secret-0123456789abcdef',
      DATA_DIR: dataDir,
    });
    for (const name of APP_NAMES) {
      const running = await startApps(config, [name], createLogger('warn'), { listen: false, migrate: true, database, cache });
      const app = running.apps.get(name)!;
      const schema = `${name}_jobs`;
      await database.executeSql(`create schema if not exists ${schema}`);
      const boss = new PgBoss({
        db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
        schema,
        supervise: false,
        schedule: false,
      } as PgBoss.ConstructorOptions);
      await boss.start();
      // The app's own start gives each queue its policy (updateQueue), as on any existing database.
      for (const queue of [DEAD_LETTER, ...app.jobs.names()]) await boss.createQueue(queue);
      await boss.stop({ graceful: false, wait: true });
      await app.http.close();
    }
  } finally {
    await cache.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
