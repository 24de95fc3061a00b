/**
 * The MIMO app compatibility layer (issue 12) against the routes it sits beside: the camera list
 * (`GET /api/cameras`, which now also answers the app's `cameras` view) and the heartbeat, measured
 * on two checkouts in one run, their rounds alternating so both meet the same machine.
 *
 *   git archive <commit before the change> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   node --import tsx bench/mimo-compat.ts /tmp/before
 *
 * Each checkout runs MIMO alone on its own embedded PGlite (or, with BENCH_DATABASE_URL, its own
 * PostgreSQL database, recreated). The list user owns 20 cameras (the cap; one page); the
 * heartbeats beat 2,000 cameras, each by its own device credential. BENCH_DURATION (s, 10),
 * BENCH_CONNECTIONS (20), BENCH_RUNS (5), BENCH_MIMO_CONNECTIONS (100), BENCH_MIMO_BEATS (6000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recreateDatabase } from './database';
import { type Sample, fmt, measure, positiveInt, postJson, printTable, summarize } from './load';
import { heartbeats } from './mimo';
import { type Child, type Env, ROOT, freePort, runNode, startNode, waitUntilReady } from './processes';

const PASSWORD = 'bench-compat-2024';
const BEAT_CAMERAS = 2_000;
const LIST_CAMERAS = 20;

const settings = {
  durationSec: positiveInt('BENCH_DURATION', 10),
  connections: positiveInt('BENCH_CONNECTIONS', 20),
  runs: positiveInt('BENCH_RUNS', 5),
  beatConnections: positiveInt('BENCH_MIMO_CONNECTIONS', 100),
  beats: positiveInt('BENCH_MIMO_BEATS', 6_000),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
};

interface Checkout {
  label: string;
  dir: string;
  server: Child;
  baseUrl: string;
  listToken: string;
  cameras: Array<{ id: number; n: number }>;
}

/** Users and cameras made by the checkout's own code, then MIMO started from it. */
async function start(label: string, dir: string, work: string): Promise<Checkout> {
  const env: Env = {
    ...process.env,
    DATA_DIR: join(work, label),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_LOGIN: '100000/minute',
    RATE_LIMIT_GENERAL: '100000000/minute',
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop',
    APP_SECRET: 'bench-app-secret-0123456789abcdefghijklmnop',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (settings.databaseUrl) env.DATABASE_URL = await recreateDatabase(settings.databaseUrl, `madang_compat_${label}`);
  const ids: number[] = [];
  for (const who of ['beats', 'events', 'list']) {
    const out = await runNode(
      `${label}-user`,
      ['src/main.ts', 'create-user', '--app', 'mimo', '--email', `${who}@compat.example`, '--password', PASSWORD, '--name', 'Bench'],
      env,
      dir,
    );
    ids.push(Number(/user (\d+)/.exec(out)?.[1]));
  }
  const seeded = await runNode(`${label}-seed`, ['bench/mimo-seed.ts', String(ids[0]), String(ids[1]), String(BEAT_CAMERAS), '2'], env, dir);
  const { cameras } = JSON.parse(seeded.trim().split('\n').at(-1)!) as { cameras: Array<{ id: number; n: number }> };
  const port = await freePort();
  const server = startNode(label, ['src/main.ts', 'start', 'mimo'], { ...env, MIMO_PORT: String(port) }, dir);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(server, `${baseUrl}/health`);
  const listToken = (await postJson<{ data: { accessToken: string } }>(`${baseUrl}/api/auth/login`, { email: 'list@compat.example', password: PASSWORD })).data
    .accessToken;
  for (let i = 0; i < LIST_CAMERAS; i++) {
    await postJson(
      `${baseUrl}/api/cameras`,
      { name: `카메라 ${i + 1}`, deviceId: `compat-list-${i}`, location: '거실' },
      { authorization: `Bearer ${listToken}` },
    );
  }
  return { label, dir, server, baseUrl, listToken, cameras };
}

async function timed(server: Child, run: () => Promise<Sample>): Promise<Sample> {
  const before = server.cpuSeconds();
  const sample = await run();
  const after = server.cpuSeconds();
  return { ...sample, serverCpuMs: before === undefined || after === undefined ? Number.NaN : ((after - before) * 1000) / sample.responses };
}

const list = (c: Checkout) => () =>
  measure({ url: `${c.baseUrl}/api/cameras`, headers: { authorization: `Bearer ${c.listToken}` } }, settings.durationSec, settings.connections);
const beat = (c: Checkout) => () =>
  measure({ url: c.baseUrl, amount: settings.beats, setupClient: heartbeats({ cameras: c.cameras }, settings.beatConnections) }, 0, settings.beatConnections);

async function main() {
  const other = process.argv[2];
  if (!other) throw new Error('usage: bench/mimo-compat.ts <checkout to compare with (before the change)>');
  console.log(
    `${settings.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}; Node ${process.version}, ${availableParallelism()} CPUs; load average (1 min) before: ${loadavg()[0]!.toFixed(2)}`,
  );
  const work = mkdtempSync(join(tmpdir(), 'madang-compat-'));
  const checkouts: Checkout[] = [];
  try {
    checkouts.push(await start('before', resolve(other), work));
    checkouts.push(await start('after', ROOT, work));
    for (const c of checkouts) {
      const res = await fetch(`${c.baseUrl}/api/cameras`, { headers: { authorization: `Bearer ${c.listToken}` } });
      const body = (await res.json()) as { data: { items: unknown[] } };
      if (body.data.items.length !== LIST_CAMERAS) throw new Error(`${c.label}: the list has ${body.data.items.length} cameras`);
      // Warm-up: every camera comes online once (a status change each); the runs are the steady state.
      await timed(c.server, () =>
        measure(
          { url: c.baseUrl, amount: BEAT_CAMERAS, setupClient: heartbeats({ cameras: c.cameras }, settings.beatConnections) },
          0,
          settings.beatConnections,
        ),
      );
      await timed(c.server, () => measure({ url: `${c.baseUrl}/api/cameras`, headers: { authorization: `Bearer ${c.listToken}` } }, 2, settings.connections));
    }
    const samples = new Map<string, Sample[]>();
    const add = (key: string, s: Sample) => samples.set(key, [...(samples.get(key) ?? []), s]);
    for (let round = 1; round <= settings.runs; round++) {
      // Alternate which goes first, so neither always meets the machine warmer.
      const order = round % 2 ? checkouts : [...checkouts].reverse();
      for (const c of order) {
        add(`list ${c.label}`, await timed(c.server, list(c)));
        add(`beat ${c.label}`, await timed(c.server, beat(c)));
        console.log(
          `round ${round}/${settings.runs} ${c.label}: list ${fmt(samples.get(`list ${c.label}`)!.at(-1)!.rps, 0)} req/s, heartbeat ${fmt(samples.get(`beat ${c.label}`)!.at(-1)!.rps, 0)} req/s`,
        );
      }
    }
    printTable(`MIMO, before and after the app compatibility layer (${settings.runs} alternating rounds)`, [
      { label: `GET /api/cameras (${LIST_CAMERAS} cameras), before`, samples: samples.get('list before')! },
      { label: `GET /api/cameras (${LIST_CAMERAS} cameras), after`, samples: samples.get('list after')! },
      { label: `POST /api/cameras/:id/heartbeat (${BEAT_CAMERAS} cameras), before`, samples: samples.get('beat before')! },
      { label: `POST /api/cameras/:id/heartbeat (${BEAT_CAMERAS} cameras), after`, samples: samples.get('beat after')! },
    ]);
    for (const kind of ['list', 'beat']) {
      const [b, a] = [summarize(samples.get(`${kind} before`)!), summarize(samples.get(`${kind} after`)!)];
      console.log(
        `${kind === 'list' ? 'Camera list' : 'Heartbeat'} after ÷ before: req/s ${fmt(a.rps / b.rps, 2)}, p50 ${fmt(a.p50 / b.p50, 2)}, server CPU per request ${fmt(a.serverCpuMs / b.serverCpuMs, 2)}`,
      );
    }
  } finally {
    for (const c of checkouts) {
      const code = await c.server.stop();
      if (code !== 0) console.warn(`${c.label} exited with ${code}`);
    }
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
