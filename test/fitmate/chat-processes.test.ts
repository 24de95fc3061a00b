import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Child, freePort, runNode, startNode, waitUntilReady } from '../../bench/processes';
import { TEST_SECRETS, uniqueEmail } from '../support/app';
import { type Client, client } from '../support/http';
import { ask, collect, connected, eventually } from '../support/sockets';
import { type TestStores, onServices, openTestStores } from '../support/stores';

const STAFF = { email: uniqueEmail('staff'), password: 'two-nodes-staff-2024' };

interface Node {
  child: Child;
  api: Client;
}

// Two real `npm start fitmate` processes on one PostgreSQL database and one Redis, as two nodes
// behind a load balancer: what one node hears, a client of the other must hear too.
describe.runIf(onServices())('FitMate chat across two processes (PostgreSQL + Redis)', () => {
  let stores: TestStores;
  let a: Node;
  let b: Node;
  const open: Socket[] = [];

  const envOf = (name: string, port: number) => ({
    PATH: process.env.PATH,
    ...TEST_SECRETS,
    ...stores.env,
    DATABASE_URL: stores.databaseUrl,
    DATA_DIR: mkdtempSync(join(tmpdir(), `madang-${name}-`)),
    FITMATE_PORT: String(port),
    LOG_LEVEL: 'warn',
    PRESENCE_OFFLINE_GRACE: '1s',
  });
  const startFitmate = async (name: string): Promise<Node> => {
    const port = await freePort();
    const child = startNode(name, ['src/main.ts', 'start', 'fitmate'], envOf(name, port));
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(child, `${url}/health`);
    return { child, api: client(url) };
  };

  beforeAll(async () => {
    stores = await openTestStores();
    // One after the other: the first applies the migrations, the second finds them applied.
    a = await startFitmate('node-a');
    b = await startFitmate('node-b');
    // FitMate puts people in a room together only when they know each other, or through its staff.
    await runNode(
      'staff',
      ['src/main.ts', 'create-user', '--app', 'fitmate', '--email', STAFF.email, '--password', STAFF.password, '--name', '운영자', '--role', 'ADMIN'],
      envOf('staff', 0),
    );
  }, 120_000);
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await Promise.all([a?.child.stop(), b?.child.stop()]);
    await stores?.close();
  });

  const signUp = async (node: Node, name: string) => {
    const email = uniqueEmail('nodes');
    const reply = await node.api.post('/api/auth/register', { body: { email, password: 'two-nodes-2024', name } });
    expect(reply.status).toBe(201);
    return { id: reply.body.data.user.id as number, token: reply.body.data.accessToken as string };
  };
  const socketOn = (node: Node, token: string) => {
    const socket = io(node.api.baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
    open.push(socket);
    return connected(socket);
  };

  /** The staff bring people together in a group room, and then they know each other. */
  const introduce = async (...people: Array<{ id: number }>) => {
    const staff = await a.api.post('/api/auth/login', { body: STAFF });
    const room = await a.api.post('/api/chat/rooms', {
      token: staff.body.data.accessToken,
      body: { roomType: 'group', name: '소개', participantIds: people.map((p) => p.id) },
    });
    expect(room.status, room.text).toBe(201);
  };

  it('carries a message from a client of node A to a client of node B, and back', async () => {
    const [me, you] = [await signUp(a, '에이'), await signUp(b, '비')];
    await introduce(me, you);
    const room = await a.api.post('/api/chat/rooms', { token: me.token, body: { roomType: 'individual', participantIds: [you.id] } });
    expect(room.status).toBe(201);
    const chatRoomId = room.body.data.id as number;
    const [onA, onB] = await Promise.all([socketOn(a, me.token), socketOn(b, you.token)]);
    await Promise.all([ask(onA, 'joinChat', { chatRoomId }), ask(onB, 'joinChat', { chatRoomId })]);

    const onAHeard = collect<{ id: number; senderId: number; message: string }>(onA, 'newMessage');
    const onBHeard = collect<{ id: number; senderId: number; message: string }>(onB, 'newMessage');
    const sent = await ask(onA, 'sendMessage', { chatRoomId, message: '다른 프로세스로 가는 메시지', clientMessageId: 'p-1' });
    expect(sent.ok).toBe(true);
    await eventually(() => onBHeard.length === 1);
    expect(onBHeard[0]).toEqual(sent.data);

    const answered = await ask(onB, 'sendMessage', { chatRoomId, message: '잘 받았어요' });
    await eventually(() => onAHeard.length === 2);
    expect(onAHeard.map((m) => [m.id, m.senderId, m.message])).toEqual([
      [sent.data.id, me.id, '다른 프로세스로 가는 메시지'],
      [answered.data.id, you.id, '잘 받았어요'],
    ]);
    // Each socket hears each message once, though it is both in the room and in its user's room.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([onAHeard.length, onBHeard.length]).toEqual([2, 2]);

    // Both nodes read the same rows: the history from node B holds both messages, newest first.
    const history = await b.api.get(`/api/chat/rooms/${chatRoomId}/messages`, { token: you.token });
    expect(history.body.data.items.map((m: { message: string }) => m.message)).toEqual(['잘 받았어요', '다른 프로세스로 가는 메시지']);
  });

  it('keeps presence consistent: a user online on B is online for A, offline only when their last socket anywhere is gone', async () => {
    const [watcher, walker] = [await signUp(a, '관찰자'), await signUp(b, '이동')];
    // Presence is for people who share a chat room.
    await introduce(watcher, walker);
    const onA = await socketOn(a, watcher.token);
    const online = collect<{ userId: number }>(onA, 'userOnline');
    const offline = collect<{ userId: number }>(onA, 'userOffline');

    const first = await socketOn(b, walker.token);
    await eventually(() => online.some((e) => e.userId === walker.id));
    // A second socket on node A, then the first one on B goes: still online somewhere.
    const second = await socketOn(a, walker.token);
    first.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    expect(offline.filter((e) => e.userId === walker.id)).toEqual([]);

    second.disconnect();
    await eventually(() => offline.some((e) => e.userId === walker.id), 5_000);
  });
});
