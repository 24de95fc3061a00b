import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { standardEnvelope } from '../../src/platform/http/envelope';
import { createLogger } from '../../src/platform/logger';
import { PlainSocketServer } from '../../src/platform/realtime/plain/server';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { AppSocket, type Refused } from '../support/mimo-app';
import { onServices } from '../support/stores';

/** A plain WebSocket server on an app's gateway, on a port of its own: the platform part, app-agnostic. */
async function plainServer(t: TestApp) {
  const server = new PlainSocketServer({
    path: '/plain',
    credentials: (token) => ({ token }),
    gateway: t.app.gateway,
    envelope: standardEnvelope,
    limit: { count: 5, windowMs: 60_000 },
    maxMessageBytes: 1024,
    logger: createLogger('silent'),
  });
  server.on('echo', z.strictObject({ text: z.string().max(100) }), (connection, data) =>
    connection.send('echo', { ...data, userId: connection.principal.userId }),
  );
  server.onOpen((connection) => connection.send('hello', { id: connection.id }));
  const port = await server.listen(0, '127.0.0.1');
  return { server, url: (token?: string) => `ws://127.0.0.1:${port}/plain${token ? `?token=${encodeURIComponent(token)}` : ''}` };
}

const person = async (t: TestApp) => {
  const reg = await t.api.post('/api/auth/register', { body: { email: uniqueEmail('plain'), password: 'plain-socket-1', name: '소켓' } });
  const token = reg.body.data.accessToken as string;
  return { token, id: reg.body.data.user.id as number, sessionId: decodeJwt(token).sid as string };
};

describe('plain WebSocket server (platform)', () => {
  let t: TestApp;
  let plain: Awaited<ReturnType<typeof plainServer>>;
  const sockets: AppSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp('fitmate');
    plain = await plainServer(t);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  // The gateway closes the plain server with it.
  afterAll(() => t.close());
  const open = async (token: string) => {
    const socket = await AppSocket.open(plain.url(token));
    sockets.push(socket);
    await socket.next('hello');
    return socket;
  };

  it('signs in by the token query as the app’s Socket.IO does, refusing in the app’s own envelope', async () => {
    const refused = (await AppSocket.open(plain.url()).catch((error: Refused) => error)) as Refused;
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED', message: '인증이 필요합니다.' } });
    const me = await person(t);
    const socket = await open(me.token);
    socket.send('echo', { text: '안녕' });
    expect(await socket.next('echo')).toEqual({ text: '안녕', userId: me.id });
    socket.send('echo', { text: 1 });
    expect(await socket.next('error')).toMatchObject({ event: 'echo', code: 'VALIDATION_ERROR', details: [{ field: 'text', message: expect.any(String) }] });
  });

  it('closes a session’s connections, or all of a user’s, and nobody else’s', async () => {
    const me = await person(t);
    const other = await person(t);
    const first = await open(me.token);
    const second = await open(
      (await t.api.post('/api/auth/login', { body: { email: (await t.app.identity.emailVerificationStatus(me.id)).email, password: 'plain-socket-1' } })).body
        .data.accessToken,
    );
    const theirs = await open(other.token);
    plain.server.connections.closeSession(me.sessionId);
    expect((await first.closed).code).toBe(4401);
    second.send('echo', { text: '아직' });
    await second.next('echo');
    plain.server.connections.closeUser(me.id);
    expect((await second.closed).code).toBe(4401);
    theirs.send('echo', { text: '나는 괜찮아' });
    expect((await theirs.next('echo')).text).toBe('나는 괜찮아');
  });

  it('refuses frames past the budget and closes a frame past the size', async () => {
    const socket = await open((await person(t)).token);
    for (let i = 0; i < 6; i++) socket.send('echo', { text: String(i) });
    for (let i = 0; i < 5; i++) await socket.next('echo');
    expect((await socket.next('error')).code).toBe('RATE_LIMITED');
    const big = await open((await person(t)).token);
    big.send('echo', { text: 'x'.repeat(2000) });
    expect((await big.closed).code).toBe(1009);
  });
});

describe.runIf(onServices())('plain WebSocket server across two nodes (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let onA: Awaited<ReturnType<typeof plainServer>>;
  let onB: Awaited<ReturnType<typeof plainServer>>;
  beforeAll(async () => {
    a = await startTestApp('fitmate');
    b = await startTestApp('fitmate', {}, { stores: a.stores });
    [onA, onB] = await Promise.all([plainServer(a), plainServer(b)]);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('closes a user’s or a session’s connection on the other node, and sends to a connection there', async () => {
    const me = await person(a);
    const socket = await AppSocket.open(onB.url(me.token));
    const { id } = await socket.next('hello');
    onA.server.connections.send(id, 'notice', { from: 'node A' });
    expect(await socket.next('notice')).toEqual({ from: 'node A' });
    onA.server.connections.closeSession(me.sessionId);
    expect((await socket.closed).code).toBe(4401);
    const again = await AppSocket.open(onB.url((await person(a)).token));
    const user = decodeJwt(new URL(again.ws.url).searchParams.get('token')!).sub;
    onA.server.connections.closeUser(Number(user));
    expect((await again.closed).code).toBe(4401);
  });
});
