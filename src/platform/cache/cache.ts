/**
 * The cache every app uses for rate limits, short-lived records and cached reads. Values are
 * JSON. Redis backs it when REDIS_URL is set, so counters and records hold across nodes;
 * otherwise it lives in this process.
 */
export interface Cache {
  readonly driver: 'redis' | 'memory';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Reads and removes in one step, so a one-time record can be used only once. */
  take<T>(key: string): Promise<T | undefined>;
  delete(...keys: string[]): Promise<void>;
  /** Atomically adds `by` (one by default); the window (time to live) starts with the first increment. */
  increment(key: string, windowMs: number, by?: number): Promise<{ count: number; ttlMs: number }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The same cache with every key under `prefix:`; apps never see each other's keys. */
export function scopedCache(cache: Cache, prefix: string): Cache {
  const k = (key: string) => `${prefix}:${key}`;
  return {
    driver: cache.driver,
    get: (key) => cache.get(k(key)),
    set: (key, value, ttlMs) => cache.set(k(key), value, ttlMs),
    take: (key) => cache.take(k(key)),
    delete: (...keys) => cache.delete(...keys.map(k)),
    increment: (key, windowMs, by) => cache.increment(k(key), windowMs, by),
    ping: () => cache.ping(),
    close: async () => {},
  };
}
