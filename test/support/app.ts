import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { type AppName, loadConfig } from '../../src/config';
import type { BuiltApp } from '../../src/platform/app';
import { createLogger } from '../../src/platform/logger';
import { startApps } from '../../src/server';
import { type Client, client } from './http';
import { type TestStores, openTestStores } from './stores';

export interface TestApp {
  app: BuiltApp;
  api: Client;
  stores: TestStores;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export const TEST_SECRETS = { JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop', APP_SECRET: 'test-app-secret-0123456789abcdefghijklmnop' };

/**
 * A cheap argon2id cost (64 KiB, one pass; refused outside NODE_ENV=test). At OWASP's cost each
 * hash takes ~15 ms of CPU and the suite makes thousands; test/auth/passwords.test.ts checks the
 * default cost, and test/mimo/settings.test.ts that an app hashes at the configured one.
 */
export const TEST_PASSWORD_HASHING = { PASSWORD_HASH_MEMORY: '64', PASSWORD_HASH_PASSES: '1' };

/**
 * Starts one app on real stores and a real port. Limits are generous unless a test sets them;
 * settings come from `env` exactly as they would from the environment.
 */
export async function startTestApp(name: AppName, env: Record<string, string> = {}, options: { stores?: TestStores } = {}): Promise<TestApp> {
  // Given stores make a second node of the same deployment; they are closed by whoever opened them.
  const stores = options.stores ?? (await openTestStores());
  const config = loadConfig({
    NODE_ENV: 'test',
    ...stores.env,
    ...TEST_SECRETS,
    // An app started as production hashes at the real cost (the cheap one is refused there).
    ...(env.NODE_ENV && env.NODE_ENV !== 'test' ? {} : TEST_PASSWORD_HASHING),
    DATA_DIR: inject('dataDir'),
    RATE_LIMIT_LOGIN: '1000/minute',
    RATE_LIMIT_GENERAL: '100000/minute',
    RATE_LIMIT_SOCKET_CONNECT: '100000/minute',
    // The fake push services of the tests listen here, besides the real ones.
    PUSH_SERVICE_HOSTS: '127.0.0.1:*,fcm.googleapis.com,*.push.services.mozilla.com',
    [`${name.toUpperCase()}_PORT`]: '0',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const running = await startApps(config, [name], createLogger(env.LOG_LEVEL ?? 'info', sink), {
    listen: true,
    database: stores.database,
    cache: stores.cache,
  });
  const app = running.apps.get(name)!;
  const { port } = app.http.server.address() as AddressInfo;
  return {
    app,
    api: client(`http://127.0.0.1:${port}`),
    stores,
    logs,
    async close() {
      await app.http.close();
      if (!options.stores) await stores.close();
    },
  };
}

let counter = 0;
/** A fresh email address for each call, so tests never collide. */
export const uniqueEmail = (prefix = 'user') => `${prefix}.${process.pid}.${Date.now()}.${counter++}@example.com`;
