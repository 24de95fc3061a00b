/**
 * MIMO under the load its design sets (issue 7): heartbeats from 10,000 cameras, which beat every
 * 30 s (333 beats a second), and the event list of a camera with 100,000 events, first page, a
 * deep page (keyset cursor) and with filters.
 *
 * The data is inserted in bulk SQL by bench/mimo-seed.ts before the server starts (`seedMimo`),
 * then `benchMimo` measures: heartbeats as a fixed number of requests over BENCH_MIMO_CONNECTIONS
 * (default 200) connections, each camera by its own device credential; the event list with
 * BENCH_CONNECTIONS for BENCH_DURATION s × BENCH_RUNS.
 */
import type autocannon from 'autocannon';
import { type LoadOptions, type Sample, fmt, measure, positiveInt, postJson, printTable, summarize } from './load';
import { hotRatio, updateCounts } from './hot';
import { type Child, type Env, runNode } from './processes';

const OWNER_EMAIL = 'mimo-cameras@example.com';
const EVENTS_EMAIL = 'mimo-events@example.com';
const PASSWORD = 'bench-mimo-2024';
const CAMERAS = 10_000;
const EVENTS = 100_000;
const BEAT_INTERVAL_SEC = 30;
const WARMUP_SEC = 2;

export interface MimoSeed {
  cameras: Array<{ id: number; n: number }>;
  eventsCameraId: number;
  /** The cursor of the 50,000th event: the page after it is as deep as the list goes half way. */
  deepCursor: string;
}

/** bench/mimo-seed.ts's secret of camera n, as the camera would hold it. */
export const credentialOf = (id: number, n: number) => `mc_${id}_b${String(n).padStart(42, '0')}`;

/** Creates the two bench users and seeds cameras and events; call before the server starts. */
export async function seedMimo(env: Env): Promise<MimoSeed> {
  const ids: number[] = [];
  for (const email of [OWNER_EMAIL, EVENTS_EMAIL]) {
    const out = await runNode('mimo-user', ['src/main.ts', 'create-user', '--app', 'mimo', '--email', email, '--password', PASSWORD, '--name', 'Bench'], env);
    const id = /user (\d+)/.exec(out)?.[1];
    if (!id) throw new Error(`could not read the user id from: ${out}`);
    ids.push(Number(id));
  }
  const started = Date.now();
  const out = await runNode('mimo-seed', ['bench/mimo-seed.ts', String(ids[0]), String(ids[1]), String(CAMERAS), String(EVENTS)], env);
  const seed = JSON.parse(out.trim().split('\n').at(-1)!) as MimoSeed;
  if (seed.cameras.length !== CAMERAS) throw new Error(`seeded ${seed.cameras.length} cameras, not ${CAMERAS}`);
  console.log(`MIMO: ${CAMERAS} cameras and ${EVENTS} events seeded in bulk SQL in ${fmt((Date.now() - started) / 1000, 1)} s`);
  return seed;
}

/** Each connection beats for its own share of the cameras, in turn, each with its own credential. */
export function heartbeats(seed: Pick<MimoSeed, 'cameras'>, connections: number): LoadOptions['setupClient'] {
  let next = 0;
  return (client: autocannon.Client) => {
    const share = seed.cameras.filter((_, i) => i % connections === next % connections);
    next++;
    client.setRequests(
      share.map(({ id, n }) => ({ method: 'POST', path: `/api/cameras/${id}/heartbeat`, headers: { 'x-device-credential': credentialOf(id, n) } })),
    );
  };
}

const row = (label: string, s: Sample) =>
  `${label}: ${fmt(s.rps, 0)} req/s, p50 ${fmt(s.p50, 2)} ms, p95 ${fmt(s.p95, 2)} ms, p99 ${fmt(s.p99, 2)} ms, errors ${s.errors}, non-2xx ${s.non2xx}, server CPU ${fmt(s.serverCpuMs, 3)} ms/req`;

async function timed(server: Child, options: LoadOptions, seconds: number, connections: number): Promise<Sample> {
  const before = server.cpuSeconds();
  const sample = await measure(options, seconds, connections);
  const after = server.cpuSeconds();
  return { ...sample, serverCpuMs: before === undefined || after === undefined ? Number.NaN : ((after - before) * 1000) / sample.responses };
}

/** With `databaseUrl` (PostgreSQL), the share of the measured heartbeats that were HOT updates of mimo.cameras. */
export async function benchMimo(baseUrl: string, server: Child, seed: MimoSeed, databaseUrl?: string): Promise<void> {
  const durationSec = positiveInt('BENCH_DURATION', 10);
  const runs = positiveInt('BENCH_RUNS', 3);
  const connections = positiveInt('BENCH_CONNECTIONS', 20);
  const beatConnections = positiveInt('BENCH_MIMO_CONNECTIONS', 200);
  const beats = positiveInt('BENCH_MIMO_BEATS', 3 * CAMERAS);

  // (a) The event list of one camera with 100,000 events. First: once the heartbeats stop, the
  // sweeper turns 10,000 cameras offline and notifies their owner, which would land in these runs.
  const token = (await postJson<{ data: { accessToken: string } }>(`${baseUrl}/api/auth/login`, { email: EVENTS_EMAIL, password: PASSWORD })).data.accessToken;
  const headers = { authorization: `Bearer ${token}` };
  const list = (query: string) => `${baseUrl}/api/events?cameraId=${seed.eventsCameraId}&limit=20${query}`;
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const range = `&from=${encodeURIComponent(new Date(weekAgo.getTime() - 86_400_000).toISOString())}&to=${encodeURIComponent(weekAgo.toISOString())}`;
  const scenarios: Array<{ label: string; url: string }> = [
    { label: 'GET /api/events, first page', url: list('') },
    { label: 'GET /api/events, deep page (keyset, 50,000 in)', url: list(`&cursor=${seed.deepCursor}`) },
    { label: 'GET /api/events?type=motion&minScore=50&acknowledged=false', url: list('&type=motion&minScore=50&acknowledged=false') },
    { label: 'GET /api/events?type=sound, one day a week ago', url: list(`&type=sound${range}`) },
    { label: 'GET /api/events?pinned=true', url: list('&pinned=true') },
  ];
  for (const s of scenarios) {
    const res = await fetch(s.url, { headers });
    const body = (await res.json()) as { data?: { items?: unknown[] } };
    if (res.status !== 200 || !body.data?.items?.length) throw new Error(`${s.label} answered ${res.status} with ${JSON.stringify(body).slice(0, 300)}`);
  }
  console.log(`\nMIMO events: one camera with ${EVENTS} events, 20 a page; ${connections} connections, ${durationSec} s × ${runs} runs`);
  for (const s of scenarios) await timed(server, { url: s.url, headers }, Math.min(WARMUP_SEC, durationSec), connections);
  const samples = new Map(scenarios.map((s) => [s, [] as Sample[]]));
  for (let round = 1; round <= runs; round++) {
    for (const s of scenarios) {
      const sample = await timed(server, { url: s.url, headers }, durationSec, connections);
      samples.get(s)!.push(sample);
      console.log(row(`run ${round}/${runs} ${s.label}`, sample));
      if (server.hasExited()) throw new Error(`${server.name} exited during the MIMO benchmark`);
    }
  }
  printTable(
    `MIMO events (${EVENTS} on the camera, ${connections} connections)`,
    scenarios.map((s) => ({ label: s.label, samples: samples.get(s)! })),
  );
  const [firstPage, deepPage] = scenarios.map((s) => summarize(samples.get(s)!));
  console.log(`\nDeep page ÷ first page (median p50): ${fmt(deepPage!.p50 / firstPage!.p50, 2)}`);

  // A quick check that a credential works before the load (a 401 storm would measure nothing).
  const [first] = seed.cameras;
  const probe = await fetch(`${baseUrl}/api/cameras/${first!.id}/heartbeat`, {
    method: 'POST',
    headers: { 'x-device-credential': credentialOf(first!.id, first!.n) },
  });
  if (probe.status !== 200) throw new Error(`heartbeat probe answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);

  // (b) Heartbeats. The warm-up beats every camera once (each comes online: a status change, logged
  // and announced); the measured runs are the steady state, cameras already online.
  const beatOptions = (amount: number): LoadOptions => ({ url: baseUrl, amount, setupClient: heartbeats(seed, beatConnections) });
  console.log(`\nMIMO heartbeats: ${CAMERAS} cameras, each by its device credential; ${beats} beats per run over ${beatConnections} connections, ${runs} runs`);
  const warm = await timed(server, beatOptions(CAMERAS), 0, beatConnections);
  console.log(row('warm-up (every camera comes online)', warm));
  const beatSamples: Sample[] = [];
  const countsBefore = databaseUrl ? await updateCounts(databaseUrl, 'mimo', 'cameras') : undefined;
  for (let round = 1; round <= runs; round++) {
    const s = await timed(server, beatOptions(beats), 0, beatConnections);
    beatSamples.push(s);
    console.log(row(`run ${round}/${runs} POST /api/cameras/:id/heartbeat`, s));
    if (server.hasExited()) throw new Error(`${server.name} exited during the MIMO benchmark`);
  }
  if (databaseUrl && countsBefore) {
    const { updates, hot, ratio } = hotRatio(countsBefore, await updateCounts(databaseUrl, 'mimo', 'cameras'));
    console.log(`HOT updates of mimo.cameras during the measured beats: ${hot} of ${updates} (${fmt(ratio * 100, 1)} %, n_tup_hot_upd / n_tup_upd)`);
  }
  printTable(`MIMO heartbeats (${beatConnections} connections)`, [{ label: `POST /api/cameras/:id/heartbeat, ${CAMERAS} cameras`, samples: beatSamples }]);
  const need = CAMERAS / BEAT_INTERVAL_SEC;
  const { rps: got, serverCpuMs } = summarize(beatSamples);
  // On a shared machine the rate is bounded by whatever else runs; the server's own CPU per beat is not.
  console.log(`Server CPU ${fmt(serverCpuMs, 3)} ms per beat: one core of this machine would serve about ${fmt(1000 / serverCpuMs, 0)} beats/s`);
  console.log(
    `\n${CAMERAS} cameras every ${BEAT_INTERVAL_SEC} s need ${fmt(need, 0)} beats/s; measured ${fmt(got, 0)} beats/s, ${fmt(got / need, 1)}× that: ${got >= 2 * need ? 'sustained with headroom' : got >= need ? 'sustained, little headroom' : 'NOT sustained'}`,
  );
}
