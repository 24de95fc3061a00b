import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS } from '../../src/apps';
import { loadConfig } from '../../src/config';
import { pendingMigrations } from '../../src/platform/db/database';
import { createLogger } from '../../src/platform/logger';
import { startApps } from '../../src/server';
import { TEST_SECRETS, type TestApp, startTestApp } from '../support/app';
import { connect, connected, next } from '../support/sockets';
import { openTestStores } from '../support/stores';

describe('draining a node (what SIGTERM does inside it)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fails readiness, closes each answered connection, refuses new sockets, and tells connected ones to reconnect rather than leave', async () => {
    const live = await t.api.get('/health/live');
    expect(live.status).toBe(200);
    const ready = await t.api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.data).toMatchObject({ status: 'ready', draining: false, database: { status: 'up' }, cache: { status: 'up' } });
    expect(ready.headers.get('connection')).not.toBe('close');

    const email = `drain.${Date.now()}@example.com`;
    const signUp = await t.api.post('/api/auth/register', { body: { email, password: 'drain-test-2024', name: '드레인' } });
    const socket = await connected(connect(t, signUp.body.data.accessToken));
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));

    t.app.drain();
    const draining = await t.api.get('/health/ready');
    expect(draining.status).toBe(503);
    expect(draining.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE', details: { draining: true } } });
    expect((await t.api.get('/health/live')).status).toBe(200);
    // Requests are still served while the load balancer catches up, each on a closing connection.
    const me = await t.api.get('/api/auth/me', { token: signUp.body.data.accessToken });
    expect(me.status).toBe(200);
    expect(me.headers.get('connection')).toBe('close');
    // No new socket: the client keeps trying (elsewhere, behind a balancer).
    const late = connect(t, signUp.body.data.accessToken);
    const refused = await next<Error>(late, 'connect_error');
    expect(late.connected).toBe(false);
    expect(refused.message).toMatch(/xhr poll error|websocket error|403|draining/i);
    late.disconnect();

    // Closing the node drops the connected socket at the transport: the client will reconnect.
    const closing = t.app.http.close();
    await next(socket, 'disconnect', 10_000);
    expect(reasons[0]).toBe('transport close');
    expect(socket.active).toBe(true); // still trying to reconnect, unlike after "io server disconnect"
    socket.disconnect();
    await closing;
  });
});

describe('MIGRATE_ON_START=false', () => {
  it(
    'refuses to start a node on a database with pending migrations, naming the command to run, and starts once they are applied',
    { timeout: 120_000 },
    async () => {
      const env = { ...TEST_SECRETS, NODE_ENV: 'test', MIGRATE_ON_START: 'false', MINDPAUSE_PORT: '0' } as const;
      const fresh = await openTestStores({ empty: true });
      const start = startApps(loadConfig({ ...env, ...fresh.env }), ['mindpause'], createLogger('silent'), {
        listen: false,
        database: fresh.database,
        cache: fresh.cache,
      });
      await expect(start).rejects.toThrow(/MIGRATE_ON_START: is false and mindpause has \d+ pending migration\(s\): run `npm run cli -- migrate` first/);
      await fresh.close();

      const stores = await openTestStores({ empty: true });
      try {
        const config = loadConfig({ ...env, ...stores.env });
        const options = { listen: false, database: stores.database, cache: stores.cache };
        // What `npm run cli -- migrate` does, then a node that only checks.
        const migrated = await startApps(config, ['mindpause'], createLogger('silent'), { ...options, migrate: true });
        await migrated.apps.get('mindpause')!.http.close();
        expect(await pendingMigrations(stores.database, 'mindpause', APPS.mindpause.migrationsFolder)).toBe(0);
        const started = await startApps(config, ['mindpause'], createLogger('silent'), options);
        expect(started.apps.has('mindpause')).toBe(true);
        await started.apps.get('mindpause')!.http.close();
      } finally {
        await stores.close();
      }
    },
  );
});
