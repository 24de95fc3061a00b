import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { TestApp } from './app';
import { uniqueEmail } from './app';
import { WAIT_MS } from './waits';

/**
 * The real MIMO app (jhnnnp/MIMO_Homecam_frontend) as ../shared/clients/mimo-app.md describes it:
 * its three ways of sending HTTP requests, each with exactly the headers it sends, and its plain
 * WebSocket with `{type, data}` frames. Tests speak to Madang only through these.
 */

/** Meets the app's own rule (upper, lower, digit, one of @$!%*?&) and ours. */
export const APP_PASSWORD = 'Homecam!2024';

export interface AppReply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

async function exchange(url: string, init: RequestInit): Promise<AppReply> {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body, text };
}

type Send = { token?: string; body?: unknown };

/** The app's HTTP transports against a running MIMO (paths relative to its API base, `/api`). */
export function appHttp(t: TestApp) {
  const api = `${t.api.baseUrl}/api`;
  return {
    /** axios: Accept as axios sends it; a Bearer token when one is stored; Content-Type only with a body. */
    axios(method: string, path: string, { token, body }: Send = {}) {
      const headers: Record<string, string> = { accept: 'application/json, text/plain, */*' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return exchange(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    /** makeAuthenticatedRequest: Accept and Content-Type JSON always, even with no body. */
    fetchHelper(method: string, path: string, { token, body }: Send = {}) {
      const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      return exchange(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    /** The health checks: a bare fetch of a full URL. */
    plain(url: string) {
      return exchange(url, { method: 'GET' });
    },
  };
}
export type AppHttp = ReturnType<typeof appHttp>;

export interface Person {
  id: number;
  email: string;
  name: string;
  accessToken: string;
  refreshToken: string;
}

/** Signs up through the app's RegisterScreen call and logs in through LoginScreen's. */
export async function appUser(http: AppHttp, name = '김지킴'): Promise<Person> {
  const email = uniqueEmail('app');
  const signup = await http.axios('POST', '/auth/signup', {
    body: {
      email,
      password: APP_PASSWORD,
      name,
      nickname: name,
      agreeTerms: true,
      agreePrivacy: true,
      agreeMicrophone: true,
      agreeLocation: true,
      agreeMarketing: false,
    },
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.text}`);
  const login = await http.axios('POST', '/auth/login', { body: { email, password: APP_PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { id: signup.body.data.user.id, email, name, accessToken: login.body.data.accessToken, refreshToken: login.body.data.refreshToken };
}

/** The camera id the app makes for a user's phone. */
export const appCameraId = (user: { id: number }) => `MIMO_USER_${user.id}_MAIN_CAM`;

/** The app's signalling URL on MIMO's own port, with the one change the app needs: `?token=`. */
export function signallingUrl(t: TestApp, token: string | undefined, port?: number): string {
  const own = (t.app.http.server.address() as AddressInfo).port;
  return `ws://127.0.0.1:${port ?? own}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
}

export interface Frame {
  type: string;
  data?: any;
}

/** How a WebSocket was refused before it opened: the HTTP status and body of the refusal. */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
  ) {
    super(`refused with ${status}`);
  }
}

/**
 * The app's signalling socket (the platform WebSocket): JSON text frames `{type, data}`. Every
 * frame received is kept; `next` takes them in order, type by type.
 */
export class AppSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly taken = new Set<Frame>();
  private readonly waiting = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.frames.push(JSON.parse(String(raw)) as Frame);
      for (const wake of [...this.waiting]) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(url: string): Promise<AppSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new AppSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => reject(new Refused(res.statusCode ?? 0, text ? JSON.parse(text) : undefined)));
      });
      ws.once('error', (err) => reject(err));
    });
  }

  send(type: string, data?: unknown): void {
    this.ws.send(JSON.stringify(data === undefined ? { type } : { type, data }));
  }

  /** The next frame of this type (matching `match`) not yet taken, waiting for it if need be. */
  next(type: string, match: (data: any) => boolean = () => true, timeoutMs = WAIT_MS): Promise<any> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const frame = this.frames.find((f) => f.type === type && !this.taken.has(f) && match(f.data));
        if (!frame) return false;
        this.taken.add(frame);
        this.waiting.delete(look);
        clearTimeout(timer);
        resolve(frame.data);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiting.delete(look);
        reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, timeoutMs);
      if (!look()) this.waiting.add(look);
    });
  }

  /** Every frame of a type received so far. */
  all(type: string): any[] {
    return this.frames.filter((f) => f.type === type).map((f) => f.data);
  }

  close(): void {
    this.ws.close(1000, 'done');
  }
}

/** A session description as a phone makes it (enough for the server, which only relays it). */
export const sdpOf = (kind: 'offer' | 'answer') => `v=0\r\no=- 46117314 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=${kind}\r\n`;
export const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 54321 typ host', sdpMid: '0', sdpMLineIndex: 0 };
