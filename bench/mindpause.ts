/**
 * MindPause routes under the load document 002 sets as its goal (p95 under 200 ms with 1,000
 * concurrent users): the mood list, the monthly statistics and recording a mood, each with
 * BENCH_MINDPAUSE_CONNECTIONS (default 1,000) connections for BENCH_DURATION s × BENCH_RUNS.
 */
import { type LoadOptions, type Sample, measure, fmt, positiveInt, postJson, printTable, summarize } from './load';
import { measureOpenLoop } from './open-loop';
import type { Child } from './processes';

const EMAIL = 'mindpause-bench@example.com';
// Records written under load go to their own account, so the reader's list and statistics
// keep to the seeded set however long the writes run.
const WRITER_EMAIL = 'mindpause-writer@example.com';
const PASSWORD = 'bench-mind-2024';
const SEED_RECORDS = 300;
const WARMUP_SEC = 2;
const EMOTIONS = ['joy', 'calm', 'gratitude', 'excitement', 'sadness', 'anxiety', 'anger', 'loneliness', 'tiredness', 'stress'];
const TAGS = ['회사', '가족', '친구', '수면', '날씨', '연애', '공부'];
const ACTIVITIES = ['운동', '업무', '산책', '명상', '독서', '요리'];

function accessTokenOf(body: unknown): string {
  const token = (body as { data?: { accessToken?: unknown } } | null)?.data?.accessToken;
  if (typeof token !== 'string') throw new Error(`unexpected sign-in answer: ${JSON.stringify(body).slice(0, 300)}`);
  return token;
}

/** A mood record as a person would log it, spread over the last 60 days. */
function moodRecord(i: number, daysBack = 60) {
  return {
    emotion: EMOTIONS[i % EMOTIONS.length],
    intensity: 1 + ((i * 7) % 10),
    note: `벤치마크 기록 ${i}: 오늘은 조금 지쳤지만 산책하고 나니 나아졌다.`,
    tags: [TAGS[i % TAGS.length], TAGS[(i + 3) % TAGS.length]],
    activities: [ACTIVITIES[i % ACTIVITIES.length]],
    feltAt: new Date(Date.now() - ((i * 4.9 * 3_600_000) % (daysBack * 86_400_000)) - 60_000).toISOString(),
  };
}

export async function benchMindpause(baseUrl: string, server: Child): Promise<void> {
  const durationSec = positiveInt('BENCH_DURATION', 10);
  const runs = positiveInt('BENCH_RUNS', 3);
  const connections = positiveInt('BENCH_MINDPAUSE_CONNECTIONS', 1_000);

  for (const email of [EMAIL, WRITER_EMAIL]) await postJson(`${baseUrl}/api/v1/auth/register`, { email, password: PASSWORD, nickname: '벤치' });
  const bearer = async (email = EMAIL) => ({
    authorization: `Bearer ${accessTokenOf(await postJson(`${baseUrl}/api/v1/auth/login`, { email, password: PASSWORD }))}`,
  });
  const seedAuth = await bearer();
  for (let i = 0; i < SEED_RECORDS; i += 25) {
    await Promise.all(Array.from({ length: 25 }, (_, j) => postJson(`${baseUrl}/api/v1/emotions`, moodRecord(i + j), seedAuth)));
  }

  const scenarios: Array<{ label: string; prepare(): Promise<LoadOptions> }> = [
    { label: 'MindPause GET /api/v1/emotions', prepare: async () => ({ url: `${baseUrl}/api/v1/emotions?limit=20`, headers: await bearer() }) },
    {
      label: 'MindPause GET /api/v1/emotions/stats?period=month',
      prepare: async () => ({ url: `${baseUrl}/api/v1/emotions/stats?period=month`, headers: await bearer() }),
    },
    {
      label: 'MindPause POST /api/v1/emotions',
      prepare: async () => ({
        url: `${baseUrl}/api/v1/emotions`,
        method: 'POST',
        headers: { ...(await bearer(WRITER_EMAIL)), 'content-type': 'application/json' },
        body: JSON.stringify({ ...moodRecord(7), feltAt: undefined }),
      }),
    },
  ];

  // Two loads of the same 1,000 connections: each sending again the moment it is answered (the
  // most the server can take), and 1,000 users each asking about once a second (what "1,000
  // concurrent users" of an app look like: people read between requests), arriving at random.
  const loads: Array<{ label: string; run(options: LoadOptions, seconds: number): Promise<Sample> }> = [
    { label: `${connections} connections, back to back`, run: (options, seconds) => measure(options, seconds, connections) },
    {
      label: `${connections} connections, ${connections} users × 1 request/s (open loop)`,
      run: (options, seconds) =>
        measureOpenLoop({
          url: String(options.url),
          method: options.method,
          headers: options.headers as Record<string, string>,
          body: options.body as string | undefined,
          connections,
          ratePerSec: connections,
          durationSec: seconds,
        }),
    },
  ];
  for (const { label: load, run } of loads) {
    const timed = async (scenario: (typeof scenarios)[number], seconds: number): Promise<Sample> => {
      const options = await scenario.prepare();
      const before = server.cpuSeconds();
      const sample = await run(options, seconds);
      const after = server.cpuSeconds();
      return { ...sample, serverCpuMs: before === undefined || after === undefined ? Number.NaN : ((after - before) * 1000) / sample.responses };
    };

    console.log(`\nMindPause: ${SEED_RECORDS} mood records seeded; ${load}, ${durationSec} s × ${runs} runs per route`);
    for (const scenario of scenarios) await timed(scenario, Math.min(WARMUP_SEC, durationSec));
    const samples = new Map(scenarios.map((s) => [s, [] as Sample[]]));
    for (let round = 1; round <= runs; round++) {
      for (const scenario of scenarios) {
        const s = await timed(scenario, durationSec);
        samples.get(scenario)!.push(s);
        console.log(
          `run ${round}/${runs} ${scenario.label}: ${fmt(s.rps, 0)} req/s, p50 ${fmt(s.p50, 2)} ms, p95 ${fmt(s.p95, 2)} ms, p99 ${fmt(s.p99, 2)} ms, errors ${s.errors}, non-2xx ${s.non2xx}`,
        );
        if (server.hasExited()) throw new Error(`${server.name} exited during the MindPause benchmark`);
      }
    }

    printTable(
      `MindPause scenario (${load})`,
      scenarios.map((scenario) => ({ label: scenario.label, samples: samples.get(scenario)! })),
    );
    const worst = Math.max(...scenarios.map((s) => summarize(samples.get(s)!).p95));
    console.log(
      `\nMindPause worst p95 (${load}): ${fmt(worst, 2)} ms; document 002's goal (< 200 ms) ${worst < 200 ? 'met' : 'NOT met'}, our aim (< 20 ms) ${worst < 20 ? 'met' : 'not met'}`,
    );
  }
}
