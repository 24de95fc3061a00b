import { type Cache, scopedCache } from './cache';
import { createMemoryCache } from './memory';
import { createRedisCache } from './redis';

export type { Cache } from './cache';
export { scopedCache } from './cache';

/** Redis under `keyPrefix:` when a URL is given, else the in-process cache. */
export async function openCache(redisUrl: string | undefined, keyPrefix: string): Promise<Cache> {
  if (!redisUrl) return createMemoryCache();
  const redis = await createRedisCache(redisUrl);
  return { ...scopedCache(redis, keyPrefix), close: () => redis.close() };
}
