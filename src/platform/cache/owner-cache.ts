import { randomToken } from '../auth/crypto';
import type { Cache } from './cache';

/**
 * Reads of one owner's data (a user's records, their statistics) kept in the shared cache until
 * the owner's data changes. Entries are keyed by the owner's current version, and a write gives
 * the owner a new random version, so every node stops serving the old entries at once; they
 * simply expire. A version lives as long as the entries, so it cannot lapse under them.
 */
export class OwnerCache {
  /** Computations under way in this process: a burst of the same miss asks the database once. */
  private readonly computing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: Cache,
    private readonly name: string,
    private readonly ttlMs: number,
  ) {}

  /** Forgets everything cached for the owner; call it after each write of their data. */
  async forget(ownerId: number): Promise<void> {
    await this.cache.set(this.versionKey(ownerId), randomToken(9), this.ttlMs);
  }

  /** The cached value for `key`, or `compute()`'s, which is then kept. Values go through JSON. */
  async read<T>(ownerId: number, key: string, compute: () => Promise<T>): Promise<T> {
    const version = (await this.cache.get<string>(this.versionKey(ownerId))) ?? 'initial';
    const entryKey = `${this.name}:${ownerId}:${version}:${key}`;
    const hit = await this.cache.get<T>(entryKey);
    if (hit !== undefined) return hit;
    const running = this.computing.get(entryKey) as Promise<T> | undefined;
    if (running) return running;
    const computed = (async () => {
      const value = await compute();
      await this.cache.set(entryKey, value, this.ttlMs);
      return value;
    })().finally(() => this.computing.delete(entryKey));
    this.computing.set(entryKey, computed);
    return computed;
  }

  private versionKey(ownerId: number): string {
    return `${this.name}:version:${ownerId}`;
  }
}
