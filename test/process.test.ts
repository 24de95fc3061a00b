import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from './support/app';
import { client } from './support/http';
import { type TestStores, onServices, openTestStores } from './support/stores';

const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'src/main.ts');
// Absolute, so a child may run in another working directory (where its .env is).
const TSX = pathToFileURL(join(import.meta.dirname, '../node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('the command line and the process', () => {
  let stores: TestStores | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    // No secrets: embedded mode generates them once and keeps them in DATA_DIR.
    env = { LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(join(tmpdir(), 'madang-process-')) };
    if (onServices()) {
      stores = await openTestStores();
      env.DATABASE_URL = stores.databaseUrl!;
      env.REDIS_URL = process.env.TEST_REDIS_URL!;
      // Redis outlives test runs: counters of an earlier run must not be seen by this one.
      env.REDIS_KEY_PREFIX = `process-test-${Date.now()}`;
    }
  });
  afterAll(async () => {
    await stores?.close();
  });

  const spawnMain = (args: string[], extra: Record<string, string> = {}, cwd?: string) =>
    spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, env: { PATH: process.env.PATH, ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });

  const run = (args: string[], extra: Record<string, string> = {}, cwd?: string) =>
    new Promise<Run>((resolve) => {
      const child = spawnMain(args, extra, cwd);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  async function startServer(port: number): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
    const child = spawnMain(['start', 'fitmate'], { FITMATE_PORT: String(port) });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { child, exited, output: () => output };
      if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('stops on a bad setting, naming it', async () => {
    const bad = await run(['start'], { FITMATE_PORT: 'abc' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid setting FITMATE_PORT: expected a port number from 0 to 65535 (got "abc")');
    const production = await run(['migrate'], { NODE_ENV: 'production' });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain('Invalid setting JWT_SECRET: is required when NODE_ENV=production');
    const unknownApp = await run(['start', 'instagram']);
    expect(unknownApp.code).toBe(1);
    expect(unknownApp.stderr).toContain('"instagram" is not one of fitmate, mindpause, mimo');
  });

  it('prints the usage for help or no command, and starts nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'madang-help-'));
    for (const args of [[], ['help'], ['--help'], ['-h'], ['create-user', '--help']]) {
      const res = await run(args, { DATA_DIR: dataDir });
      expect(res.code, args.join(' ')).toBe(0);
      expect(res.stdout).toContain('Usage: npm start');
      expect(res.stdout).toContain('seed-demo');
      expect(res.stderr).toBe('');
    }
    const unknown = await run(['serve'], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "serve"');
    // Help reads no settings and opens nothing: no secrets were generated.
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('reads settings from a .env file in the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-dotenv-'));
    writeFileSync(join(dir, '.env'), '# a comment\nMIMO_PORT=not-a-port\n');
    const res = await run(['start', 'mimo'], {}, dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Invalid setting MIMO_PORT: expected a port number from 0 to 65535 (got "not-a-port")');
  });

  // Two server starts and several CLI runs: this one needs more than the default 30 s.
  it('migrates, creates the first admin, serves, finishes a request in flight on SIGTERM, and keeps data across a restart', { timeout: 300_000 }, async () => {
    const migrated = await run(['migrate']);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('Migrations applied');
    expect(migrated.stdout).toContain('JWT_SECRET and APP_SECRET not set: using secrets generated and kept in');

    const admin = uniqueEmail('admin');
    const created = await run(['create-user', '--app', 'fitmate', '--email', admin, '--password', 'first-admin-1', '--role', 'ADMIN', '--name', '관리자']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created fitmate user \d+ .* with roles ADMIN/);
    const weak = await run(['create-user', '--app', 'fitmate', '--email', uniqueEmail(), '--password', 'weak']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Invalid setting --password');
    const badRole = await run(['create-user', '--app', 'mindpause', '--email', uniqueEmail(), '--password', 'first-admin-1', '--role', 'TRAINER']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Invalid setting --role: TRAINER is not a mindpause role (USER, ADMIN)');

    const empty = await run(['outbox', '--app', 'fitmate']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No messages in the outbox (fitmate; email, sms, push).');

    const port = await freePort();
    const server = await startServer(port);
    const api = client(`http://127.0.0.1:${port}`);
    const login = await api.post('/api/auth/login', { body: { email: admin, password: 'first-admin-1' } });
    expect(login.status).toBe(200);
    expect(login.body.data.user).toMatchObject({ roles: ['ADMIN'], name: '관리자', emailVerified: true });
    const member = uniqueEmail('member');
    expect((await api.post('/api/auth/register', { body: { email: member, password: 'member-pass-1', name: '회원' } })).status).toBe(201);

    // Development: the demo accounts of the README exist from the first start, announced once.
    expect(server.output()).toContain('Demo accounts made for development');
    const demo = await api.post('/api/auth/login', { body: { email: 'demo@example.com', password: 'madang-demo-1' } });
    expect(demo.body.data?.user).toMatchObject({ roles: ['USER'], emailVerified: true });
    const demoAdmin = await api.post('/api/auth/login', { body: { email: 'admin@example.com', password: 'madang-admin-1' } });
    expect(demoAdmin.body.data?.user).toMatchObject({ roles: ['ADMIN'] });

    // An SMS code on the recording driver: its text is in the development log, and in the outbox.
    expect((await api.post('/sms/request-otp', { body: { phoneNumber: '010-2345-6789' } })).status).toBe(200);
    const deadline = Date.now() + 30_000;
    while (!/"text":"FitMate 인증번호: \d{6}/.test(server.output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const code = /"text":"FitMate 인증번호: (\d{6})/.exec(server.output())?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(server.output()).toContain('"to":"+8210****6789"');

    if (!onServices()) {
      const locked = await run(['migrate']);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('is in use by process');
    }

    // A request whose body is still arriving when SIGTERM comes is answered before the exit.
    const body = JSON.stringify({ email: member, password: 'member-pass-1' });
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    // `Expect: 100-continue`: the server's "100 Continue" says it has the request (no sleep racing a busy machine).
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
    await until(() => answer.startsWith('HTTP/1.1 100 Continue\r\n\r\n'), 30_000);
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(body);
    await new Promise((resolve) => socket.once('close', resolve));
    expect(answer.replace('HTTP/1.1 100 Continue\r\n\r\n', '')).toMatch(/^HTTP\/1\.1 200/);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');

    const outbox = await run(['outbox', '--app', 'fitmate', '--channel', 'sms']);
    expect(outbox.code).toBe(0);
    expect(outbox.stdout).toMatch(/fitmate sms to \+821023456789 \(sent, recording\)\n {2}otp_verification\n {4}FitMate 인증번호: (\d{6})/);
    expect(outbox.stdout).toContain(`FitMate 인증번호: ${code}`);

    const again = await startServer(port);
    try {
      // Announced once: they exist now.
      expect(again.output()).not.toContain('Demo accounts made');
      expect((await api.post('/api/auth/login', { body: { email: member, password: 'member-pass-1' } })).status).toBe(200);
      // Tokens from before the restart still work: the generated secrets were kept.
      expect((await api.get('/api/auth/me', { token: login.body.data.accessToken })).status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  });

  it('stops cleanly on a SIGTERM that comes while it starts (the port open, the demo accounts still being made)', { timeout: 300_000 }, async () => {
    const child = spawnMain(['start', 'fitmate'], { FITMATE_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'madang-early-signal-')) });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const listening = new Promise<void>((resolve) => {
      const read = (d: Buffer) => {
        output += d;
        if (output.includes('Server listening')) resolve();
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
    });
    await Promise.race([listening, exited]);
    child.kill('SIGTERM');
    // Killed by the signal's default action, the exit code would be null.
    expect(await exited).toBe(0);
    expect(output).toContain('shut down');
  });

  // What a process manager (SIGTERM to npm) and Ctrl-C in a terminal (SIGINT to the whole group) do.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops npm start on ${signal} with every process it started`, { timeout: 180_000 }, async () => {
      const port = await freePort();
      const npm = spawn('npm', ['start', '--', 'mindpause'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...env,
          DATA_DIR: mkdtempSync(join(tmpdir(), 'madang-npm-')),
          MINDPAUSE_PORT: String(port),
          DEMO_ACCOUNTS: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      npm.stdout!.on('data', (d) => (output += d));
      npm.stderr!.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => npm.on('exit', resolve));
      const deadline = Date.now() + 120_000;
      while (
        !(await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const tree = processTree(npm.pid!);
      try {
        expect(tree.length, output).toBeGreaterThan(1);
        if (signal === 'SIGTERM') process.kill(npm.pid!, 'SIGTERM');
        else process.kill(-npm.pid!, 'SIGINT');
        expect(await exited).toBe(0);
        const until = Date.now() + 30_000;
        while (tree.some(alive) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
        expect(tree.filter(alive), output).toEqual([]);
        expect(output).toContain('shutting down: draining');
        expect(output).not.toContain('second signal');
      } finally {
        // A failure here must not leave a server running.
        for (const pid of tree.filter(alive)) process.kill(pid, 'SIGKILL');
      }
    });
  }
});

/** A process and all its descendants, from /proc. */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** Waits until `done()` holds, checking every 50 ms; fails after `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not done within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Running or sleeping; a zombie waiting for its parent to read its exit counts as gone. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
