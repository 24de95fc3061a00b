/**
 * Issue 17: the embedded default against Madang's own PostgreSQL + Redis mode, on the hottest route
 * of each app, so a regression of either mode shows as a ratio.
 *
 *   node --import tsx bench/compare.ts           (BENCH_ONLY=compare npm run bench does the same)
 *   BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://…   (the PostgreSQL mode; without them
 *   only the embedded mode runs)
 *
 * Each mode gets one process running all three apps (`start fitmate mimo mindpause`, as in
 * bench/run.ts), started afresh on an empty store; both run side by side, and each route runs
 * BENCH_COMPARE_SECONDS (default 10) at BENCH_CONNECTIONS (default 20) on one mode then the other
 * (after a 2 s warm-up each), so that a shared machine's drift meets both alike. The server is the
 * built one, started by `npm start`'s own script (scripts/build.mjs first if src/ changed), preloaded
 * with bench/loop-probe.mjs, which reports its event-loop delay and memory for each route's window;
 * with BENCH_HEAP_SNAPSHOTS=<dir>, each server writes a heap snapshot there after the runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, recreateDatabase } from './database';
import { type LoadOptions, type Sample, bearer, fmt, measure, positiveInt, postJson } from './load';
import { heartbeats } from './mimo';
import { type Child, type Env, freePort, runNode, startServer, waitUntilReady } from './processes';

const DATABASE = 'madang_compare';
const PASSWORD = 'bench-compare-2024';
const BEAT_CAMERAS = 2_000;
const LIST_CAMERAS = 20;
const WARMUP_SEC = 2;

const settings = {
  seconds: positiveInt('BENCH_COMPARE_SECONDS', 10),
  connections: positiveInt('BENCH_CONNECTIONS', 20),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  redisUrl: process.env.BENCH_REDIS_URL || undefined,
};

type Mode = 'embedded' | 'postgres';

interface Loop {
  p50: number;
  p99: number;
  max: number;
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

interface Result extends Sample {
  max: number;
  loop: Loop | undefined;
}

interface ModeRun {
  mode: Mode;
  results: Map<string, Result>;
  rssStartMb: number;
  rssAfterMb: number;
}

interface Route {
  label: string;
  options: LoadOptions;
  /** The heartbeats: warmed up right before their run, not with the others. */
  beats?: boolean;
}

const sessionToken = (body: unknown) => {
  const token = (body as { data?: { accessToken?: unknown } }).data?.accessToken;
  if (typeof token !== 'string') throw new Error(`no access token in ${JSON.stringify(body).slice(0, 200)}`);
  return token;
};

function envFor(mode: Mode, dataDir: string, databaseUrl: string | undefined): Env {
  const env: Env = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_LOGIN: '100000/minute',
    RATE_LIMIT_GENERAL: '100000000/minute',
    MIMO_RATE_LIMIT_GENERAL: '100000000/minute',
    RATE_LIMIT_AI_CHAT: '100000/hour',
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop',
    APP_SECRET: 'bench-app-secret-0123456789abcdefghijklmnop',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.OPENAI_API_KEY;
  if (mode === 'postgres') {
    env.DATABASE_URL = databaseUrl;
    env.REDIS_URL = settings.redisUrl;
  }
  return env;
}

/** Users and data each route needs, made through the apps' own commands and API. */
async function prepare(urls: { fitmate: string; mimo: string; mindpause: string }, cameras: Array<{ id: number; n: number }>): Promise<Route[]> {
  const { fitmate, mimo, mindpause } = urls;
  // FitMate: a reader with 120 days of workouts (statistics) and a writer (the log).
  const fitLogin = async (email: string) => sessionToken(await postJson(`${fitmate}/api/auth/login`, { email, password: PASSWORD }));
  for (const email of ['reader@compare.example', 'writer@compare.example'])
    await postJson(`${fitmate}/api/auth/register`, { email, password: PASSWORD, name: 'Bench' });
  const reader = await fitLogin('reader@compare.example');
  const found = (await (await fetch(`${fitmate}/api/exercises?limit=50`)).json()) as { data: { items: Array<{ id: number }> } };
  const exerciseIds = found.data.items.map((e) => e.id);
  const day = (i: number) => new Date(Date.now() - (i + 1) * 86_400_000).toISOString().slice(0, 10);
  const workout = (i: number) => ({
    exerciseId: exerciseIds[i % exerciseIds.length],
    workoutDate: day(i % 120),
    durationMinutes: 20 + (i % 40),
    sets: 3,
    repetitions: 10,
    weightKg: 20 + (i % 30),
  });
  for (let i = 0; i < 120; i += 20)
    await Promise.all(Array.from({ length: 20 }, (_, j) => postJson(`${fitmate}/api/workouts`, workout(i + j), bearer(reader))));
  const writer = await fitLogin('writer@compare.example');

  // MindPause: a writer of moods, and a conversation of 10 exchanges (no AI provider: fallback replies).
  const mindToken = async (email: string) => {
    await postJson(`${mindpause}/api/v1/auth/register`, { email, password: PASSWORD, nickname: '벤치' });
    return sessionToken(await postJson(`${mindpause}/api/v1/auth/login`, { email, password: PASSWORD }));
  };
  const moodWriter = await mindToken('mood@compare.example');
  const talker = await mindToken('chat@compare.example');
  const conversation = (await postJson<{ data: { id: number } }>(`${mindpause}/api/v1/chat/conversations`, { title: 'bench' }, bearer(talker))).data.id;
  for (let i = 0; i < 10; i++)
    await postJson(`${mindpause}/api/v1/chat/conversations/${conversation}/messages`, { content: `요즘 일이 많아서 조금 지쳐요 (${i})` }, bearer(talker));

  // MIMO: a viewer with 20 cameras (the list), and the seeded cameras beating by device credential.
  // (The viewer was created with the CLI before the server started.)
  const viewerEmail = 'viewer@compare.example';
  const viewer = sessionToken(await postJson(`${mimo}/api/auth/login`, { email: viewerEmail, password: PASSWORD }));
  for (let i = 0; i < LIST_CAMERAS; i++)
    await postJson(`${mimo}/api/cameras`, { name: `카메라 ${i + 1}`, deviceId: `compare-list-${i}`, location: '거실' }, bearer(viewer));

  const mood = {
    emotion: 'calm',
    intensity: 6,
    note: '벤치마크 기록: 오늘은 조금 지쳤지만 산책하고 나니 나아졌다.',
    tags: ['회사', '수면'],
    activities: ['산책'],
  };
  const json = { 'content-type': 'application/json' };
  return [
    {
      label: 'FitMate POST /api/workouts',
      options: { url: `${fitmate}/api/workouts`, method: 'POST', headers: { ...bearer(writer), ...json }, body: JSON.stringify(workout(7)) },
    },
    {
      label: 'FitMate GET /api/workouts/statistics?period=month',
      options: { url: `${fitmate}/api/workouts/statistics?period=month`, headers: bearer(reader) },
    },
    {
      label: 'MindPause POST /api/v1/emotions',
      options: { url: `${mindpause}/api/v1/emotions`, method: 'POST', headers: { ...bearer(moodWriter), ...json }, body: JSON.stringify(mood) },
    },
    {
      label: 'MindPause GET /api/v1/chat/conversations/:id',
      options: { url: `${mindpause}/api/v1/chat/conversations/${conversation}`, headers: bearer(talker) },
    },
    { label: `MIMO GET /api/cameras (${LIST_CAMERAS} cameras)`, options: { url: `${mimo}/api/cameras`, headers: bearer(viewer) } },
    {
      label: `MIMO POST /api/cameras/:id/heartbeat (${BEAT_CAMERAS} cameras)`,
      options: { url: mimo, setupClient: heartbeats({ cameras }, settings.connections) },
      beats: true,
    },
  ];
}

/** One autocannon run with the slowest answer kept, and the server's event-loop window around it. */
async function run(server: Child, probe: string, options: LoadOptions, seconds: number): Promise<Result> {
  await readProbe(server, probe);
  const cpuBefore = server.cpuSeconds();
  let max = 0;
  const sample = await measure(
    {
      ...options,
      setupClient: (client) => {
        options.setupClient?.(client);
        client.on('response', (_status: number, _bytes: number, ms: number) => (max = Math.max(max, ms)));
      },
    },
    seconds,
    settings.connections,
  );
  const cpu = (server.cpuSeconds() ?? Number.NaN) - (cpuBefore ?? Number.NaN);
  return { ...sample, serverCpuMs: (cpu * 1000) / sample.responses, max, loop: await readProbe(server, probe) };
}

async function readProbe(server: Child, file: string): Promise<Loop | undefined> {
  if (!server.pid) return undefined;
  writeFileSync(file, '');
  process.kill(server.pid, 'SIGUSR2');
  // Up to a minute: a heap snapshot, when asked for, is written first.
  for (let i = 0; i < 1200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = readFileSync(file, 'utf8').trim();
    if (text) return JSON.parse(text.split('\n').at(-1)!) as Loop;
  }
  return undefined;
}

interface Started {
  mode: Mode;
  server: Child;
  probe: string;
  routes: Route[];
  rssStartMb: number;
  databaseUrl: string | undefined;
}

/** One mode's server on a fresh store, with its data made and every camera online once. */
async function startMode(mode: Mode, work: string): Promise<Started> {
  const databaseUrl = mode === 'postgres' ? await recreateDatabase(settings.databaseUrl!, DATABASE) : undefined;
  const env = envFor(mode, join(work, mode), databaseUrl);
  // Seeded before the server starts: an embedded PGlite has one writer.
  const ids: number[] = [];
  for (const who of ['beats', 'events']) {
    const out = await runNode(
      'mimo-user',
      ['src/main.ts', 'create-user', '--app', 'mimo', '--email', `${who}@compare.example`, '--password', PASSWORD, '--name', 'Bench'],
      env,
    );
    ids.push(Number(/user (\d+)/.exec(out)?.[1]));
  }
  const seeded = await runNode('mimo-seed', ['bench/mimo-seed.ts', String(ids[0]), String(ids[1]), String(BEAT_CAMERAS), '2'], env);
  const { cameras } = JSON.parse(seeded.trim().split('\n').at(-1)!) as { cameras: Array<{ id: number; n: number }> };
  await runNode(
    'mimo-user',
    ['src/main.ts', 'create-user', '--app', 'mimo', '--email', 'viewer@compare.example', '--password', PASSWORD, '--name', 'Bench'],
    env,
  );

  const [fitmatePort, mimoPort, mindpausePort] = [await freePort(), await freePort(), await freePort()];
  const urls = { fitmate: `http://127.0.0.1:${fitmatePort}`, mimo: `http://127.0.0.1:${mimoPort}`, mindpause: `http://127.0.0.1:${mindpausePort}` };
  const probe = join(work, `${mode}.probe`);
  const server = startServer(mode, ['fitmate', 'mimo', 'mindpause'], {
    ...env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--import ./bench/loop-probe.mjs'].filter(Boolean).join(' '),
    LOOP_PROBE_FILE: probe,
    FITMATE_PORT: String(fitmatePort),
    MIMO_PORT: String(mimoPort),
    MINDPAUSE_PORT: String(mindpausePort),
  });
  for (const base of Object.values(urls)) await waitUntilReady(server, `${base}/health`);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const rssStartMb = (server.rssBytes() ?? Number.NaN) / 1048576;
  const routes = await prepare(urls, cameras);
  // Not the heartbeats: cameras that beat now and stop would all turn offline 90 s later, in the
  // middle of other routes' runs (2,000 status changes and notices through the job queue).
  for (const route of routes) if (!route.beats) await run(server, probe, route.options, WARMUP_SEC);
  return { mode, server, probe, routes, rssStartMb, databaseUrl };
}

async function stopMode(started: Started) {
  const code = await started.server.stop();
  if (code !== 0) console.warn(`${started.mode} server ended with ${code}, not 0`);
  if (started.databaseUrl) await dropDatabase(settings.databaseUrl!, DATABASE);
}

/**
 * Both servers run side by side (idle but for the one measured), and each route is measured on
 * one then the other, so slow drift on a shared machine meets both modes alike.
 */
async function measureModes(modes: Started[]): Promise<ModeRun[]> {
  const results = new Map<Mode, Map<string, Result>>(modes.map((m) => [m.mode, new Map()]));
  for (const [index, route] of modes[0]!.routes.entries()) {
    const order = index % 2 ? [...modes].reverse() : modes;
    for (const m of order) {
      const { label, options, beats } = m.routes[index]!;
      // Every camera comes online once (a status change each) just before: the measured beats are the steady state.
      if (beats) await measure({ url: options.url, amount: BEAT_CAMERAS, setupClient: options.setupClient }, 0, settings.connections);
      const result = await run(m.server, m.probe, options, settings.seconds);
      results.get(m.mode)!.set(label, result);
      console.log(
        `${m.mode} ${route.label}: ${fmt(result.rps, 0)} req/s, p50 ${fmt(result.p50, 2)}, p99 ${fmt(result.p99, 2)}, max ${fmt(result.max, 0)} ms, ` +
          `errors ${result.errors}, non-2xx ${result.non2xx}, server CPU ${fmt(result.serverCpuMs, 2)} ms/req; event loop p99 ${fmt(result.loop?.p99 ?? Number.NaN, 1)} max ${fmt(result.loop?.max ?? Number.NaN, 1)} ms; ` +
          `RSS ${result.loop?.rssMb ?? '–'} MB (heap ${result.loop?.heapUsedMb ?? '–'} used of ${result.loop?.heapTotalMb ?? '–'}, external ${result.loop?.externalMb ?? '–'}); load ${loadavg()[0]!.toFixed(1)}`,
      );
      if (result.non2xx || result.errors) console.warn(`${m.mode} ${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      if (m.server.hasExited()) throw new Error(`${m.mode} server exited during the benchmark`);
    }
  }
  const snapshots = process.env.BENCH_HEAP_SNAPSHOTS;
  for (const m of snapshots ? modes : []) {
    const target = join(snapshots!, `${m.mode}.heapsnapshot`);
    writeFileSync(`${m.probe}.snapshot`, target);
    // The probe answers once the snapshot is written.
    await readProbe(m.server, m.probe);
    console.log(`heap snapshot of the ${m.mode} server after the runs: ${target}`);
  }
  return modes.map((m) => ({
    mode: m.mode,
    results: results.get(m.mode)!,
    rssStartMb: m.rssStartMb,
    rssAfterMb: (m.server.rssBytes() ?? Number.NaN) / 1048576,
  }));
}

function printComparison(runs: ModeRun[]) {
  const [embedded, postgres] = [runs.find((r) => r.mode === 'embedded'), runs.find((r) => r.mode === 'postgres')];
  const labels = [...(embedded ?? postgres)!.results.keys()];
  const cell = (r: ModeRun | undefined, label: string) => r?.results.get(label);
  console.log(
    `\n| route (${settings.connections} connections, ${settings.seconds} s) | req/s embedded | req/s PG | ratio | p99 ms embedded | p99 ms PG | ratio | max ms embedded / PG | event-loop p99 / max ms embedded | RSS MB after, embedded / PG |`,
  );
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const label of labels) {
    const [e, p] = [cell(embedded, label), cell(postgres, label)];
    const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? fmt(a / b, 2) : '–');
    console.log(
      `| ${label} | ${fmt(e?.rps ?? Number.NaN, 0)} | ${fmt(p?.rps ?? Number.NaN, 0)} | ${ratio(e?.rps, p?.rps)} | ${fmt(e?.p99 ?? Number.NaN, 1)} | ${fmt(p?.p99 ?? Number.NaN, 1)} | ${ratio(e?.p99, p?.p99)} | ` +
        `${fmt(e?.max ?? Number.NaN, 0)} / ${fmt(p?.max ?? Number.NaN, 0)} | ${fmt(e?.loop?.p99 ?? Number.NaN, 1)} / ${fmt(e?.loop?.max ?? Number.NaN, 0)} | ${e?.loop?.rssMb ?? '–'} / ${p?.loop?.rssMb ?? '–'} |`,
    );
  }
  for (const r of runs) console.log(`RSS ${r.mode}: ${fmt(r.rssStartMb, 0)} MB after start-up, ${fmt(r.rssAfterMb, 0)} MB after the benchmark`);
  const failures: string[] = [];
  if (embedded && postgres) {
    for (const label of labels) {
      const [e, p] = [cell(embedded, label)!, cell(postgres, label)!];
      if (e.rps < 0.6 * p.rps) failures.push(`${label}: throughput ${fmt(e.rps / p.rps, 2)}× < 0.6×`);
      if (e.p99 > 2 * p.p99) failures.push(`${label}: p99 ${fmt(e.p99 / p.p99, 2)}× > 2×`);
    }
  }
  for (const r of runs) {
    for (const [label, result] of r.results) if (result.max > 1000) failures.push(`${r.mode} ${label}: a request took ${fmt(result.max, 0)} ms (> 1 s)`);
  }
  if (embedded && embedded.rssAfterMb > 350) failures.push(`embedded RSS ${fmt(embedded.rssAfterMb, 0)} MB > 350 MB`);
  if (postgres && postgres.rssAfterMb > 300) failures.push(`PostgreSQL-mode RSS ${fmt(postgres.rssAfterMb, 0)} MB > 300 MB`);
  console.log(
    failures.length
      ? `\nIssue 17 targets NOT met:\n- ${failures.join('\n- ')}`
      : '\nIssue 17 targets met (≥ 0.6× throughput, p99 ≤ 2×, no request over 1 s, RSS ≤ 350 / 300 MB)',
  );
}

export async function compareModes(): Promise<void> {
  console.log(
    `\n## Embedded vs PostgreSQL (issue 17): Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); ` +
      `load average (1 min) before: ${loadavg()[0]!.toFixed(2)}`,
  );
  const modes: Mode[] = settings.databaseUrl && settings.redisUrl ? ['embedded', 'postgres'] : ['embedded'];
  if (modes.length === 1) console.log('(BENCH_DATABASE_URL and BENCH_REDIS_URL unset: the embedded mode only)');
  const work = mkdtempSync(join(tmpdir(), 'madang-compare-'));
  try {
    const started: Started[] = [];
    try {
      for (const mode of modes) started.push(await startMode(mode, work));
      const runs = await measureModes(started);
      console.log(`Load average (1 min) after: ${loadavg()[0]!.toFixed(2)}`);
      printComparison(runs);
    } finally {
      for (const m of started) await stopMode(m);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  compareModes().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
