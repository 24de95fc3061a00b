import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type Cache, scopedCache } from '../../src/platform/cache';
import { createMemoryCache } from '../../src/platform/cache/memory';
import { createRedisCache } from '../../src/platform/cache/redis';
import { type Database, openDatabase } from '../../src/platform/db/database';
import { type TemplateState, captureTemplate, resetToTemplate } from './database-reset';

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

/**
 * The worker's embedded database between test files: each file gets it put back as the template
 * left it (database-reset.ts) instead of a new copy, which costs seconds of start-up. A second
 * database wanted while it is in use (two stores in one file) is a new copy from the template.
 */
let template: Promise<TemplateState> | undefined;
let idle: Database | undefined;

async function takePglite(): Promise<Database> {
  const database = idle ?? (await openPglite());
  idle = undefined;
  // What a fresh copy holds, taken once, before any test has written to one.
  template ??= captureTemplate(database);
  await template;
  return database;
}

/** Puts the database back for the next file, or closes it when it cannot be (or one is kept already). */
async function givePglite(database: Database): Promise<void> {
  if (!idle && template && (await resetToTemplate(database, await template))) idle = database;
  else await database.close();
}

/**
 * Real stores for one test file: an in-memory PGlite and cache, or (on services) a fresh
 * PostgreSQL database of its own and Redis under a key prefix of its own. Either database starts
 * as the run's migrated template (global-setup.ts) holds it, so migrating it finds nothing to do:
 * PGlite as a copy put back after the worker's previous file, PostgreSQL as a new copy. `empty`
 * starts one with no tables (to test migrating).
 */
export async function openTestStores(options: { empty?: boolean } = {}): Promise<TestStores> {
  if (!onServices()) {
    const database = await (options.empty ? openDatabase({}) : takePglite());
    const cache = createMemoryCache();
    let closing: Promise<unknown> | undefined;
    const close = () => Promise.all([options.empty ? database.close() : givePglite(database), cache.close()]);
    return { database, cache, env: {}, close: async () => void (await (closing ??= close())) };
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
