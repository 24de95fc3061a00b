import type { Cache } from '../../../platform/cache';
import { RateLimiter } from '../../../platform/http/rate-limit';

/** 20 messages per 10 seconds per user, REST and sockets together, counted in the shared cache (all nodes). */
export const SEND_LIMIT = { limit: 20, windowMs: 10_000, text: '20/10second' };

export function sendLimiter(cache: Cache): RateLimiter {
  return new RateLimiter(cache, 'chat-send', SEND_LIMIT);
}
