import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow past what its last full collection left alive before it collects
 * again, in percent. V8 picks this factor itself, up to 4× under load; Madang's live heap is about
 * 80 MB after a benchmark run in either mode, yet its main thread then held 250–310 MB between
 * collections (request objects promoted while their queries ran, dead soon after), and the RSS
 * followed that high-water mark. 1.3× keeps the heap near what is live. It is not a limit: the
 * heap still grows as far as live objects need (no out-of-memory on a burst), V8 only collects
 * sooner. Measured in BENCHMARKS.md ("Memory after the cuts"): RSS and CPU per request.
 */
export const HEAP_GROWING_PERCENT = 30;

/** For the server's process (`start`), before it builds anything: every thread's heap, this one's and the database thread's. */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
