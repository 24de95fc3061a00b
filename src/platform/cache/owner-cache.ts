import { randomToken } from '../auth/crypto';
import type { Cache } from './cache';
import { NearCache } from './near';

/** Whose data an entry is: a user's id, or a name for data that belongs to no one user (the exercise catalog). */
export type Owner = number | string;

/**
 * An in-process tier in front of the shared cache, for data read far more often than it changes
 * (the exercise catalog): entries are kept here `entryTtlMs`, and the owner's version is re-read
 * from the shared cache at most every `versionTtlMs`, so a change made on any node is seen
 * everywhere within that.
 */
export interface NearTier {
  entryTtlMs: number;
  versionTtlMs: number;
}

type Tier = Pick<NearCache, 'get' | 'set'>;

/**
 * Reads of one owner's data (a user's records, their statistics) kept in the shared cache until
 * the owner's data changes. Entries are keyed by the owner's current version, and a write gives
 * the owner a new random version, so every node stops serving the old entries at once; they
 * simply expire. A version lives as long as the entries, so it cannot lapse under them.
 */
export class OwnerCache {
  /** Computations under way in this process: a burst of the same miss asks the database once. */
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly entries: Tier;
  private readonly versions: Tier;

  constructor(
    cache: Cache,
    private readonly name: string,
    private readonly ttlMs: number,
    near?: NearTier,
  ) {
    this.entries = near ? new NearCache(cache, near.entryTtlMs) : cache;
    this.versions = near ? new NearCache(cache, near.versionTtlMs) : cache;
  }

  /** Forgets everything cached for the owner; call it after each write of their data. */
  async forget(owner: Owner): Promise<void> {
    await this.versions.set(this.versionKey(owner), randomToken(9), this.ttlMs);
  }

  /** The cached value for `key`, or `compute()`'s, which is then kept. Values go through JSON. */
  async read<T>(owner: Owner, key: string, compute: () => Promise<T>): Promise<T> {
    const version = (await this.versions.get<string>(this.versionKey(owner))) ?? 'initial';
    const entryKey = `${this.name}:${owner}:${version}:${key}`;
    const hit = await this.entries.get<T>(entryKey);
    if (hit !== undefined) return hit;
    const running = this.computing.get(entryKey) as Promise<T> | undefined;
    if (running) return running;
    const computed = (async () => {
      const value = await compute();
      await this.entries.set(entryKey, value, this.ttlMs);
      return value;
    })().finally(() => this.computing.delete(entryKey));
    this.computing.set(entryKey, computed);
    return computed;
  }

  private versionKey(owner: Owner): string {
    return `${this.name}:version:${owner}`;
  }
}
