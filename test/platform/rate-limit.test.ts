import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/platform/cache';
import { BatchedRateLimiter } from '../../src/platform/http/rate-limit';
import { eventually } from '../support/sockets';
import { type TestStores, openTestStores } from '../support/stores';

// The general limit counts in the process and settles with the shared cache every 50 ms; hits on
// their way to the cache must still count, or a burst slips through while a settlement is in flight.
describe('batched rate limit', () => {
  let stores: TestStores;
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(() => stores.close());

  it('counts the hits of a settlement in flight', async () => {
    let release: (() => void) | undefined;
    // The real cache, with its increments held back on demand.
    const slow: Cache = {
      ...stores.cache,
      increment: async (key, windowMs, by) => {
        if (release === undefined) return stores.cache.increment(key, windowMs, by);
        await new Promise<void>((resolve) => (release = resolve));
        return stores.cache.increment(key, windowMs, by);
      },
    };
    const limiter = new BatchedRateLimiter(slow, `test-${Date.now()}`, { limit: 3, windowMs: 60_000, text: '3/minute' });
    try {
      await limiter.consume('1.2.3.4');
      await limiter.consume('1.2.3.4');
      await limiter.consume('1.2.3.4');
      release = () => {};
      const settling = limiter.flush(); // Two hits leave for the cache, and are held on the way.
      await expect(limiter.consume('1.2.3.4')).rejects.toMatchObject({ status: 429 });
      release();
      await settling;
      release = undefined;
      await expect(limiter.consume('1.2.3.4')).rejects.toMatchObject({ status: 429 });
      await expect(limiter.consume('5.6.7.8')).resolves.toMatchObject({ remaining: 2 });
    } finally {
      await limiter.close();
    }
  });

  it('settles only while a window is open: no timer when idle, and it stops once the windows end', async () => {
    const limiter = new BatchedRateLimiter(stores.cache, `test-idle-${Date.now()}`, { limit: 100, windowMs: 300, text: '100/300ms' });
    try {
      expect(limiter.ticking).toBe(false);
      await limiter.consume('1.2.3.4');
      await limiter.consume('1.2.3.4');
      expect(limiter.ticking).toBe(true);
      // The window ends after 300 ms; the next settlement drops it and the timer with it.
      await eventually(() => !limiter.ticking, 5_000);
      // A new hit opens a new window, counted afresh, and the timer again.
      await expect(limiter.consume('1.2.3.4')).resolves.toMatchObject({ remaining: 99 });
      expect(limiter.ticking).toBe(true);
    } finally {
      await limiter.close();
    }
    expect(limiter.ticking).toBe(false);
  });
});
