import { createRequire } from 'node:module';
import type { IntervalHistogram, monitorEventLoopDelay as MonitorEventLoopDelay } from 'node:perf_hooks';

/** How long after the last request the event loop's delay is still sampled. */
export const QUIET_AFTER_MS = 30_000;

type Sampler = Pick<IntervalHistogram, 'enable' | 'disable'>;

/**
 * Samples the event loop's delay only while the process is serving (issue 17). A delay histogram
 * samples on a timer of its own (every 100 ms here): with nothing to do that was ten wake-ups a
 * second, most of an idle server's CPU. A request starts the sampling; QUIET_AFTER_MS after the
 * last one it stops. A Prometheus scrape is a request too, so a scraped server is always sampled,
 * and an idle loop has no delay worth recording.
 */
export class LoopDelayGate {
  readonly #samplers = new Set<Sampler>();
  #sampling = false;
  #lastActiveAt = 0;

  constructor(
    private readonly quietAfterMs = QUIET_AFTER_MS,
    private readonly now = () => Date.now(),
  ) {}

  /** Puts a histogram under the gate: sampling now if requests are being served, else from the next one. */
  track(sampler: Sampler): void {
    this.#samplers.add(sampler);
    if (this.#sampling) sampler.enable();
    else sampler.disable();
  }

  /** Something was asked of the process: sample, and keep sampling for QUIET_AFTER_MS. */
  active(): void {
    this.#lastActiveAt = this.now();
    if (this.#sampling) return;
    this.#sampling = true;
    for (const sampler of this.#samplers) sampler.enable();
    this.#stopWhenQuiet(this.quietAfterMs);
  }

  get sampling(): boolean {
    return this.#sampling;
  }

  /** One timer per quiet period, not per request: it looks again when requests came meanwhile. */
  #stopWhenQuiet(delayMs: number): void {
    const timer = setTimeout(() => {
      const quietFor = this.now() - this.#lastActiveAt;
      if (quietFor < this.quietAfterMs) return this.#stopWhenQuiet(this.quietAfterMs - quietFor);
      this.#sampling = false;
      for (const sampler of this.#samplers) sampler.disable();
    }, delayMs);
    timer.unref();
  }
}

/** The process's one gate: the event loop is the process's, whatever app a request is for. */
export const loopDelayGate = new LoopDelayGate();

/**
 * Runs `register` (prom-client's collectDefaultMetrics) and puts every event-loop delay histogram
 * it made under the gate. prom-client makes its histogram inside and keeps it to itself, always
 * sampling; it calls `perf_hooks.monitorEventLoopDelay` through the module object, which is
 * swapped for the duration of the call only.
 */
export function withGatedLoopDelay(register: () => void, gate = loopDelayGate): void {
  const perfHooks = createRequire(import.meta.url)('node:perf_hooks') as { monitorEventLoopDelay: typeof MonitorEventLoopDelay };
  const original = perfHooks.monitorEventLoopDelay;
  const made: IntervalHistogram[] = [];
  perfHooks.monitorEventLoopDelay = (options) => {
    const histogram = original(options);
    made.push(histogram);
    return histogram;
  };
  try {
    register();
  } finally {
    perfHooks.monitorEventLoopDelay = original;
  }
  for (const histogram of made) gate.track(histogram);
}
