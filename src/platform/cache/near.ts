import { LRUCache } from 'lru-cache';
import type { Cache } from './cache';

/**
 * A small in-process tier in front of the shared cache, for values that are read far more often
 * than they change (the exercise catalog). A value is kept here at most `ttlMs`; writes and
 * deletes made through this node reach both tiers at once, other nodes' within `ttlMs`.
 */
export class NearCache {
  private readonly local: LRUCache<string, { value: unknown; until: number }>;

  constructor(
    private readonly shared: Cache,
    private readonly ttlMs: number,
    max = 1_000,
  ) {
    // The least recently used value goes first when the tier is full.
    this.local = new LRUCache({ max });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const near = this.local.get(key);
    if (near && near.until > Date.now()) return near.value as T;
    const value = await this.shared.get<T>(key);
    if (value !== undefined) this.keep(key, value);
    return value;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.shared.set(key, value, ttlMs);
    this.keep(key, value, Math.min(ttlMs, this.ttlMs));
  }

  async delete(key: string): Promise<void> {
    this.local.delete(key);
    await this.shared.delete(key);
  }

  /** Forgets the local copy only, e.g. of a counter just changed in the shared tier. */
  forget(key: string): void {
    this.local.delete(key);
  }

  private keep(key: string, value: unknown, ttlMs = this.ttlMs) {
    this.local.set(key, { value, until: Date.now() + ttlMs });
  }
}
