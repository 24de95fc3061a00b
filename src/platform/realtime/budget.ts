import { tooManyRequests } from '../http/errors';

/** How many events a socket may send in a window, e.g. `{count: 100, windowMs: 10_000}`. */
export interface EventLimit {
  count: number;
  windowMs: number;
}

/**
 * How many events one connection may send in a window. A connection lives on one node, so the
 * count lives with it, costs nothing to check and goes when the connection does.
 */
export class EventBudget {
  private used = 0;
  private resetAt = 0;

  constructor(private readonly limit: EventLimit) {}

  /** Counts one event; throws 429 once the window's events are spent. */
  spend(now = Date.now()): void {
    if (now >= this.resetAt) {
      this.used = 0;
      this.resetAt = now + this.limit.windowMs;
    }
    this.used += 1;
    if (this.used > this.limit.count) throw tooManyRequests(this.resetAt - now);
  }
}
