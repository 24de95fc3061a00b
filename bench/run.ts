/**
 * Load benchmark: FitMate GET /api/auth/me, MIMO GET /api/profile, FitMate POST /api/auth/refresh
 * and a bare Fastify route running the same user-row query, each measured with autocannon.
 *
 *   npm run bench
 *   BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… npm run bench
 *
 * BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 20), BENCH_RUNS (default 3);
 * BENCH_ONLY=http, BENCH_ONLY=sockets, BENCH_ONLY=mindpause (bench/mindpause.ts), BENCH_ONLY=mimo
 * (bench/mimo.ts) or BENCH_ONLY=compare (bench/compare.ts: embedded against PostgreSQL + Redis, the
 * hottest route of each app, which needs both URLs for its second mode) runs one part.
 * With BENCH_DATABASE_URL the database `madang_bench` on that server is dropped and recreated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, recreateDatabase } from './database';
import { type LoadOptions, type Sample, chainRefreshTokens, measure, fmt, positiveInt, postJson, printTable, summarize } from './load';
import { type Child, type Env, freePort, runNode, startNode, waitUntilReady } from './processes';
import { benchMimo, seedMimo } from './mimo';
import { benchMindpause } from './mindpause';
import { type BenchProvider, firstTokenLatency, startBenchProvider } from './mindpause-ai';
import { compareModes } from './compare';
import { fanout, manySockets, members } from './sockets';

const BENCH_DATABASE = 'madang_bench';
const SOCKETS = 5_000;
const SOCKET_USERS = 1_000;
const FANOUT_MESSAGES = 15;
/** The FitMate staff account that opens the fan-out room (seeded with the CLI before the server starts). */
const STAFF_EMAIL = 'staff@bench.example';
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-load-2024';
const WARMUP_SEC = 2;

const settings = {
  durationSec: positiveInt('BENCH_DURATION', 10),
  connections: positiveInt('BENCH_CONNECTIONS', 20),
  runs: positiveInt('BENCH_RUNS', 3),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  redisUrl: process.env.BENCH_REDIS_URL || undefined,
  http: !process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'http',
  sockets: !process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'sockets',
  mindpause: !process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'mindpause',
  mimo: !process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'mimo',
};

const LABEL = `${settings.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'} + ${settings.redisUrl ? 'Redis' : 'in-process cache'}`;

interface Scenario {
  label: string;
  /** The process serving it, whose CPU time is read around each run. */
  server: Child;
  /** Called before every run, so each starts from fresh tokens. */
  prepare(): Promise<LoadOptions>;
}

interface Session {
  accessToken: string;
  refreshToken: string;
  userId: number;
}

/** Both envelopes (FitMate `{success, data}`, MIMO `{ok, data}`) carry the tokens in `data`. */
function sessionOf(body: unknown): Session {
  const data = (body as { data?: { accessToken?: unknown; refreshToken?: unknown; user?: { id?: unknown } } } | null)?.data;
  if (typeof data?.accessToken !== 'string' || typeof data.refreshToken !== 'string' || typeof data.user?.id !== 'number') {
    throw new Error(`unexpected sign-in answer: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return { accessToken: data.accessToken, refreshToken: data.refreshToken, userId: data.user.id };
}

// Catalog pages a browsing user asks for; the scenario cycles through them.
const CATALOG_PAGES = [
  '/api/exercises?limit=20',
  '/api/exercises?category=STRENGTH&sort=popularity&limit=20',
  '/api/exercises?bodyPart=LOWER&intensity=MODERATE,HIGH&limit=20',
  '/api/exercises?equipment=DUMBBELL,BENCH&beginnerFriendly=true&limit=20',
  '/api/exercises?muscle=CHEST&difficultyMin=3&difficultyMax=7&limit=20',
  '/api/exercises?equipmentFree=true&sort=name&page=2&limit=20',
  '/api/exercises?category=CARDIO&sort=difficulty&order=desc&limit=20',
  '/api/exercises?intensity=LOW&limit=50',
];
// Korean, English, partial words, a misspelling and initial consonants.
const SEARCHES = ['스쿼', '스쿼트', 'squat', '푸쉬업', 'push', '런지', 'ㅅㅋㅌ', '달리기', 'plank', '스트레칭', '덤벨', 'deadlift'];

/**
 * A FitMate user with a workout on every day of the last three years (1,095 records), logged
 * through the API, for the yearly statistics scenario. Returns how to sign that user in.
 */
async function seedThreeYears(fitmate: string) {
  const email = 'historian@example.com';
  await postJson(`${fitmate}/api/auth/register`, { email, password: PASSWORD, name: 'Historian' });
  const signIn = async () => sessionOf(await postJson(`${fitmate}/api/auth/login`, { email, password: PASSWORD }));
  const { accessToken } = await signIn();
  const auth = { authorization: `Bearer ${accessToken}` };
  const found = (await (await fetch(`${fitmate}/api/exercises?limit=100`)).json()) as { data: { items: Array<{ id: number }> } };
  const exerciseIds = found.data.items.map((e) => e.id);
  const today = new Date();
  const days = Array.from({ length: 3 * 365 }, (_, i) => new Date(today.getTime() - (i + 1) * 86_400_000).toISOString().slice(0, 10));
  for (let i = 0; i < days.length; i += 25) {
    await Promise.all(
      days.slice(i, i + 25).map((workoutDate, j) =>
        postJson(
          `${fitmate}/api/workouts`,
          {
            exerciseId: exerciseIds[(i + j) % exerciseIds.length],
            workoutDate,
            durationMinutes: 20 + ((i + j) % 40),
            sets: 3,
            repetitions: 10,
            weightKg: 20 + ((i + j) % 30),
          },
          auth,
        ),
      ),
    );
  }
  return signIn;
}

function refreshTokenOf(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { data?: { refreshToken?: unknown } }).data?.refreshToken;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The environment a Madang process gets: the caller's, minus stores we did not choose. */
function madangEnv(dataDir: string, databaseUrl: string | undefined, extra: Env = {}): Env {
  const env: Env = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_LOGIN: '100000/minute',
    RATE_LIMIT_GENERAL: '100000000/minute',
    RATE_LIMIT_SOCKET_CONNECT: '100000000/minute',
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdefghijklmnop',
    APP_SECRET: 'bench-app-secret-0123456789abcdefghijklmnop',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (settings.redisUrl) env.REDIS_URL = settings.redisUrl;
  return env;
}

function describe(label: string, s: Sample) {
  return (
    `${label}: ${fmt(s.rps, 0)} req/s, p50 ${fmt(s.p50, 2)} ms, p95 ${fmt(s.p95, 2)} ms, p99 ${fmt(s.p99, 2)} ms, ` +
    `errors ${s.errors}, non-2xx ${s.non2xx}, server CPU ${fmt(s.serverCpuMs, 3)} ms/req`
  );
}

/**
 * One timed run, with the CPU time the server process spent per answer: that separates the
 * server's own work from time spent waiting on the database or for a core shared with autocannon.
 */
async function timedRun(scenario: Scenario, durationSec: number): Promise<Sample> {
  const options = await scenario.prepare();
  const before = scenario.server.cpuSeconds();
  const sample = await measure(options, durationSec, settings.connections);
  const after = scenario.server.cpuSeconds();
  const serverCpuMs = before === undefined || after === undefined ? Number.NaN : ((after - before) * 1000) / sample.responses;
  return { ...sample, serverCpuMs };
}

async function main() {
  console.log(`Configuration: ${LABEL}`);
  console.log(
    `Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); ` +
      `${settings.durationSec} s × ${settings.runs} runs per scenario, ${settings.connections} connections`,
  );
  // Other work on the machine skews every figure; the load average before we add ours shows it.
  console.log(`Load average (1 min) before: ${loadavg()[0]!.toFixed(2)}`);

  const work = mkdtempSync(join(tmpdir(), 'madang-bench-'));
  const children: Child[] = [];
  // A local OpenAI-compatible fake that answers at once, for the first streamed token of a reply.
  const provider: BenchProvider | undefined = settings.mindpause ? await startBenchProvider() : undefined;
  try {
    const databaseUrl = settings.databaseUrl && (await recreateDatabase(settings.databaseUrl, BENCH_DATABASE));
    const [fitmatePort, mimoPort, baselinePort, mindpausePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const fitmate = `http://127.0.0.1:${fitmatePort}`;
    const mimo = `http://127.0.0.1:${mimoPort}`;
    const baseline = `http://127.0.0.1:${baselinePort}`;

    let baselineEnv: Env;
    if (databaseUrl) {
      baselineEnv = { DATABASE_URL: databaseUrl };
    } else {
      // PGlite has one writer per data directory, so the baseline gets its own, seeded through
      // the app's own migrations and user creation.
      const seeded = await runNode(
        'seed',
        ['src/main.ts', 'create-user', '--app', 'fitmate', '--email', EMAIL, '--password', PASSWORD, '--name', 'Bench'],
        madangEnv(join(work, 'baseline'), undefined),
      );
      const id = /user (\d+)/.exec(seeded)?.[1];
      if (!id) throw new Error(`could not read the user id from: ${seeded}`);
      baselineEnv = { PGLITE_DIR: join(work, 'baseline', 'pglite'), BASELINE_USER_ID: id };
    }

    const mindpause = `http://127.0.0.1:${mindpausePort}`;
    // Seeded before the server starts: an embedded PGlite has one writer.
    const mimoSeed = settings.mimo ? await seedMimo(madangEnv(join(work, 'madang'), databaseUrl)) : undefined;
    if (settings.sockets)
      await runNode(
        'seed-staff',
        ['src/main.ts', 'create-user', '--app', 'fitmate', '--email', STAFF_EMAIL, '--password', PASSWORD, '--name', '운영자', '--role', 'ADMIN'],
        madangEnv(join(work, 'madang'), databaseUrl),
      );
    const madang = startNode(
      'madang',
      ['src/main.ts', 'start', 'fitmate', 'mimo', 'mindpause'],
      madangEnv(join(work, 'madang'), databaseUrl, {
        FITMATE_PORT: String(fitmatePort),
        MIMO_PORT: String(mimoPort),
        MINDPAUSE_PORT: String(mindpausePort),
        ...provider?.env,
      }),
    );
    children.push(madang);
    await waitUntilReady(madang, `${fitmate}/health`);
    await waitUntilReady(madang, `${mimo}/health`);
    await waitUntilReady(madang, `${mindpause}/health`);

    const fitmateUser = sessionOf(await postJson(`${fitmate}/api/auth/register`, { email: EMAIL, password: PASSWORD, name: 'Bench' }));
    sessionOf(await postJson(`${mimo}/api/auth/register`, { email: EMAIL, password: PASSWORD, name: 'Bench', agreements: { terms: true, privacy: true } }));
    const login = async (base: string) => sessionOf(await postJson(`${base}/api/auth/login`, { email: EMAIL, password: PASSWORD }));

    baselineEnv.BASELINE_USER_ID ??= String(fitmateUser.userId);
    // Our choice of store only: a DATABASE_URL in the caller's environment must not leak in.
    const bare = startNode('baseline', ['bench/baseline-server.ts'], {
      ...process.env,
      DATABASE_URL: undefined,
      PGLITE_DIR: undefined,
      ...baselineEnv,
      BASELINE_PORT: String(baselinePort),
    });
    children.push(bare);
    await waitUntilReady(bare, `${baseline}/user`);

    const bearer = async (base: string): Promise<LoadOptions['headers']> => ({ authorization: `Bearer ${(await login(base)).accessToken}` });
    // Three years of records for the statistics scenario (only when the HTTP half runs).
    const historian = settings.http ? await seedThreeYears(fitmate) : undefined;
    const me: Scenario = {
      label: 'FitMate GET /api/auth/me',
      server: madang,
      prepare: async () => ({ url: `${fitmate}/api/auth/me`, headers: await bearer(fitmate) }),
    };
    const bareRoute: Scenario = { label: 'Bare Fastify + same SQL (baseline)', server: bare, prepare: async () => ({ url: `${baseline}/user` }) };
    const scenarios: Scenario[] = [
      me,
      { label: 'MIMO GET /api/profile', server: madang, prepare: async () => ({ url: `${mimo}/api/profile`, headers: await bearer(mimo) }) },
      {
        label: 'FitMate POST /api/auth/refresh',
        server: madang,
        prepare: async () => {
          // One session per connection, signed in afresh: a token left in flight when the last
          // run stopped was rotated without our seeing the answer.
          const sessions = await Promise.all(Array.from({ length: settings.connections }, () => login(fitmate)));
          return {
            url: `${fitmate}/api/auth/refresh`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupClient: chainRefreshTokens(
              sessions.map((s) => s.refreshToken),
              refreshTokenOf,
            ),
          };
        },
      },
      bareRoute,
      {
        label: 'FitMate GET /api/exercises (filters)',
        server: madang,
        prepare: async () => ({ url: fitmate, requests: CATALOG_PAGES.map((path) => ({ method: 'GET', path })) }),
      },
      {
        label: 'FitMate GET /api/exercises/search',
        server: madang,
        prepare: async () => ({ url: fitmate, requests: SEARCHES.map((q) => ({ method: 'GET', path: `/api/exercises/search?q=${encodeURIComponent(q)}` })) }),
      },
      {
        label: 'FitMate GET /api/workouts/statistics?period=year (3 years of daily records)',
        server: madang,
        prepare: async () => ({
          url: `${fitmate}/api/workouts/statistics?period=year`,
          headers: { authorization: `Bearer ${(await historian!()).accessToken}` },
        }),
      },
    ];

    if (settings.http) await measureHttp(scenarios, children, me, bareRoute);
    if (settings.sockets) await measureSockets(fitmate, madang);
    if (mimoSeed) await benchMimo(mimo, madang, mimoSeed, databaseUrl || undefined);
    if (settings.mindpause) {
      await benchMindpause(mindpause, madang);
      const { data } = await postJson<{ data: { accessToken: string } }>(`${mindpause}/api/v1/auth/register`, {
        email: 'ai-bench@example.com',
        password: PASSWORD,
        nickname: '벤치',
      });
      const first = await firstTokenLatency(mindpause, data.accessToken, 30);
      console.log(
        `\nMindPause AI reply, first streamed token (fake provider answering at once, 30 messages): p50 ${fmt(first.p50, 1)} ms, p95 ${fmt(first.p95, 1)} ms, max ${fmt(first.max, 1)} ms; aim under 3 s`,
      );
    }
  } finally {
    for (const child of children.reverse()) {
      const code = await child.stop();
      if (code !== 0) console.warn(`${child.name} ended with ${code}, not 0`);
    }
    await provider?.close();
    rmSync(work, { recursive: true, force: true });
    if (settings.databaseUrl)
      await dropDatabase(settings.databaseUrl, BENCH_DATABASE).catch((error: Error) => console.warn(`could not drop ${BENCH_DATABASE}: ${error.message}`));
  }
}

async function measureHttp(scenarios: Scenario[], children: Child[], me: Scenario, bareRoute: Scenario) {
  for (const scenario of scenarios) await timedRun(scenario, Math.min(WARMUP_SEC, settings.durationSec));

  // Rounds take the scenarios in turn, so slow drift on a noisy machine touches all of them alike.
  const samples = new Map<Scenario, Sample[]>(scenarios.map((s) => [s, []]));
  for (let round = 1; round <= settings.runs; round++) {
    for (const scenario of scenarios) {
      const sample = await timedRun(scenario, settings.durationSec);
      samples.get(scenario)!.push(sample);
      console.log(describe(`run ${round}/${settings.runs} ${scenario.label}`, sample));
      for (const child of children) if (child.hasExited()) throw new Error(`${child.name} exited with ${await child.exited} during the benchmark`);
    }
  }

  console.log(`\n### ${LABEL}\n`);
  printTable(
    'Scenario',
    scenarios.map((scenario) => ({ label: scenario.label, samples: samples.get(scenario)! })),
  );
  const [meRps, bareRps] = [summarize(samples.get(me)!).rps, summarize(samples.get(bareRoute)!).rps];
  const ratio = meRps / bareRps;
  console.log(`\n/api/auth/me ÷ bare baseline (median req/s): ${fmt(ratio, 2)}; target ≥ 0.60 ${ratio >= 0.6 ? 'met' : 'NOT met'}`);
}

/** Real time: one node, many authenticated sockets, then a message to a 1,000-member room. */
async function measureSockets(fitmate: string, madang: Child) {
  const people = await members(fitmate, SOCKET_USERS);
  const many = await manySockets(fitmate, madang, people, SOCKETS);
  console.log(
    `\n${many.sockets} sockets of ${many.users} users on one node: connected in ${fmt(many.connectSeconds, 1)} s; ` +
      `server RSS ${fmt(many.rssBeforeMb, 0)} → ${fmt(many.rssAfterMb, 0)} MB, ${fmt(many.rssPerSocketKb, 1)} KB RSS and ${fmt(many.heapPerSocketKb, 1)} KB heap per socket`,
  );
  const staff = sessionOf(await postJson(`${fitmate}/api/auth/login`, { email: STAFF_EMAIL, password: PASSWORD }));
  const fan = await fanout(fitmate, { id: staff.userId, token: staff.accessToken }, people, FANOUT_MESSAGES);
  console.log(
    `Fan-out to a ${fan.members}-member room, ${fan.messages} messages: ${fan.receipts} receipts (${fan.missing} missing), ` +
      `latency p50 ${fmt(fan.p50, 1)} ms, p95 ${fmt(fan.p95, 1)} ms, p99 ${fmt(fan.p99, 1)} ms, max ${fmt(fan.max, 1)} ms`,
  );
}

/** bench/compare.ts: embedded against PostgreSQL + Redis (both modes when both URLs are set). */
const compare = !process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'compare';
(process.env.BENCH_ONLY === 'compare' ? Promise.resolve() : main())
  .then(() => (compare ? compareModes() : undefined))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
