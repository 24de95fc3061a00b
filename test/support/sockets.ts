import { type Socket, io } from 'socket.io-client';
import type { TestApp } from './app';
import { WAIT_MS } from './waits';

/** A real socket.io client for an app, signed in with `token` (or none). */
export function connect(t: TestApp, token?: string, options: { lang?: string } = {}): Socket {
  return io(t.api.baseUrl, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    extraHeaders: options.lang ? { 'accept-language': options.lang } : undefined,
  });
}

/** Resolves once the socket is connected, or rejects with the connect_error. */
export function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The next `event` on the socket (its first argument), or a timeout. */
export function next<T = any>(socket: Socket, event: string, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Every `event` the socket receives from now on. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Emits with an acknowledgement and resolves with the answer. */
export function ask<T = any>(socket: Socket, event: string, payload: unknown, timeoutMs = WAIT_MS): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; for state that settles asynchronously. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await pause(25);
  }
}
