import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { importJWK, jwtVerify } from 'jose';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const cert = fixture('push-service.crt');

// web-push sends with https.request on the global agent: this process (tests and the apps they
// start) trusts the fake push service's self-signed certificate, and every public root as before.
https.globalAgent.options.ca = [...tls.rootCertificates, cert];

interface Ece {
  decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ReturnType<typeof createECDH>; authSecret: Buffer }): Buffer;
}
// web-push's own encryption library, used here the way a browser would decrypt.
const ece = createRequire(createRequire(import.meta.url).resolve('web-push'))('http_ece') as Ece;

/** One request the fake push service received, after it checked VAPID and the encryption headers. */
export interface PushRequest {
  path: string;
  status: number;
  ttl: number;
  urgency: string | undefined;
  /** The VAPID key the sender signed with, and the JWT's subject. */
  vapidKey: string;
  subject: string;
  body: Buffer;
}

/** A browser's push subscription with its real P-256 key pair, able to read what is sent to it. */
export interface Browser {
  endpoint: string;
  /** What `PushSubscription.toJSON()` gives, for `POST …/push/subscriptions`. */
  json: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  decrypt(request: PushRequest): any;
}

/**
 * A push service (RFC 8030) over HTTPS on a free port. It refuses a request without a valid
 * VAPID signature for its origin (401) or without aes128gcm content (400), answers 201 unless
 * told otherwise (`answer(410)`, `answer(500, 500)`), and keeps every request it accepted.
 */
export async function startPushService() {
  const requests: PushRequest[] = [];
  const refused: string[] = [];
  const answers = new Map<string, number[]>();
  let origin = '';

  const check = async (req: IncomingMessage, body: Buffer): Promise<Omit<PushRequest, 'path' | 'status' | 'body'>> => {
    const vapid = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '');
    if (!vapid) throw new Error(`401 authorization is not "vapid t=…, k=…": ${req.headers.authorization}`);
    const raw = Buffer.from(vapid[2]!, 'base64url');
    if (raw.length !== 65 || raw[0] !== 4) throw new Error('401 k is not an uncompressed P-256 key');
    const key = await importJWK({ kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, 'ES256');
    const { payload } = await jwtVerify(vapid[1]!, key, { audience: origin, algorithms: ['ES256'] }).catch((error: Error) => {
      throw new Error(`401 ${error.message}`);
    });
    if (!payload.exp || payload.exp > Date.now() / 1000 + 24 * 3600) throw new Error('401 exp missing or more than 24 hours ahead');
    if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`400 content-encoding ${req.headers['content-encoding']}`);
    if (req.headers['content-type'] !== 'application/octet-stream') throw new Error(`400 content-type ${req.headers['content-type']}`);
    if (!body.length || body.length > 4096) throw new Error(`400 body of ${body.length} bytes`);
    const ttl = Number(req.headers.ttl);
    if (!Number.isInteger(ttl) || ttl < 0) throw new Error(`400 TTL ${req.headers.ttl}`);
    return { ttl, urgency: req.headers.urgency as string | undefined, vapidKey: vapid[2]!, subject: String(payload.sub) };
  };

  const server = https.createServer({ key: fixture('push-service.key'), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      check(req, body).then(
        (checked) => {
          const status = answers.get(req.url ?? '')?.shift() ?? 201;
          requests.push({ path: req.url ?? '', status, body, ...checked });
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? `push service says ${status}` : '');
        },
        (error: Error) => {
          refused.push(error.message);
          res.writeHead(Number(error.message.slice(0, 3)) || 400).end(error.message);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    /** Reasons the service refused requests for (a bad signature, missing encryption). */
    refused,
    /** The statuses to answer a browser's next requests with, in order; 201 after them. */
    answer(browser: Browser, ...statuses: number[]) {
      const path = new URL(browser.endpoint).pathname;
      answers.set(path, [...(answers.get(path) ?? []), ...statuses]);
    },
    /** Requests to one browser's endpoint. */
    to: (browser: Browser) => requests.filter((r) => `${origin}${r.path}` === browser.endpoint),
    browser(): Browser {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `${origin}/push/v2/${randomUUID()}`;
      return {
        endpoint,
        json: { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') } },
        decrypt: (request) => JSON.parse(ece.decrypt(request.body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8')),
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type PushService = Awaited<ReturnType<typeof startPushService>>;
