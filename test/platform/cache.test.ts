import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/platform/cache';
import { scopedCache } from '../../src/platform/cache';
import { type TestStores, openTestStores } from '../support/stores';

describe('cache', () => {
  let stores: TestStores;
  let cache: Cache;
  beforeAll(async () => {
    stores = await openTestStores();
    cache = scopedCache(stores.cache, `cache-test-${Date.now()}`);
  });
  afterAll(() => stores.close());

  it('stores JSON values and forgets them after their time to live', async () => {
    await cache.set('a', { n: 1, s: '한글' }, 150);
    expect(await cache.get('a')).toEqual({ n: 1, s: '한글' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await cache.get('a')).toBeUndefined();
  });

  it('keeps a value without TTL until it is deleted', async () => {
    await cache.set('b', [1, 2, 3]);
    await cache.set('c', null);
    expect(await cache.get('b')).toEqual([1, 2, 3]);
    expect(await cache.get('c')).toBeNull();
    await cache.delete('b', 'c');
    expect(await cache.get('b')).toBeUndefined();
  });

  it('takes a value only once', async () => {
    await cache.set('once', 'x', 10_000);
    const [first, second] = await Promise.all([cache.take('once'), cache.take('once')]);
    expect([first, second].sort()).toEqual(['x', undefined].sort());
  });

  it('counts atomically within a window that starts at the first increment', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.increment('counter', 300)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(Math.max(...results.map((r) => r.ttlMs))).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await cache.increment('counter', 300)).count).toBe(1);
  });

  it('keeps scopes apart', async () => {
    const a = scopedCache(stores.cache, 'scope-a');
    const b = scopedCache(stores.cache, 'scope-b');
    await a.set('k', 'from a');
    expect(await b.get('k')).toBeUndefined();
    expect(await a.get('k')).toBe('from a');
  });
});
