import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One item of an envelope the SDK sent: its header and its payload (JSON when it parses). */
export interface EnvelopeItem {
  header: { type: string } & Record<string, unknown>;
  payload: any;
}

export interface FakeSentry {
  /** The DSN to give SENTRY_DSN: the SDK sends to this server. */
  dsn: string;
  /** Every envelope received, as its raw text (for "does not contain" checks) and its items. */
  envelopes: Array<{ raw: string; header: Record<string, unknown>; items: EnvelopeItem[] }>;
  /** The error events received so far. */
  events(): any[];
  close(): Promise<void>;
}

/**
 * A local stand-in for Sentry's ingest: takes envelopes at /api/<project>/envelope/ (gzipped or
 * not) with the DSN's public key, and keeps them for the test to read.
 */
export async function startFakeSentry(): Promise<FakeSentry> {
  const envelopes: FakeSentry['envelopes'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const auth = `${req.headers['x-sentry-auth'] ?? ''}${req.url}`;
      if (req.method !== 'POST' || !/^\/api\/42\/envelope\/?/.test(req.url ?? '') || !auth.includes('sentry_key=testpublickey')) {
        res.writeHead(404).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const raw = body.toString('utf8');
      const [head, ...rest] = raw.split('\n');
      const items: EnvelopeItem[] = [];
      for (let i = 0; i + 1 < rest.length; i += 2) {
        if (!rest[i]) continue;
        const header = JSON.parse(rest[i]!);
        let payload: unknown = rest[i + 1];
        try {
          payload = JSON.parse(rest[i + 1]!);
        } catch {
          // not JSON: keep the text
        }
        items.push({ header, payload });
      }
      envelopes.push({ raw, header: JSON.parse(head!), items });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://testpublickey@127.0.0.1:${port}/42`,
    envelopes,
    events: () => envelopes.flatMap((e) => e.items.filter((item) => item.header.type === 'event').map((item) => item.payload)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
