import type { Cache } from './cache';

interface Entry {
  json: string;
  expiresAt: number;
}

/** The single-node cache: a map with expiry times, swept once a minute. */
export function createMemoryCache(now: () => number = Date.now): Cache {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = setInterval(() => {
    const time = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= time) entries.delete(key);
  }, 60_000);
  sweep.unref();

  return {
    driver: 'memory',
    async get<T>(key: string) {
      const entry = live(key);
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async set(key, value, ttlMs) {
      entries.set(key, { json: JSON.stringify(value), expiresAt: ttlMs ? now() + ttlMs : Infinity });
    },
    async take<T>(key: string) {
      const entry = live(key);
      entries.delete(key);
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async increment(key, windowMs, by = 1) {
      const entry = live(key);
      const count = (entry ? Number(entry.json) : 0) + by;
      const expiresAt = entry ? entry.expiresAt : now() + windowMs;
      entries.set(key, { json: String(count), expiresAt });
      return { count, ttlMs: expiresAt - now() };
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}
