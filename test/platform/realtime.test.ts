import { SignJWT, decodeJwt } from 'jose';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdapterClient } from '../../src/platform/realtime/cluster';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { type Account, acquaint } from '../support/fitmate';
import { collect, connect, connected, eventually, next, pause } from '../support/sockets';
import { onServices } from '../support/stores';

describe('real-time gateway', () => {
  let t: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp('fitmate', { PRESENCE_OFFLINE_GRACE: '1s' });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const user = async () => {
    const reg = await t.api.post('/api/auth/register', { body: { email: uniqueEmail('rt'), password: 'socket-pass-1', name: '소켓' } });
    return { token: reg.body.data.accessToken as string, refresh: reg.body.data.refreshToken as string, id: reg.body.data.user.id as number };
  };
  const socketOf = (token?: string, lang?: string) => {
    const socket = connect(t, token, { lang });
    open.push(socket);
    return socket;
  };
  const refused = async (token?: string, lang?: string) => {
    const socket = socketOf(token, lang);
    socket.io.opts.reconnection = false;
    const error = await connected(socket).then(
      () => undefined,
      (err: Error & { data?: { code: string; message: string } }) => err,
    );
    expect(error, 'the socket should have been refused').toBeDefined();
    return error!;
  };

  describe('connecting', () => {
    it('refuses a socket without a token, with a clear reason', async () => {
      const error = await refused(undefined);
      expect(error.message).toBe('UNAUTHORIZED');
      expect(error.data).toEqual({ code: 'UNAUTHORIZED', message: '인증이 필요합니다.' });
      expect((await refused(undefined, 'en')).data!.message).toBe('Authentication is required.');
    });

    it('refuses forged, foreign and expired tokens, and ended sessions', async () => {
      const { token, refresh } = await user();
      const [header, payload] = token.split('.');
      expect((await refused(`${header}.${payload}.forged-signature`)).message).toBe('INVALID_TOKEN');
      const otherKey = await new SignJWT({ ...decodeJwt(token) }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('y'.repeat(40)));
      expect((await refused(otherKey)).message).toBe('INVALID_TOKEN');
      expect((await refused(refresh)).message).toBe('INVALID_TOKEN');
      await t.api.post('/api/auth/logout', { token });
      expect((await refused(token)).message).toBe('SESSION_REVOKED');
    });

    it('takes the identity from the token, whatever the client claims', async () => {
      const a = await user();
      const b = await user();
      const socket = socketOf(a.token);
      socket.auth = { token: a.token, userId: b.id };
      await connected(socket);
      const [server] = await t.app.gateway.io.in(`user:${a.id}`).fetchSockets();
      expect(server!.data.principal.userId).toBe(a.id);
      expect(await t.app.gateway.isOnline(b.id)).toBe(false);
    });
  });

  describe('reaching a user', () => {
    it('sends to every socket of the user, and to no one else', async () => {
      const a = await user();
      const b = await user();
      const [phone, laptop, other] = [socketOf(a.token), socketOf(a.token), socketOf(b.token)];
      await Promise.all([connected(phone), connected(laptop), connected(other)]);
      const otherSaw = collect(other, 'ping');
      const got = Promise.all([next(phone, 'ping'), next(laptop, 'ping')]);
      t.app.gateway.toUser(a.id, 'ping', { n: 1 });
      expect(await got).toEqual([{ n: 1 }, { n: 1 }]);
      await pause(100);
      expect(otherSaw).toEqual([]);
    });
  });

  // Presence is told to the people who share a chat room with the user (see test/security/presence.test.ts).
  const introduce = (...people: Array<{ id: number }>) => acquaint(t, ...(people as Account[]));

  describe('presence', () => {
    it('is online while any socket is connected, and offline after the grace once none is', async () => {
      const watching = await user();
      const watcher = socketOf(watching.token);
      await connected(watcher);
      const a = await user();
      await introduce(watching, a);
      const online = collect(watcher, 'userOnline');
      const offline = collect(watcher, 'userOffline');
      const first = socketOf(a.token);
      const second = socketOf(a.token);
      await Promise.all([connected(first), connected(second)]);
      await eventually(() => online.some((e) => e.userId === a.id));
      expect(online.filter((e) => e.userId === a.id)).toHaveLength(1);
      expect(await t.app.gateway.isOnline(a.id)).toBe(true);

      first.disconnect();
      await pause(1_300);
      expect(offline.filter((e) => e.userId === a.id)).toEqual([]);
      expect(await t.app.gateway.isOnline(a.id)).toBe(true);

      second.disconnect();
      await eventually(() => offline.some((e) => e.userId === a.id), 4_000);
      expect(await t.app.gateway.isOnline(a.id)).toBe(false);
    });

    it('does not flap when a user reloads within the grace', async () => {
      const watching = await user();
      const watcher = socketOf(watching.token);
      await connected(watcher);
      const a = await user();
      await introduce(watching, a);
      const before = socketOf(a.token);
      await connected(before);
      const offline = collect(watcher, 'userOffline');
      before.disconnect();
      const after = socketOf(a.token);
      await connected(after);
      await pause(1_500);
      expect(offline.filter((e) => e.userId === a.id)).toEqual([]);
    });
  });

  describe('connection state recovery', () => {
    it('gives a client that reconnects within two minutes the events it missed', async () => {
      const a = await user();
      const socket = socketOf(a.token);
      await connected(socket);
      // Recovery needs an event seen first (it carries the offset to resume from).
      const warm = next(socket, 'note');
      t.app.gateway.toUser(a.id, 'note', 0);
      await warm;
      const seen = collect<number>(socket, 'note');
      socket.io.engine.close(); // the network drops, the client will reconnect
      await eventually(() => !socket.connected);
      t.app.gateway.toUser(a.id, 'note', 1);
      t.app.gateway.toUser(a.id, 'note', 2);
      await eventually(() => socket.connected && seen.length === 2, 5_000);
      expect(seen).toEqual([1, 2]);
      expect(socket.recovered).toBe(true);
    });
  });
});

describe.runIf(onServices())('real-time gateway across two nodes (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp('fitmate', { PRESENCE_OFFLINE_GRACE: '1s' });
    b = await startTestApp('fitmate', { PRESENCE_OFFLINE_GRACE: '1s' }, { stores: a.stores });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('reaches a socket on the other node and sees its presence', async () => {
    const reg = await a.api.post('/api/auth/register', { body: { email: uniqueEmail('two'), password: 'socket-pass-1', name: '두노드' } });
    const { accessToken, user } = reg.body.data;
    const onB = connect(b, accessToken);
    await connected(onB);
    try {
      await eventually(() => a.app.gateway.isOnline(user.id));
      const got = next(onB, 'hello');
      a.app.gateway.toUser(user.id, 'hello', 'from A');
      expect(await got).toBe('from A');
    } finally {
      onB.disconnect();
    }
    await eventually(async () => !(await a.app.gateway.isOnline(user.id)), 4_000);
  });

  it('keeps apps apart: a FitMate user and a MIMO user with the same id never share a room', async () => {
    const mimo = await startTestApp('mimo', {}, { stores: a.stores });
    try {
      const fit = (await a.api.post('/api/auth/register', { body: { email: uniqueEmail('fit'), password: 'socket-pass-1', name: 'f' } })).body.data;
      const socket = connect(a, fit.accessToken);
      await connected(socket);
      const leaked = collect(socket, 'secret');
      mimo.app.gateway.toUser(fit.user.id, 'secret', 'for a MIMO user');
      await pause(300);
      expect(leaked).toEqual([]);
      expect(await mimo.app.gateway.isOnline(fit.user.id)).toBe(false);
      socket.disconnect();
    } finally {
      await mimo.close();
    }
  });
});

describe.runIf(onServices())('the realtime adapter’s Redis client', () => {
  it('logs a command sent without waiting that fails as the client closes, and still rejects to a caller who waits', async () => {
    const logged: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const client = new AdapterClient(process.env.TEST_REDIS_URL!, logger);
    await client.connect();
    // As the gateway closes it (QUIT itself fails when commands come after it).
    const quitting = client.quit().catch(() => client.disconnect());
    // The adapter's way with messages between nodes: sent, never waited for.
    void client.publish('madang-test:late', 'a departure told while the node closes');
    await expect(client.get('madang-test:late')).rejects.toThrow('Connection is closed');
    await quitting;
    await eventually(() => logged.some((line) => line.command === 'publish'));
    expect(logged.find((line) => line.command === 'publish')).toMatchObject({
      msg: 'a realtime redis command failed',
      err: { message: 'Connection is closed.' },
    });
  });
});
