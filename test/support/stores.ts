import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type Cache, scopedCache } from '../../src/platform/cache';
import { createMemoryCache } from '../../src/platform/cache/memory';
import { createRedisCache } from '../../src/platform/cache/redis';
import { type Database, openDatabase } from '../../src/platform/db/database';

export const onServices = () => process.env.MADANG_TEST_STORES === 'services';

export interface TestStores {
  database: Database;
  cache: Cache;
  /** A PostgreSQL URL of this test's own database, when running on services. */
  databaseUrl?: string;
  /** Settings that point an app at the same Redis and key prefix (for its socket adapter). */
  env: Record<string, string>;
  close(): Promise<void>;
}

let pgliteTemplate: Promise<Blob | undefined> | undefined;
/** The run's migrated PGlite files (global-setup.ts), read once per worker. */
const readPgliteTemplate = () => {
  const file = inject('pgliteTemplate');
  return (pgliteTemplate ??= file ? readFile(file).then((bytes) => new Blob([bytes])) : Promise.resolve(undefined));
};

const openPglite = async () => openDatabase({ pgliteTemplate: await readPgliteTemplate() });
let spare: Promise<Database> | undefined;
/**
 * A database copied from the template. Opening one takes seconds of PGlite's start-up (its thread,
 * its WebAssembly, the template's files), so the next one is opened meanwhile, on the other core,
 * while this one's tests run: the next file of this worker finds it ready.
 */
function nextPglite(): Promise<Database> {
  const database = spare ?? openPglite();
  spare = openPglite();
  // A spare that fails to open is the next caller's error, not an unhandled rejection now.
  spare.catch(() => {});
  return database;
}

/**
 * Real stores for one test file: an in-memory PGlite and cache, or (on services) a fresh
 * PostgreSQL database of its own and Redis under a key prefix of its own. Either database starts
 * as a copy of the run's migrated template (global-setup.ts), so migrating it finds nothing to do;
 * `empty` starts one with no tables (to test migrating).
 */
export async function openTestStores(options: { empty?: boolean } = {}): Promise<TestStores> {
  if (!onServices()) {
    const database = await (options.empty ? openDatabase({}) : nextPglite());
    const cache = createMemoryCache();
    return { database, cache, env: {}, close: async () => void (await Promise.all([database.close(), cache.close()])) };
  }
  const admin = new URL(process.env.TEST_DATABASE_URL!);
  const name = `madang_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const template = options.empty ? undefined : inject('postgresTemplate');
  await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  const redis = await createRedisCache(process.env.TEST_REDIS_URL!);
  return {
    database,
    cache: scopedCache(redis, `test-${name}`),
    databaseUrl: url.toString(),
    env: { REDIS_URL: process.env.TEST_REDIS_URL!, REDIS_KEY_PREFIX: `test-${name}` },
    async close() {
      await Promise.allSettled([database.close(), redis.close()]);
      const drop = new pg.Client({ connectionString: admin.toString() });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
