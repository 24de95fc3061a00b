import { hkdfSync, randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import type { Socket } from 'socket.io-client';
import { TEST_SECRETS, type TestApp } from './app';
import { WAIT_MS } from './waits';

/** How a socket ended: the reason it was told (`auth:ended`), why it closed, and when. */
export interface SocketEnd {
  ended?: { code: string; message: string };
  reason: string;
  at: number;
}

/** Resolves when the server closes the socket (with what it said first); rejects if it stays open. */
export function endOf(socket: Socket, timeoutMs = WAIT_MS): Promise<SocketEnd> {
  return new Promise((resolve, reject) => {
    let ended: SocketEnd['ended'];
    socket.on('auth:ended', (payload) => (ended = payload));
    const timer = setTimeout(() => reject(new Error(`the socket was still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ ended, reason, at: Date.now() });
    });
  });
}

/** The names of every event packet the socket's connection receives, even ones the client never hands on. */
export function wire(socket: Socket): string[] {
  const seen: string[] = [];
  socket.io.on('packet', (packet: { type: number; data?: unknown[] }) => {
    if (packet.type === 2 && Array.isArray(packet.data)) seen.push(String(packet.data[0]));
  });
  return seen;
}

/**
 * An access token as the app itself would sign one (its key is derived from JWT_SECRET), with the
 * claims changed: a short life, or a session id that is not a UUID.
 */
export async function forgeAccessToken(app: string, real: string, claims: { expiresInSec?: number; sid?: string } = {}): Promise<string> {
  const key = new Uint8Array(hkdfSync('sha256', TEST_SECRETS.JWT_SECRET, 'madang', `jwt:${app}`, 32));
  const { sub, sid } = decodeJwt(real) as { sub: string; sid: string };
  return new SignJWT({ typ: 'access', sid: claims.sid ?? sid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer('madang')
    .setAudience(app)
    .setIssuedAt()
    .setExpirationTime(`${claims.expiresInSec ?? 900}s`)
    .setJti(randomUUID())
    .sign(key);
}

/** The server's own view of the sockets in a room (on every node). */
export async function socketsIn(t: TestApp, room: string) {
  return t.app.gateway.io.in(room).fetchSockets();
}
