import { Agent, request } from 'node:http';
import { percentile, type Sample } from './load';

export interface OpenLoopOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Keep-alive connections held open to the server for the whole run. */
  connections: number;
  /** Requests a second over all connections, arriving at random (a Poisson process). */
  ratePerSec: number;
  durationSec: number;
}

/**
 * An open-loop load: requests arrive on their own schedule, as from many independent users, not
 * when a previous answer comes back. Arrival times are drawn from a Poisson process, so there are
 * no synchronised bursts (autocannon's `overallRate` fires every connection in the same
 * instant each second, which measures its bursts, not the server). Latency counts from the
 * moment a request was due, so time spent waiting for a free connection is counted too (no
 * coordinated omission). Requests unanswered 10 s after the run are errors.
 */
export async function measureOpenLoop(options: OpenLoopOptions): Promise<Sample & { openConnections: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, scheduling: 'fifo' });
  const send = () =>
    new Promise<number>((resolve) => {
      const req = request(options.url, { agent, method: options.method ?? 'GET', headers: options.headers }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('error', () => resolve(0));
      req.end(options.body);
    });

  // Open every connection first (not measured), so the run holds all of them throughout.
  await Promise.all(Array.from({ length: options.connections }, send));
  const openConnections = countSockets(agent);

  const latencies: number[] = [];
  let responses = 0;
  let errors = 0;
  let non2xx = 0;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const end = start + options.durationSec * 1000;
  let due = start;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (due <= now && due < end) {
        const scheduled = due;
        const done = send().then((status) => {
          responses++;
          if (status === 0) errors++;
          else if (status < 200 || status >= 300) non2xx++;
          else latencies.push(performance.now() - scheduled);
        });
        inFlight.add(done);
        void done.then(() => inFlight.delete(done));
        due += -Math.log(1 - Math.random()) * (1000 / options.ratePerSec);
      }
      if (due >= end) resolve();
      else setTimeout(tick, Math.max(0, Math.min(due - performance.now(), 5)));
    };
    tick();
  });
  const unanswered = await Promise.race([Promise.all(inFlight).then(() => 0), new Promise<number>((r) => setTimeout(() => r(inFlight.size), 10_000))]);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / options.durationSec,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + unanswered,
    non2xx,
    responses,
    serverCpuMs: Number.NaN,
    openConnections,
  };
}

function countSockets(agent: Agent): number {
  const count = (pool: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(pool).reduce((n, list) => n + (list?.length ?? 0), 0);
  return count(agent.sockets) + count(agent.freeSockets);
}
