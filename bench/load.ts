import autocannon from 'autocannon';

/** What a run sends. */
export type LoadOptions = Pick<autocannon.Options, 'url' | 'method' | 'headers' | 'body' | 'setupClient' | 'requests' | 'overallRate' | 'amount'>;

export interface Sample {
  /** autocannon's mean of the per-second request counts. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Answers received, whatever their status. */
  responses: number;
  /** CPU time of the server process per answer, in ms; NaN when it could not be read. */
  serverCpuMs: number;
}

/**
 * One timed autocannon run. Latencies of 2xx answers are kept here rather than read from
 * autocannon's histogram, which reports p97.5 but no p95 and rounds to whole milliseconds.
 */
export async function measure(options: LoadOptions, durationSec: number, connections: number): Promise<Sample> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...options, duration: durationSec, connections }, (error: unknown, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    // A run of a fixed count ends part-way through a second: its rate is the count over the time taken.
    rps: options.amount ? result.requests.total / result.duration : result.requests.mean,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors,
    non2xx: result.non2xx,
    responses: result.requests.total,
    serverCpuMs: Number.NaN,
  };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Per-figure medians over runs; counts are summed, since any error matters. */
export function summarize(samples: Sample[]): Sample {
  const of = (key: keyof Sample) => samples.map((s) => s[key]);
  return {
    rps: median(of('rps')),
    p50: median(of('p50')),
    p95: median(of('p95')),
    p99: median(of('p99')),
    errors: sum(of('errors')),
    non2xx: sum(of('non2xx')),
    responses: sum(of('responses')),
    serverCpuMs: median(of('serverCpuMs')),
  };
}

/**
 * Gives each connection one of `refreshTokens` and has it send, with every request, the token
 * the previous answer on that connection rotated to. The state lives in a closure per client:
 * autocannon 9 resets a request's `context` each time it wraps around the `requests` list, which
 * with a one-request list is after every response, so `context` cannot carry the token.
 */
export function chainRefreshTokens(refreshTokens: string[], readToken: (body: string) => string | undefined): (client: autocannon.Client) => void {
  const unused = [...refreshTokens];
  return (client) => {
    let token = unused.pop();
    if (token === undefined) throw new Error('more connections than refresh tokens');
    client.setRequests([
      {
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ refreshToken: token }) }),
        onResponse: (status, body) => {
          // Only a 200 names a successor; after a failure the token was most likely not rotated.
          if (status === 200) token = readToken(body) ?? token;
        },
      },
    ]);
  };
}

/** POSTs JSON and returns the parsed answer; anything but 2xx is an error with the answer's start. */
export async function postJson<T = unknown>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A positive whole number from the environment, or the fallback when unset. */
export function positiveInt(key: string, fallback: number): number {
  const raw = process.env[key];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a positive integer (got "${raw}")`);
  return value;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** The markdown table of medians BENCHMARKS.md quotes, one row per scenario. */
export function printTable(title: string, rows: Array<{ label: string; samples: Sample[] }>): void {
  console.log(`\n| ${title} | req/s | p50 ms | p95 ms | p99 ms | errors / non-2xx | server CPU ms/req | req/s of each run |`);
  console.log('|---|--:|--:|--:|--:|--:|--:|---|');
  for (const { label, samples } of rows) {
    const m = summarize(samples);
    console.log(
      `| ${label} | ${fmt(m.rps, 0)} | ${fmt(m.p50, 2)} | ${fmt(m.p95, 2)} | ${fmt(m.p99, 2)} | ${m.errors} / ${m.non2xx} | ${fmt(m.serverCpuMs, 3)} | ${samples.map((s) => fmt(s.rps, 0)).join(', ')} |`,
    );
  }
}
