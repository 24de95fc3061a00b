import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/platform/cache';
import { BatchedRateLimiter } from '../../src/platform/http/rate-limit';
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
});
