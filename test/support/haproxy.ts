import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The load balancer configuration compose.yaml runs; the tests run the very same file. */
export const HAPROXY_CFG = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));

/** Whether HAProxy is installed (`.ci/run` installs Debian's; the tests that need it skip without it). */
export const haproxyInstalled = () => spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;

export interface Haproxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts HAProxy in the foreground with deploy/haproxy.cfg; `servers` gives each server's
 * address (FITMATE_A, FITMATE_B, …), `bind` the address it listens on. Resolves once it answers.
 */
export async function startHaproxy(bind: string, servers: Record<string, string>): Promise<Haproxy> {
  const proc: ChildProcess = spawn('haproxy', ['-db', '-f', HAPROXY_CFG], {
    env: { PATH: process.env.PATH, LB_BIND: bind, ...servers },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  proc.stderr!.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://${bind}`;
  const deadline = performance.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`haproxy exited: ${errors}`);
    const up = await fetch(`${url}/`).then(
      (r) => r.arrayBuffer().then(() => true),
      () => false,
    );
    if (up) break;
    if (performance.now() > deadline) throw new Error(`haproxy did not start: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
