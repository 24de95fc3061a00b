import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, freePort, startNode, waitUntilReady } from '../../bench/processes';
import { trainerClients } from '../../src/apps/fitmate/schema';
import { seoulToday } from '../../src/platform/time';
import { TEST_SECRETS, uniqueEmail } from '../support/app';
import { type Haproxy, haproxyInstalled, startHaproxy } from '../support/haproxy';
import { client } from '../support/http';
import { connected, eventually, pause } from '../support/sockets';
import { type TestStores, onServices, openTestStores } from '../support/stores';

interface Node {
  name: string;
  ports: { fitmate: number; mindpause: number; mimo: number };
  child: Child;
}

const PASSWORD = 'two-nodes-2024';

// compose.yaml's topology without containers: two Madang nodes (each all three apps) on one
// PostgreSQL and one Redis, behind HAProxy running deploy/haproxy.cfg itself.
describe.runIf(onServices() && haproxyInstalled())('two nodes behind the load balancer (PostgreSQL + Redis + HAProxy)', () => {
  let stores: TestStores;
  let lb: Haproxy;
  const nodes: Node[] = [];
  const sockets: Socket[] = [];

  const boot = async (name: string, ports: Node['ports']): Promise<Node> => {
    const child = startNode(name, ['src/main.ts', 'start'], {
      PATH: process.env.PATH,
      ...TEST_SECRETS,
      ...stores.env,
      DATABASE_URL: stores.databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), `madang-${name}-`)),
      FITMATE_PORT: String(ports.fitmate),
      MINDPAUSE_PORT: String(ports.mindpause),
      MIMO_PORT: String(ports.mimo),
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      RATE_LIMIT_GENERAL: '100000/minute',
      RATE_LIMIT_LOGIN: '1000/minute',
      // Longer than HAProxy needs to see readiness fail (2 checks 250 ms apart).
      SHUTDOWN_DRAIN_DELAY: '2s',
    });
    for (const port of Object.values(ports)) await waitUntilReady(child, `http://127.0.0.1:${port}/health/ready`);
    return { name, ports, child };
  };

  beforeAll(async () => {
    stores = await openTestStores();
    const ports = async () => ({ fitmate: await freePort(), mindpause: await freePort(), mimo: await freePort() });
    // One after the other: the first applies the migrations, the second finds them applied.
    nodes.push(await boot('node-a', await ports()));
    nodes.push(await boot('node-b', await ports()));
    const [a, b] = nodes as [Node, Node];
    const at = (port: number) => `127.0.0.1:${port}`;
    lb = await startHaproxy(at(await freePort()), {
      FITMATE_A: at(a.ports.fitmate),
      FITMATE_B: at(b.ports.fitmate),
      MINDPAUSE_A: at(a.ports.mindpause),
      MINDPAUSE_B: at(b.ports.mindpause),
      MIMO_A: at(a.ports.mimo),
      MIMO_B: at(b.ports.mimo),
    });
    await eventually(async () => (await fetch(`${lb.url}/fitmate/health/ready`)).status === 200, 10_000);
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await lb?.stop();
    await Promise.all(nodes.map((node) => node.child.stop()));
    await stores?.close();
  });

  const api = () => client(lb.url);
  const open = (path: string, token: string, transports: string[]) => {
    const socket = io(lb.url, { path, auth: { token }, transports, withCredentials: true, reconnectionDelay: 100, reconnectionDelayMax: 1_000 });
    sockets.push(socket);
    return socket;
  };

  const signUp = {
    fitmate: async () => {
      const reply = await api().post('/fitmate/api/auth/register', { body: { email: uniqueEmail('lb'), password: PASSWORD, name: '핏메이트' } });
      expect(reply.status, reply.text).toBe(201);
      return { id: reply.body.data.user.id as number, token: reply.body.data.accessToken as string };
    },
    mindpause: async () => {
      const reply = await api().post('/mindpause/api/v1/auth/register', { body: { email: uniqueEmail('lb'), password: PASSWORD, nickname: '쉼표' } });
      expect(reply.status, reply.text).toBe(201);
      return { id: reply.body.data.user.id as number, token: reply.body.data.accessToken as string };
    },
    mimo: async () => {
      const body = { email: uniqueEmail('lb'), password: PASSWORD, name: '미모', agreements: { terms: true, privacy: true } };
      const reply = await api().post('/api/auth/register', { body });
      expect(reply.status, reply.text).toBe(201);
      return { id: reply.body.data.user.id as number, token: reply.body.data.accessToken as string };
    },
  };

  it('serves the three apps on one origin: FitMate under /fitmate, MindPause under /mindpause, MIMO at the root, sockets too', async () => {
    for (const path of ['/fitmate/health/ready', '/mindpause/health/ready', '/health/ready']) {
      const ready = await api().get(path);
      expect(ready.status, path).toBe(200);
      expect(ready.body.data).toMatchObject({ status: 'ready', draining: false, database: { driver: 'postgres' }, cache: { driver: 'redis' } });
    }
    const [fit, mind, cam] = [await signUp.fitmate(), await signUp.mindpause(), await signUp.mimo()];
    expect((await api().get('/fitmate/api/auth/me', { token: fit.token })).body.data).toMatchObject({ id: fit.id });
    expect((await api().get('/mindpause/api/v1/users/me', { token: mind.token })).body.data).toMatchObject({ id: mind.id, nickname: '쉼표' });
    expect((await api().get('/api/profile', { token: cam.token })).body.data.user).toMatchObject({ id: cam.id });
    // Each app's own tokens only: a MIMO token through the FitMate prefix is refused.
    expect((await api().get('/fitmate/api/auth/me', { token: cam.token })).status).toBe(401);
    // The three OpenAPI documents, one per prefix.
    expect((await api().get('/fitmate/docs/json')).body.info.title).toMatch(/FitMate/);
    expect((await api().get('/mindpause/docs/json')).body.info.title).toMatch(/MindPause|마음쉼표/);
    expect((await api().get('/docs/json')).body.info.title).toMatch(/MIMO/);

    // Socket.IO through the balancer: WebSocket upgrades, and HTTP long-polling, whose requests
    // must all reach the node that holds the session (the balancer's cookie keeps them there).
    const polling = await connected(open('/socket.io', cam.token, ['polling']));
    await pause(1_500); // several polls go by
    const answer = await polling.timeout(5_000).emitWithAck('live:join', { cameraId: 999_999_999 });
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toMatch(/CAMERA_NOT_FOUND/);
    expect(polling.connected).toBe(true);
    expect(polling.io.engine.transport.name).toBe('polling');
    const ws = await connected(open('/fitmate/socket.io', fit.token, ['websocket']));
    expect(ws.io.engine.transport.name).toBe('websocket');
    const pollingMind = await connected(open('/mindpause/socket.io', mind.token, ['polling']));
    expect(pollingMind.connected).toBe(true);
  });

  it('restarts node A under load and loses no request and no chat message', { timeout: 240_000 }, async () => {
    const [a] = nodes as [Node, Node];
    const [sender, receiver, loader] = [await signUp.fitmate(), await signUp.fitmate(), await signUp.fitmate()];
    const [mindUser, camUser] = [await signUp.mindpause(), await signUp.mimo()];
    // FitMate chats only between people who know each other: here a trainer and their client.
    await stores.database.db.insert(trainerClients).values({ trainerId: sender.id, clientId: receiver.id });
    const room = await api().post('/fitmate/api/chat/rooms', { token: sender.token, body: { roomType: 'individual', participantIds: [receiver.id] } });
    expect(room.status).toBe(201);
    const chatRoomId = room.body.data.id as number;
    const exerciseId = (await api().get('/fitmate/api/exercises?limit=1', { token: loader.token })).body.data.items[0].id as number;

    // Two sockets through the balancer in turn: round robin puts one on each node.
    const reconnects = { recovered: 0, fresh: 0 };
    const received = new Map<string, number>();
    const joined = new Set<Socket>();
    const join = (socket: Socket) =>
      socket.on('connect', () => {
        // A socket that recovered its session is back in its rooms with what it missed; one that
        // did not joins the room again (and reads its history), as a real client does.
        if (socket.recovered) return void reconnects.recovered++;
        if (joined.has(socket)) reconnects.fresh++;
        joined.add(socket);
        void socket
          .timeout(10_000)
          .emitWithAck('joinChat', { chatRoomId })
          .catch(() => undefined);
      });
    const sending = open('/fitmate/socket.io', sender.token, ['websocket']);
    const listening = open('/fitmate/socket.io', receiver.token, ['websocket']);
    join(sending);
    join(listening);
    listening.on('newMessage', (m: { id: number; clientMessageId: string | null }) => m.clientMessageId && received.set(m.clientMessageId, m.id));
    // A client that could not recover its session reads the room's history, as a real one does.
    listening.on('chatHistory', (messages: Array<{ id: number; clientMessageId: string | null }>) => {
      for (const m of messages) if (m.clientMessageId) received.set(m.clientMessageId, m.id);
    });
    await Promise.all([connected(sending), connected(listening)]);
    await eventually(() => joined.size === 2);
    await pause(300);

    let running = true;
    const http = { sent: 0, ok: 0, failures: [] as string[], workouts: 0 };
    const requests = [
      () => api().get('/fitmate/api/auth/me', { token: loader.token }),
      () => api().post('/fitmate/api/workouts', { token: loader.token, body: { exerciseId, durationMinutes: 10, workoutDate: seoulToday() } }),
      () => api().get('/mindpause/api/v1/users/me', { token: mindUser.token }),
      () => api().get('/api/profile', { token: camUser.token }),
      () => api().get('/fitmate/api/exercises?limit=5', { token: loader.token }),
    ];
    const worker = async (offset: number) => {
      for (let n = offset; running; n++) {
        const kind = n % requests.length;
        http.sent++;
        try {
          const reply = await requests[kind]!();
          if (reply.status >= 200 && reply.status < 300) {
            http.ok++;
            if (kind === 1) http.workouts++;
          } else http.failures.push(`${reply.status} ${reply.text.slice(0, 200)}`);
        } catch (error) {
          http.failures.push(String((error as Error).cause ?? error));
        }
        await pause(10);
      }
    };

    const chat = { sent: 0, acked: new Map<string, number>(), failures: [] as string[] };
    const send = async (clientMessageId: string) => {
      // The client tries again until the server answers; the same clientMessageId is saved once.
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await sending
          .timeout(3_000)
          .emitWithAck('sendMessage', { chatRoomId, message: `메시지 ${clientMessageId}`, messageType: 'text', clientMessageId })
          .catch(() => undefined);
        if (answer?.ok) return void chat.acked.set(clientMessageId, answer.data.id);
        if (answer && !answer.ok) chat.failures.push(JSON.stringify(answer.error));
      }
      chat.failures.push(`${clientMessageId}: no answer`);
    };
    const chatter = async () => {
      const pending: Promise<void>[] = [];
      for (let i = 0; running; i++) {
        chat.sent++;
        pending.push(send(`rolling-${i}`));
        await pause(600); // under the chat's 20 messages in 10 s
      }
      await Promise.all(pending);
    };

    const load = Promise.all([worker(0), worker(1), worker(2), worker(3), chatter()]);
    await pause(3_000);
    const before = http.ok;
    // The rolling restart: SIGTERM node A, wait for it to finish, start it again.
    const exitCode = await a.child.stop(60_000);
    const during = http.ok - before;
    const again = await boot('node-a2', a.ports);
    nodes[0] = again;
    await eventually(async () => (await fetch(`http://127.0.0.1:${a.ports.fitmate}/health/ready`)).status === 200, 20_000);
    await pause(3_000);
    running = false;
    await load;

    await eventually(() => received.size >= chat.acked.size, 15_000).catch(() => undefined);
    const rows = await stores.database.executeSql(`select client_message_id from fitmate.chat_messages where room_id = $1`, [chatRoomId]);
    const saved = (rows.rows as Array<{ client_message_id: string }>).map((r) => r.client_message_id);
    const workoutRows = await stores.database.executeSql(`select count(*)::int as n from fitmate.workout_records where user_id = $1`, [loader.id]);
    const figures = {
      http: { sent: http.sent, ok: http.ok, lost: http.sent - http.ok, servedWhileNodeAStopped: during },
      chat: { sent: chat.sent, acked: chat.acked.size, saved: saved.length, received: received.size, lost: chat.sent - received.size },
      reconnects,
    };
    console.warn(`rolling restart: ${JSON.stringify(figures)}`);

    expect(exitCode).toBe(0);
    expect(http.failures).toEqual([]);
    expect(http.ok).toBe(http.sent);
    expect(http.sent).toBeGreaterThan(50);
    expect(during).toBeGreaterThan(0);
    // Each workout the client was told was saved is there once.
    expect((workoutRows.rows[0] as { n: number }).n).toBe(http.workouts);
    expect(chat.failures).toEqual([]);
    expect(chat.acked.size).toBe(chat.sent);
    // Saved once each, and every one reached the other person.
    expect(saved.length).toBe(chat.sent);
    expect(new Set(saved).size).toBe(chat.sent);
    expect([...received.keys()].sort()).toEqual([...chat.acked.keys()].sort());
    // One of the two sockets was on node A and had to move.
    expect(reconnects.recovered + reconnects.fresh).toBeGreaterThanOrEqual(1);
  });
});
