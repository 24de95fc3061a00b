/**
 * Start-up time and idle CPU (issue 17): starts the three apps as `npm start` does (its script,
 * run by a shell that execs node), times spawn → every app's GET /health answering 200, lets
 * start-up settle, then reads the server's CPU time (user + system, /proc) over a stretch with
 * nothing to do.
 *
 *   node --import tsx bench/idle.ts
 *   BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… node --import tsx bench/idle.ts
 *
 * The embedded default (PGlite, in-process cache, fresh DATA_DIR) is always measured; with both
 * URLs the PostgreSQL + Redis mode too (database `madang_idle`, dropped and recreated).
 * IDLE_SECONDS (default 30), IDLE_SETTLE_SECONDS (default 10), IDLE_STARTS (start-ups timed per
 * mode, default 2: the first also fills caches such as tsx's).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

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
  idleMsPerSecond: number;
}

async function measureMode(label: string, stores: { databaseUrl?: string; redisUrl?: string }): Promise<Result> {
  const idleSec = positiveInt('IDLE_SECONDS', 30);
  const settleSec = positiveInt('IDLE_SETTLE_SECONDS', 10);
  const starts = positiveInt('IDLE_STARTS', 2);
  const dataDir = mkdtempSync(join(tmpdir(), 'madang-idle-'));
  const databaseUrl = stores.databaseUrl && (await recreateDatabase(stores.databaseUrl, IDLE_DATABASE));
  const startSeconds: number[] = [];
  const startCpuSeconds: number[] = [];
  let idleMsPerSecond = Number.NaN;
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
        const cpu = cpuSeconds(server.pid);
        startCpuSeconds.push(cpu);
        console.log(`${label}: start ${round}/${starts} healthy in ${fmt(seconds, 2)} s, ${fmt(cpu, 2)} s of CPU (load avg ${loadavg()[0]!.toFixed(2)})`);
        if (round === starts) {
          await new Promise((resolve) => setTimeout(resolve, settleSec * 1000));
          const before = cpuSeconds(server.pid);
          const t0 = process.hrtime.bigint();
          await new Promise((resolve) => setTimeout(resolve, idleSec * 1000));
          const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
          idleMsPerSecond = ((cpuSeconds(server.pid) - before) * 1000) / elapsed;
          console.log(
            `${label}: idle ${fmt(idleMsPerSecond, 2)} ms CPU per second over ${idleSec} s (after ${settleSec} s settling; load avg ${loadavg()[0]!.toFixed(2)})`,
          );
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (stores.databaseUrl) await dropDatabase(stores.databaseUrl, IDLE_DATABASE);
  }
  return { startSeconds, startCpuSeconds, idleMsPerSecond };
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
  console.log('\n| mode | start-up to healthy (s), each start | its CPU (s) | idle CPU (ms per s) |\n|---|---|---|---|');
  for (const [label, r] of results) {
    console.log(
      `| ${label} | ${r.startSeconds.map((s) => fmt(s, 2)).join(', ')} | ${r.startCpuSeconds.map((s) => fmt(s, 2)).join(', ')} | ${fmt(r.idleMsPerSecond, 2)} |`,
    );
  }
}

await main();
