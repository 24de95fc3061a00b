/**
 * Preloaded into a server under benchmark (`node --import tsx --import ./bench/loop-probe.ts …`)
 * when LOOP_PROBE_FILE is set: on SIGUSR2 it writes the event-loop delay seen since the last
 * signal (monitorEventLoopDelay), the process's RSS and heap to that
 * file as one JSON line, then starts a fresh window. bench/compare.ts reads it around each route.
 * When `<file>.snapshot` exists, it also writes a heap snapshot to the path that file names.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.LOOP_PROBE_FILE;
if (file) {
  // 1 ms sampling: a block shorter than that cannot be told apart from the timer's own jitter.
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.on('SIGUSR2', () => {
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const line = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
      rssMb: Math.round(rss / 1048576),
      heapUsedMb: Math.round(heapUsed / 1048576),
      externalMb: Math.round(external / 1048576),
      arrayBuffersMb: Math.round(arrayBuffers / 1048576),
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
