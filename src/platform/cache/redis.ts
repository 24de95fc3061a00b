import { Redis } from 'ioredis';
import type { Cache } from './cache';

// INCRBY and the first PEXPIRE in one step, so a crash between them cannot leave a counter
// that never expires.
const INCREMENT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

interface WindowCommand {
  incrementWindow(key: string, windowMs: number, by: number): Promise<[number, number]>;
}

export async function createRedisCache(url: string): Promise<Cache> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
  });
  // Sent once; afterwards each increment runs it by its SHA (EVALSHA), not by its text.
  redis.defineCommand('incrementWindow', { numberOfKeys: 1, lua: INCREMENT });
  await redis.connect();
  const parse = <T>(json: string | null) => (json === null ? undefined : (JSON.parse(json) as T));

  return {
    driver: 'redis',
    async get<T>(key: string) {
      return parse<T>(await redis.get(key));
    },
    async set(key, value, ttlMs) {
      const json = JSON.stringify(value);
      if (ttlMs) await redis.set(key, json, 'PX', Math.max(1, Math.ceil(ttlMs)));
      else await redis.set(key, json);
    },
    async take<T>(key: string) {
      return parse<T>(await redis.getdel(key));
    },
    async delete(...keys) {
      if (keys.length) await redis.del(...keys);
    },
    async increment(key, windowMs, by = 1) {
      const [count, ttlMs] = await (redis as unknown as WindowCommand).incrementWindow(key, Math.ceil(windowMs), by);
      return { count, ttlMs: ttlMs < 0 ? windowMs : ttlMs };
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
