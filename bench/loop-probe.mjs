/* global process */
/**
 * Preloaded into a server under benchmark when LOOP_PROBE_FILE is set (`NODE_OPTIONS=--import
 * ./bench/loop-probe.mjs`; plain JavaScript, so the built server runs without tsx, as `npm start`
 * runs it): on SIGUSR2 it writes the event-loop delay seen since the last signal
 * (monitorEventLoopDelay), the process's RSS and the main thread's heap to that file as one JSON
 * line, then starts a fresh window. bench/compare.ts reads it around each route.
 * When `<file>.snapshot` exists, it also writes a heap snapshot to the path that file names.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const file = process.env.LOOP_PROBE_FILE;
// The main thread only (signals reach no other), and not the build step `npm start` runs first.
if (file && isMainThread && process.argv.includes('start')) {
  // 1 ms sampling: a block shorter than that cannot be told apart from the timer's own jitter.
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const mb = (bytes) => Math.round(bytes / 1048576);
  process.on('SIGUSR2', () => {
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const line = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      rssMb: mb(rss),
      heapTotalMb: mb(heapTotal),
      heapUsedMb: mb(heapUsed),
      externalMb: mb(external),
      arrayBuffersMb: mb(arrayBuffers),
    };
    // Asked for by bench/compare.ts (BENCH_HEAP_SNAPSHOTS): the file names where to write one.
    if (existsSync(`${file}.snapshot`)) {
      const target = readFileSync(`${file}.snapshot`, 'utf8').trim();
      rmSync(`${file}.snapshot`);
      writeHeapSnapshot(target);
    }
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    histogram.reset();
  });
}
