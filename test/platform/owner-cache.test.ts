import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/platform/cache';
import { OwnerCache } from '../../src/platform/cache/owner-cache';
import { type TestStores, openTestStores } from '../support/stores';

describe('OwnerCache', () => {
  let stores: TestStores;
  let cache: Cache;
  beforeAll(async () => {
    stores = await openTestStores();
    cache = stores.cache;
  });
  afterAll(() => stores.close());

  const counter = () => {
    let calls = 0;
    return { compute: async () => ({ value: ++calls }), calls: () => calls };
  };

  it('keeps a value until the owner is forgotten, per owner', async () => {
    const reads = new OwnerCache(cache, `oc-${Date.now()}`, 60_000);
    const a = counter();
    expect(await reads.read(1, 'page', a.compute)).toEqual({ value: 1 });
    expect(await reads.read(1, 'page', a.compute)).toEqual({ value: 1 });
    expect(await reads.read(2, 'page', a.compute)).toEqual({ value: 2 });
    await reads.forget(1);
    expect(await reads.read(1, 'page', a.compute)).toEqual({ value: 3 });
    expect(await reads.read(2, 'page', a.compute)).toEqual({ value: 2 });
    expect(a.calls()).toBe(3);
  });

  it('asks once for a burst of the same miss', async () => {
    const reads = new OwnerCache(cache, `oc-burst-${Date.now()}`, 60_000);
    let calls = 0;
    const slow = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return { value: calls };
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => reads.read(7, 'page', slow)));
    expect(calls).toBe(1);
    expect(new Set(answers.map((a) => a.value))).toEqual(new Set([1]));
  });

  it('does not keep a failed computation', async () => {
    const reads = new OwnerCache(cache, `oc-fail-${Date.now()}`, 60_000);
    await expect(reads.read(3, 'page', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await reads.read(3, 'page', async () => ({ value: 'fresh' }))).toEqual({ value: 'fresh' });
  });

  it('with a near tier, shares an owner named by a string between nodes, and the node that forgets sees the change at once', async () => {
    const name = `oc-near-${Date.now()}`;
    const near = { entryTtlMs: 60_000, versionTtlMs: 60_000 };
    const [nodeA, nodeB] = [new OwnerCache(cache, name, 60_000, near), new OwnerCache(cache, name, 60_000, near)];
    const a = counter();
    expect(await nodeA.read('catalog', 'page', a.compute)).toEqual({ value: 1 });
    expect(await nodeB.read('catalog', 'page', a.compute)).toEqual({ value: 1 });
    expect(await nodeA.read(7, 'page', a.compute)).toEqual({ value: 2 });
    await nodeA.forget('catalog');
    expect(await nodeA.read('catalog', 'page', a.compute)).toEqual({ value: 3 });
    expect(await nodeA.read(7, 'page', a.compute)).toEqual({ value: 2 });
  });
});
