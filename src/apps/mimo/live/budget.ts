import { tooManyRequests } from '../../../platform/http/errors';

/**
 * How many events one socket may send in a window. A socket lives on one node, so the count
 * lives with it, costs nothing to check and goes when the socket does.
 */
export class SocketBudget {
  private used = 0;
  private resetAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event; throws 429 once the window's events are spent. */
  spend(now = Date.now()): void {
    if (now >= this.resetAt) {
      this.used = 0;
      this.resetAt = now + this.windowMs;
    }
    this.used += 1;
    if (this.used > this.limit) throw tooManyRequests(this.resetAt - now);
  }
}
