import { createRequire } from 'node:module';
import type * as PerfHooks from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoopDelayGate, withGatedLoopDelay } from '../../src/platform/http/loop-delay';

// What prom-client reaches: the CommonJS module object of perf_hooks.
const perfHooks = createRequire(import.meta.url)('node:perf_hooks') as typeof PerfHooks;

/** A histogram that only records whether it is sampling. */
function fakeSampler() {
  const sampler = { on: false, enable: () => !sampler.on && (sampler.on = true), disable: () => sampler.on && !(sampler.on = false) };
  return sampler;
}

describe('event-loop delay sampled only while requests come (issue 17: idle CPU)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts with a request, keeps on while they come, stops once quiet for the whole period', () => {
    const gate = new LoopDelayGate(1_000);
    const sampler = fakeSampler();
    gate.track(sampler);
    expect(sampler.on).toBe(false);

    gate.active();
    expect(sampler.on).toBe(true);
    vi.advanceTimersByTime(600);
    gate.active(); // the quiet period now ends 1,000 ms after this one
    vi.advanceTimersByTime(900);
    expect(sampler.on).toBe(true);
    vi.advanceTimersByTime(100);
    expect(sampler.on).toBe(false);
    expect(vi.getTimerCount()).toBe(0);

    gate.active();
    expect(sampler.on).toBe(true);
  });

  it('puts a histogram tracked while sampling on at once', () => {
    const gate = new LoopDelayGate(1_000);
    gate.active();
    const late = fakeSampler();
    gate.track(late);
    expect(late.on).toBe(true);
  });

  it("gates the histogram a registration makes, and leaves perf_hooks' own function in place", () => {
    const gate = new LoopDelayGate(1_000);
    let made: ReturnType<typeof perfHooks.monitorEventLoopDelay> | undefined;
    const original = perfHooks.monitorEventLoopDelay;
    withGatedLoopDelay(() => {
      made = perfHooks.monitorEventLoopDelay({ resolution: 100 });
      expect(made.enable()).toBe(true); // what prom-client does with it
    }, gate);
    // With no request yet, the registration's enable() was undone.
    expect(made!.enable()).toBe(true);
    made!.disable();
    gate.active();
    expect(made!.enable()).toBe(false); // already sampling
    vi.advanceTimersByTime(1_000);
    expect(made!.disable()).toBe(false); // the gate stopped it
    expect(perfHooks.monitorEventLoopDelay).toBe(original);
  });
});
