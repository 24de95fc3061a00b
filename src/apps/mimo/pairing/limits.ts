import type { RateLimit } from '../../../config';
import type { Cache } from '../../../platform/cache';
import { RateLimiter } from '../../../platform/http/rate-limit';

/**
 * A live PIN is one of a million. Every attempt to look a code up (validate, info, establish)
 * counts, per user and per address, so neither many accounts behind one address nor one account
 * from many addresses can sweep the PIN space. Success does not clear the count: otherwise a
 * guesser could reset it with a code of their own camera between guesses.
 */
export const GUESS_LIMITS = {
  user: { limit: 10, windowMs: 15 * 60_000, text: '10/15minute' },
  ip: { limit: 30, windowMs: 15 * 60_000, text: '30/15minute' },
  generate: { limit: 20, windowMs: 15 * 60_000, text: '20/15minute' },
} as const satisfies Record<string, RateLimit>;

export class PairingLimits {
  private readonly perUser: RateLimiter;
  private readonly perIp: RateLimiter;
  private readonly generating: RateLimiter;

  constructor(cache: Cache) {
    this.perUser = new RateLimiter(cache, 'mimo-pair-user', GUESS_LIMITS.user);
    this.perIp = new RateLimiter(cache, 'mimo-pair-ip', GUESS_LIMITS.ip);
    this.generating = new RateLimiter(cache, 'mimo-pair-generate', GUESS_LIMITS.generate);
  }

  /** Counts one lookup of a code; 429 once the user or the address is over. */
  async lookup(userId: number, ip: string): Promise<void> {
    await this.perIp.consume(ip);
    await this.perUser.consume(String(userId));
  }

  /** Generating renders two QR images: limited so it cannot be used to load the server. */
  async generate(userId: number): Promise<void> {
    await this.generating.consume(String(userId));
  }
}
