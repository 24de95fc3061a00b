import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from it so `src/…` and `drizzle/…` resolve as in `npm start`. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type Env = Record<string, string | undefined>;

export interface Child {
  readonly name: string;
  /** The process id (undefined if it could not be spawned). */
  readonly pid: number | undefined;
  /** Exit code, or the signal name, once the process has ended. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** CPU seconds (user + system, all threads) the process has used; undefined where there is no /proc. */
  cpuSeconds(): number | undefined;
  /** Resident memory in bytes; undefined where there is no /proc. */
  rssBytes(): number | undefined;
  /** SIGTERM, then SIGKILL if it has not ended within `graceMs`. Resolves with how it ended. */
  stop(graceMs?: number): Promise<number | string>;
}

/** A port nothing listens on right now (the OS picks it; another process could still take it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a TypeScript entry point under tsx in its own process (from `cwd`, the repository by default), its output prefixed on our stderr. */
export function startNode(name: string, args: string[], env: Env, cwd = ROOT): Child {
  return track(name, spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** `npm start`'s own command line (its script in package.json: build if stale, then exec node on dist/). */
export function startScript(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.start!;
}

/**
 * The built server as users run it: `npm start`'s script, run the way npm runs it (sh -c; the
 * script execs node, so the child's pid is the server's), with `args` after its `start` (the apps).
 */
export function startServer(name: string, args: string[], env: Env): Child {
  return track(name, spawn('sh', ['-c', `${startScript()} "$@"`, 'sh', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function track(name: string, proc: ChildProcess): Child {
  forward(proc, name);
  let code: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (exitCode, signal) => {
      code = exitCode ?? signal ?? 'unknown';
      resolve(code);
    });
  });
  return {
    name,
    pid: proc.pid,
    exited,
    hasExited: () => code !== undefined,
    cpuSeconds: () => (proc.pid === undefined ? undefined : cpuSecondsOf(proc.pid)),
    rssBytes: () => (proc.pid === undefined ? undefined : rssBytesOf(proc.pid)),
    async stop(graceMs = 20_000) {
      if (code !== undefined) return code;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Runs a TypeScript CLI command to its end (from `cwd`) and returns its stdout; a non-zero exit is an error. */
export async function runNode(name: string, args: string[], env: Env, cwd = ROOT): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${name} exited with ${code}: ${output.trim()}`);
  return output;
}

// Linux reports utime and stime (fields 14 and 15 of /proc/<pid>/stat) in clock ticks, which
// are 100 a second on every mainstream kernel; Node has no way to ask for the real figure.
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function rssBytesOf(pid: number): number | undefined {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

function forward(proc: ChildProcess, name: string) {
  for (const stream of [proc.stdout, proc.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => console.error(`[${name}] ${line}`));
  }
}

/** Polls `url` until it answers 200; fails early if the process dies, since it never will then. */
export async function waitUntilReady(child: Child, url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`${child.name} exited with ${await child.exited} before answering ${url}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs / 1000} s`);
}
