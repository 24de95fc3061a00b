import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { onServices } from './support/stores';

// Issue 17: nothing written is lost on a crash or a SIGTERM, on the embedded default (PGlite in
// its own thread under DATA_DIR). The process is a real `start`, stopped or killed from outside.
const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'src/main.ts');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const PASSWORD = 'durable-pass-1';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | string>;
}

async function start(dataDir: string): Promise<Server> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    DATA_DIR: dataDir,
    MINDPAUSE_PORT: String(port),
    DEMO_ACCOUNTS: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_GENERAL: '1000000/minute',
    RATE_LIMIT_LOGIN: '10000/minute',
  };
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'start', 'mindpause'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, base, exited };
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; data: { id?: number; accessToken?: string } }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, data: ((await res.json()) as { data: { id?: number; accessToken?: string } }).data };
}

const mood = (i: number) => ({ emotion: 'calm', intensity: 1 + (i % 10), note: `기록 ${i}` });

/** Every mood record of the user, by its note, read back through the API. */
async function notes(base: string, email: string): Promise<Set<string>> {
  const { data } = await post(`${base}/api/v1/auth/login`, { email, password: PASSWORD });
  const found = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await fetch(`${base}/api/v1/emotions?limit=100&page=${page}`, { headers: { authorization: `Bearer ${data.accessToken}` } });
    const body = (await res.json()) as { data: { items: Array<{ note: string }>; pagination: { hasNext: boolean } } };
    expect(res.status).toBe(200);
    for (const item of body.data.items) found.add(item.note);
    if (!body.data.pagination.hasNext) return found;
  }
}

/**
 * Writes from 8 clients at once until `stop` is called, keeping the note of every write the
 * server acknowledged (201); writes cut off by the process ending are simply not acknowledged.
 */
function writeUntilStopped(base: string, token: string) {
  const acknowledged: string[] = [];
  let next = 0;
  let stopping = false;
  const client = async () => {
    while (!stopping) {
      const record = mood(next++);
      const res = await post(`${base}/api/v1/emotions`, record, token).catch(() => undefined);
      if (res?.status === 201) acknowledged.push(record.note);
      else if (!res) return;
    }
  };
  const clients = Array.from({ length: 8 }, client);
  return {
    acknowledged,
    async stop() {
      stopping = true;
      await Promise.all(clients);
    },
  };
}

describe.skipIf(onServices())('durability of the embedded default', () => {
  for (const how of ['SIGTERM', 'SIGKILL'] as const) {
    it(`keeps every acknowledged write when the process gets ${how} in the middle of writes`, { timeout: 300_000 }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), `madang-durable-${how}-`));
      const email = `durable-${how.toLowerCase()}@example.com`;
      const first = await start(dataDir);
      expect((await post(`${first.base}/api/v1/auth/register`, { email, password: PASSWORD, nickname: '기록' })).status).toBe(201);
      const { data } = await post(`${first.base}/api/v1/auth/login`, { email, password: PASSWORD });

      const writes = writeUntilStopped(first.base, data.accessToken!);
      // Let a good number of writes through, then stop the process under them.
      while (writes.acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 20));
      first.child.kill(how);
      const code = await first.exited;
      await writes.stop();
      // SIGTERM is a clean stop (exit 0); SIGKILL is a crash, the kernel ending the process mid-write.
      expect(code).toBe(how === 'SIGTERM' ? 0 : 'SIGKILL');
      expect(writes.acknowledged.length).toBeGreaterThanOrEqual(150);

      const second = await start(dataDir);
      try {
        const stored = await notes(second.base, email);
        const lost = writes.acknowledged.filter((note) => !stored.has(note));
        expect(lost).toEqual([]);
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
    });
  }
});
