import type { RateLimit } from '../../config';
import type { Cache } from '../cache';
import { tooManyRequests } from './errors';

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetMs: number;
}

/**
 * A fixed-window counter per key in the shared cache, so a limit holds across nodes when the
 * cache is Redis. `consume` counts one attempt and throws 429 once the window is used up. Every
 * attempt is one round trip: meant for sign-in and other limits that must be exact.
 */
export class RateLimiter {
  constructor(
    private readonly cache: Cache,
    private readonly name: string,
    readonly rule: RateLimit,
  ) {}

  async consume(key: string): Promise<RateLimitState> {
    const { count, ttlMs } = await this.cache.increment(this.key(key), this.rule.windowMs);
    if (count > this.rule.limit) throw tooManyRequests(ttlMs);
    return { limit: this.rule.limit, remaining: this.rule.limit - count, resetMs: ttlMs };
  }

  /** Whether another attempt would pass now, without counting one. */
  async allows(key: string): Promise<boolean> {
    return ((await this.cache.get<number>(this.key(key))) ?? 0) < this.rule.limit;
  }

  /** Forgets the attempts of a key, e.g. after a successful sign-in. */
  reset(key: string): Promise<void> {
    return this.cache.delete(this.key(key));
  }

  private key(key: string) {
    return `ratelimit:${this.name}:${key}`;
  }
}

interface Window {
  /** The shared count when last heard from the cache, this process's settled hits included. */
  shared: number;
  /** Hits counted here and not yet added to the shared count. */
  pending: number;
  /** Hits on their way to the shared count (a settlement in flight): still counted here. */
  sending: number;
  resetAt: number;
  /** When the shared count was last heard. */
  syncedAt: number;
}

const FLUSH_MS = 50;
const STALE_MS = 2 * FLUSH_MS;
const MAX_KEYS = 100_000;

/**
 * The same fixed window for limits every request passes through. A request whose window has not
 * been settled with the shared count in the last 100 ms waits for it (and settles what it has);
 * otherwise it is decided here, on the last shared count plus this process's own hits, which are
 * added to the shared count every 50 ms. A busy client thus costs no round trip per request. One
 * node is exact; across nodes a client can pass the limit by what the nodes count between two
 * settlements, at most 100 ms of its requests.
 */
export class BatchedRateLimiter {
  private readonly windows = new Map<string, Window>();
  /** Settles every FLUSH_MS while some window is open; none when nobody has been counted (idle). */
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly cache: Cache,
    private readonly name: string,
    readonly rule: RateLimit,
  ) {}

  async consume(key: string): Promise<RateLimitState> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (window && window.resetAt > now && now - window.syncedAt < STALE_MS) {
      window.pending++;
    } else {
      const carried = window && window.resetAt > now ? window.pending : 0;
      if (window) window.pending = 0; // Carried now: a request racing this one must not carry them too.
      const { count, ttlMs } = await this.cache.increment(this.key(key), this.rule.windowMs, carried + 1);
      if (!window && this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
      window = { shared: count, pending: 0, sending: 0, resetAt: Date.now() + ttlMs, syncedAt: Date.now() };
      this.windows.set(key, window);
      this.tick();
    }
    const used = window.shared + window.sending + window.pending;
    if (used > this.rule.limit) throw tooManyRequests(window.resetAt - now);
    return { limit: this.rule.limit, remaining: this.rule.limit - used, resetMs: window.resetAt - now };
  }

  /** Adds the hits counted here to the shared counts and learns the other nodes' hits. */
  async flush(): Promise<void> {
    const now = Date.now();
    const settling: Promise<void>[] = [];
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) {
        this.windows.delete(key);
      } else if (window.pending > 0) {
        const sent = window.pending;
        window.pending = 0;
        window.sending += sent;
        settling.push(
          this.cache.increment(this.key(key), this.rule.windowMs, sent).then(
            ({ count, ttlMs }) => {
              window.sending -= sent;
              window.shared = count;
              window.resetAt = Date.now() + ttlMs;
              window.syncedAt = Date.now();
            },
            () => {
              window.sending -= sent;
              window.pending += sent; // The cache is away: keep the hits for the next round.
            },
          ),
        );
      }
    }
    if (this.windows.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await Promise.all(settling);
  }

  /** Whether the settling timer runs (while some window is open). */
  get ticking(): boolean {
    return this.timer !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private tick(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private key(key: string) {
    return `ratelimit:${this.name}:${key}`;
  }
}
