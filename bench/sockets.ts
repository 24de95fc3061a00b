/**
 * Real-time load: many authenticated sockets on one node (server memory per socket) and the
 * fan-out of chat messages to a 1,000-member room (latency from send to each receipt).
 */
import { type Socket, io } from 'socket.io-client';
import { bearer, percentile, postJson } from './load';
import type { Child } from './processes';

export interface SocketFigures {
  sockets: number;
  users: number;
  connectSeconds: number;
  rssPerSocketKb: number;
  heapPerSocketKb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

export interface FanoutFigures {
  members: number;
  messages: number;
  receipts: number;
  missing: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface Member {
  id: number;
  token: string;
}

const PASSWORD = 'bench-sockets-2024';

/** `count` FitMate users, registered through the API a few at a time. */
export async function members(fitmate: string, count: number): Promise<Member[]> {
  const made: Member[] = [];
  const stamp = Date.now();
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, async (_, j) => {
        const body = { email: `member-${stamp}-${i + j}@bench.example`, password: PASSWORD, name: `회원${i + j}` };
        const { data } = await postJson<{ data: { accessToken: string; user: { id: number } } }>(`${fitmate}/api/auth/register`, body);
        return { id: data.user.id, token: data.accessToken };
      }),
    );
    made.push(...batch);
  }
  return made;
}

function open(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Opens a socket per token, 100 at a time: as many as a reconnect storm brings at once when the
 * clients spread their retries (socket.io-client's randomised reconnection delay does).
 */
async function openAll(url: string, tokens: string[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < tokens.length; i += 100) sockets.push(...(await Promise.all(tokens.slice(i, i + 100).map((token) => open(url, token)))));
  return sockets;
}

/** Resident memory of a process, from /proc (Linux). */
function rssMb(child: Child): number {
  return (child.rssBytes() ?? Number.NaN) / 1024 / 1024;
}

async function heapBytes(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^nodejs_heap_size_used_bytes\{[^}]*\} (\S+)/m.exec(text)?.[1] ?? Number.NaN);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

/** Opens `total` sockets spread over the members, measures the server, and closes them. */
export async function manySockets(base: string, server: Child, people: Member[], total: number): Promise<SocketFigures> {
  await settle();
  const [rssBefore, heapBefore] = [rssMb(server), await heapBytes(base)];
  const started = performance.now();
  const sockets = await openAll(
    base,
    Array.from({ length: total }, (_, i) => people[i % people.length]!.token),
  );
  const connectSeconds = (performance.now() - started) / 1000;
  await settle();
  const [rssAfter, heapAfter] = [rssMb(server), await heapBytes(base)];
  for (const socket of sockets) socket.disconnect();
  return {
    sockets: total,
    users: Math.min(total, people.length),
    connectSeconds,
    rssPerSocketKb: ((rssAfter - rssBefore) * 1024) / total,
    heapPerSocketKb: (heapAfter - heapBefore) / 1024 / total,
    rssBeforeMb: rssBefore,
    rssAfterMb: rssAfter,
  };
}

/**
 * A group room of 1,000 people, one socket each: a staff member (ADMIN: FitMate lets people be put
 * in a room only by someone who knows them, or by staff) opens it with 999 members and sends
 * `messages` messages, one every 200 ms; every member's socket timestamps each arrival.
 */
export async function fanout(base: string, staff: Member, members: Member[], messages: number): Promise<FanoutFigures> {
  const rest = members.slice(0, 999);
  const people = [staff, ...rest];
  const room = await postJson<{ data: { id: number } }>(
    `${base}/api/chat/rooms`,
    { roomType: 'group', name: '벤치 단체방', participantIds: rest.map((m) => m.id), settings: { maxParticipants: people.length } },
    bearer(staff.token),
  );
  const sockets = await openAll(
    base,
    people.map((m) => m.token),
  );
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const socket of sockets.slice(1)) {
    socket.on('newMessage', (message: { message: string }) => {
      const sent = sentAt.get(message.message);
      if (sent !== undefined) latencies.push(performance.now() - sent);
    });
  }
  await settle();
  for (let i = 0; i < messages; i++) {
    const text = `fan-out ${i}`;
    sentAt.set(text, performance.now());
    sockets[0]!.emit('sendMessage', { chatRoomId: room.data.id, message: text, messageType: 'text', clientMessageId: `bench-${i}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await settle();
  for (const socket of sockets) socket.disconnect();
  latencies.sort((a, b) => a - b);
  const expected = messages * (people.length - 1);
  return {
    members: people.length,
    messages,
    receipts: latencies.length,
    missing: expected - latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}
