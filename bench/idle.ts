/**
 * Start-up time and idle CPU (issue 17): starts the three apps as `npm start` does (its script,
 * run by a shell that execs node), times spawn → every app's GET /health answering 200, lets
 * start-up settle, then reads the server's CPU time (user + system, /proc) over a stretch with
 * nothing to do, in all and per thread: the main thread, the PGlite thread (embedded mode) and
 * the others (V8's helpers: compilation and garbage collection; libuv's pool).
 *
 * The settling stretch is read too, as its own figure: for a minute or two after start-up V8
 * shrinks the heaps it grew while starting (its memory reducer: a few full collections of each
 * isolate, on the main thread and V8's helper threads), half a second to a second of CPU that a
 * window opening 30 s after start-up counts as idle. The default settle (120 s) lets that pass, so the
 * idle figure is the steady state.
 *
 *   node --import tsx bench/idle.ts
 *   BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… node --import tsx bench/idle.ts
 *
 * The embedded default (PGlite, in-process cache, fresh DATA_DIR) is always measured; with both
 * URLs the PostgreSQL + Redis mode too (database `madang_idle`, dropped and recreated).
 * IDLE_SECONDS (default 120), IDLE_SETTLE_SECONDS (default 120), IDLE_STARTS (start-ups timed per
 * mode, default 2: the first also fills caches such as tsx's).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, recreateDatabase } from './database';
import { fmt, positiveInt } from './load';
import { type Env, ROOT, freePort, startScript } from './processes';

const IDLE_DATABASE = 'madang_idle';
const TICKS_PER_SECOND = 100;

interface Server {
  pid: number;
  exited: Promise<unknown>;
  hasExited(): boolean;
  stop(): Promise<unknown>;
}

function start(env: Env): Server {
  const proc = spawn('sh', ['-c', startScript()], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let ended = false;
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => ((ended = true), resolve(code ?? signal))));
  return {
    pid: proc.pid!,
    exited,
    hasExited: () => {
      if (ended && stderr) console.error(stderr);
      return ended;
    },
    async stop() {
      if (ended) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU seconds (user + system) of a process (`/proc/<pid>/stat`) or one of its threads (`/proc/<pid>/task/<tid>/stat`). */
function cpuSeconds(stat: string): number {
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds of each thread of the process, by thread id (threads that ended are not counted). */
function threadCpuSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(Number(tid), cpuSeconds(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return threads;
}

interface Split {
  total: number;
  main: number;
  /** The PGlite thread (embedded mode); 0 with PostgreSQL. */
  pglite: number;
  others: number;
}

/**
 * The PGlite thread, which Node does not name (all its threads are `node`): V8's helper threads
 * start with the process, libuv's pool (next to no CPU) when first used; the PGlite thread starts
 * when the database opens, after the modules are loaded. So: of the threads started a second or
 * more after the main thread, the one that has worked most.
 */
function pgliteThread(pid: number, cpu: Map<number, number>): number | undefined {
  const started = (tid: number) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
  const mainStarted = started(pid);
  const late = [...cpu].filter(([tid]) => tid !== pid && started(tid) - mainStarted >= TICKS_PER_SECOND);
  return late.sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Milliseconds of CPU per second since a reading, in all and per thread. */
function split(pid: number, from: { at: bigint; total: number; threads: Map<number, number> }, pgliteTid: number | undefined): Split {
  const seconds = Number(process.hrtime.bigint() - from.at) / 1e9;
  const rate = (cpu: number) => (cpu * 1000) / seconds;
  const threads = threadCpuSeconds(pid);
  const spent = (tid: number) => (threads.get(tid) ?? 0) - (from.threads.get(tid) ?? 0);
  const total = rate(cpuSeconds(`/proc/${pid}/stat`) - from.total);
  const main = rate(spent(pid));
  const pglite = pgliteTid === undefined ? 0 : rate(spent(pgliteTid));
  return { total, main, pglite, others: total - main - pglite };
}

function reading(pid: number) {
  return { at: process.hrtime.bigint(), total: cpuSeconds(`/proc/${pid}/stat`), threads: threadCpuSeconds(pid) };
}

const show = (s: Split) => `${fmt(s.total, 2)} ms/s (main ${fmt(s.main, 2)}, PGlite ${fmt(s.pglite, 2)}, others ${fmt(s.others, 2)})`;

async function healthy(server: Server, urls: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  while (pending.size) {
    if (server.hasExited()) throw new Error('the server exited before it was healthy');
    if (Date.now() > deadline) throw new Error(`not healthy within ${timeoutMs / 1000} s: ${[...pending].join(', ')}`);
    for (const url of [...pending]) {
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status === 200) pending.delete(url);
      } catch {
        // Not listening yet.
      }
    }
    if (pending.size) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Result {
  startSeconds: number[];
  startCpuSeconds: number[];
  settling?: Split;
  idle?: Split;
}

async function measureMode(label: string, stores: { databaseUrl?: string; redisUrl?: string }): Promise<Result> {
  const idleSec = positiveInt('IDLE_SECONDS', 120);
  const settleSec = positiveInt('IDLE_SETTLE_SECONDS', 120);
  const starts = positiveInt('IDLE_STARTS', 2);
  const dataDir = mkdtempSync(join(tmpdir(), 'madang-idle-'));
  const databaseUrl = stores.databaseUrl && (await recreateDatabase(stores.databaseUrl, IDLE_DATABASE));
  const startSeconds: number[] = [];
  const startCpuSeconds: number[] = [];
  let settling: Split | undefined;
  let idle: Split | undefined;
  try {
    for (let round = 1; round <= starts; round++) {
      const ports = { FITMATE_PORT: await freePort(), MINDPAUSE_PORT: await freePort(), MIMO_PORT: await freePort(), MIMO_SIGNALLING_PORT: await freePort() };
      const env: Env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, REDIS_URL: stores.redisUrl };
      for (const [key, port] of Object.entries(ports)) env[key] = String(port);
      if (!databaseUrl) delete env.DATABASE_URL;
      if (!stores.redisUrl) delete env.REDIS_URL;
      const began = Date.now();
      const server = start(env);
      try {
        await healthy(
          server,
          [ports.FITMATE_PORT, ports.MINDPAUSE_PORT, ports.MIMO_PORT].map((port) => `http://127.0.0.1:${port}/health`),
        );
        const seconds = (Date.now() - began) / 1000;
        startSeconds.push(seconds);
        // CPU the server spent getting there: what a busy machine does not inflate as it does the wall time.
        const cpu = cpuSeconds(`/proc/${server.pid}/stat`);
        startCpuSeconds.push(cpu);
        console.log(`${label}: start ${round}/${starts} healthy in ${fmt(seconds, 2)} s, ${fmt(cpu, 2)} s of CPU (load avg ${loadavg()[0]!.toFixed(2)})`);
        if (round === starts) {
          const healthyAt = reading(server.pid);
          const pgliteTid = databaseUrl ? undefined : pgliteThread(server.pid, healthyAt.threads);
          await new Promise((resolve) => setTimeout(resolve, settleSec * 1000));
          settling = split(server.pid, healthyAt, pgliteTid);
          console.log(`${label}: settling ${show(settling)} over the ${settleSec} s after healthy (load avg ${loadavg()[0]!.toFixed(2)})`);
          const before = reading(server.pid);
          await new Promise((resolve) => setTimeout(resolve, idleSec * 1000));
          idle = split(server.pid, before, pgliteTid);
          console.log(`${label}: idle ${show(idle)} over ${idleSec} s (after ${settleSec} s settling; load avg ${loadavg()[0]!.toFixed(2)})`);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (stores.databaseUrl) await dropDatabase(stores.databaseUrl, IDLE_DATABASE);
  }
  return { startSeconds, startCpuSeconds, settling, idle };
}

async function main() {
  console.log(
    `Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); load avg (1 min) before: ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`npm start runs: ${startScript()}`);
  const modes: Array<[string, { databaseUrl?: string; redisUrl?: string }]> = [['embedded PGlite + in-process cache', {}]];
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const redisUrl = process.env.BENCH_REDIS_URL;
  if (databaseUrl && redisUrl) modes.push(['PostgreSQL + Redis', { databaseUrl, redisUrl }]);
  const results: Array<[string, Result]> = [];
  for (const [label, stores] of modes) results.push([label, await measureMode(label, stores)]);
  console.log(
    '\n| mode | start-up to healthy (s), each start | its CPU (s) | settling (ms/s) | idle CPU (ms/s) | main | PGlite | others |\n|---|---|---|--:|--:|--:|--:|--:|',
  );
  for (const [label, r] of results) {
    const idle = r.idle ? [r.idle.total, r.idle.main, r.idle.pglite, r.idle.others].map((v) => fmt(v, 2)).join(' | ') : '– | – | – | –';
    console.log(
      `| ${label} | ${r.startSeconds.map((s) => fmt(s, 2)).join(', ')} | ${r.startCpuSeconds.map((s) => fmt(s, 2)).join(', ')} | ${r.settling ? fmt(r.settling.total, 2) : '–'} | ${idle} |`,
    );
  }
}

await main();
