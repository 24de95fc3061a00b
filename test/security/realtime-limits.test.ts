import { type Socket, io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, acquaint } from '../support/fitmate';
import { account as mimoAccount } from '../support/mimo';
import { ask, collect, connected, next } from '../support/sockets';
import { onServices } from '../support/stores';

/** A socket that comes from `address` (the app trusts X-Forwarded-For), signed in with `token`. */
function from(t: TestApp, address: string, token: string | undefined, open: Socket[]): Socket {
  const socket = io(t.api.baseUrl, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': address },
  });
  open.push(socket);
  return socket;
}

const refusalOf = (socket: Socket) =>
  connected(socket).then(
    () => undefined,
    (err: Error & { data?: { code: string; message: string; retryAfter?: number } }) => err,
  );

const LIMITS = { TRUST_PROXY: 'true', RATE_LIMIT_SOCKET_CONNECT: '3/minute', RATE_LIMIT_SOCKET_EVENTS: '10/10second', SOCKET_MAX_PAYLOAD: '2kb' };

/**
 * Issue 13, item 4: sockets are held to the same kind of limits as HTTP. Handshakes per address
 * (shared across nodes), events per socket across every event type, payload size per app, and
 * the input rules; each refusal is a clear error event and the server carries on.
 */
describe('realtime under the same limits as HTTP (attacks of issue 13)', () => {
  let t: TestApp;
  let cam: TestApp;
  const open: Socket[] = [];
  let address = 0;
  /** A fresh client address, so each test has its own handshake budget. */
  const fresh = () => `198.51.100.${++address}`;
  beforeAll(async () => {
    t = await startTestApp('fitmate', LIMITS);
    cam = await startTestApp('mimo', { ...LIMITS, SOCKET_MAX_PAYLOAD: '128kb' }, { stores: t.stores });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await cam?.close();
    await t?.close();
  });

  it('counts handshakes per address: the fourth in a minute is refused with RATE_LIMITED, other addresses go on', async () => {
    const me = await account(t);
    const attacker = fresh();
    for (let i = 0; i < 3; i++) expect(await refusalOf(from(t, attacker, me.token, open))).toBeUndefined();
    const refused = await refusalOf(from(t, attacker, me.token, open));
    expect(refused?.message).toBe('RATE_LIMITED');
    expect(refused?.data).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('초 후에 다시 시도해 주세요') });
    // Without a token too: the limit comes before anything else is looked at.
    expect((await refusalOf(from(t, attacker, undefined, open)))?.message).toBe('RATE_LIMITED');
    expect(await refusalOf(from(t, fresh(), me.token, open))).toBeUndefined();
  });

  it('limits events per socket across every event type, with an error event and a failed acknowledgement', async () => {
    const [me, you] = await Promise.all([account(t), account(t)]);
    const room = await acquaint(t, me, you);
    const socket = from(t, fresh(), me.token, open);
    await connected(socket);
    const errors = collect(socket, 'error');
    // Ten events of five kinds, some unknown to the server: all of them count.
    const kinds = ['typing', 'messageRead', 'joinChat', 'leaveChat', 'noSuchEvent'];
    for (let i = 0; i < 10; i++) socket.emit(kinds[i % kinds.length]!, { chatRoomId: room });
    const eleventh = await ask(socket, 'joinChat', { chatRoomId: room });
    expect(eleventh).toMatchObject({ ok: false, error: { event: 'joinChat', code: 'RATE_LIMITED' } });
    const twelfth = await ask(socket, 'sendMessage', { chatRoomId: room, message: '도배' });
    expect(twelfth.error.code).toBe('RATE_LIMITED');
    // The flood is told once per window, not once per event; the socket stays up.
    expect(errors.filter((e) => e.code === 'RATE_LIMITED')).toHaveLength(1);
    expect(socket.connected).toBe(true);
    const history = await t.api.get(`/api/chat/rooms/${room}/messages`, { token: me.token });
    expect(history.body.data.items).toEqual([]);
  });

  it('refuses a payload above the app’s size, and NUL or deeply nested payloads, without touching the handler', async () => {
    const [me, you] = await Promise.all([account(t), account(t)]);
    const room = await acquaint(t, me, you);
    const socket = from(t, fresh(), me.token, open);
    await connected(socket);
    const told = next(socket, 'error');
    const big = await ask(socket, 'sendMessage', { chatRoomId: room, message: '가'.repeat(1_000) });
    expect(big).toMatchObject({ ok: false, error: { event: 'sendMessage', code: 'PAYLOAD_TOO_LARGE', message: '요청 본문이 너무 큽니다. (최대 2048바이트)' } });
    expect((await told).code).toBe('PAYLOAD_TOO_LARGE');
    const nul = await ask(socket, 'sendMessage', { chatRoomId: room, message: 'a\u0000b' });
    expect(nul.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'message', message: '허용되지 않는 문자가 포함되어 있습니다.' }] });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { deep };
    expect((await ask(socket, 'sendMessage', { chatRoomId: room, message: 'x', deep })).error.code).toBe('INPUT_TOO_DEEP');
    const fine = await ask(socket, 'sendMessage', { chatRoomId: room, message: '정상 메시지' });
    expect(fine.ok).toBe(true);
    const history = await t.api.get(`/api/chat/rooms/${room}/messages`, { token: me.token });
    expect(history.body.data.items.map((m: { message: string }) => m.message)).toEqual(['정상 메시지']);
  });

  it('speaks each app’s own words: MIMO’s live:error and E_ codes', async () => {
    const viewer = await mimoAccount(cam);
    const socket = from(cam, fresh(), viewer.token, open);
    await connected(socket);
    const liveErrors = collect(socket, 'live:error');
    for (let i = 0; i < 10; i++) socket.emit('live:leave', { cameraId: 1 });
    const refused = await ask(socket, 'live:join', { cameraId: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_RATE_LIMITED' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(liveErrors.some((e) => e.code === 'E_RATE_LIMITED')).toBe(true);
  });

  it.runIf(onServices())('counts handshakes from one address on every node together', async () => {
    const other = await startTestApp('fitmate', LIMITS, { stores: t.stores });
    try {
      const me: Account = await account(t);
      const attacker = fresh();
      expect(await refusalOf(from(t, attacker, me.token, open))).toBeUndefined();
      expect(await refusalOf(from(other, attacker, me.token, open))).toBeUndefined();
      expect(await refusalOf(from(t, attacker, me.token, open))).toBeUndefined();
      expect((await refusalOf(from(other, attacker, me.token, open)))?.message).toBe('RATE_LIMITED');
    } finally {
      for (const socket of open.splice(0)) socket.disconnect();
      await other.close();
    }
  });
});
