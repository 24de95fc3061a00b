import { eq } from 'drizzle-orm';
import type { RateLimit } from '../../../config';
import type { Passwords } from '../../../platform/auth/passwords';
import type { Cache } from '../../../platform/cache';
import type { Db } from '../../../platform/db/database';
import { RateLimiter } from '../../../platform/http/rate-limit';
import { userSettings } from './tables';

/**
 * A 4-digit PIN has 10,000 values: without a limit a stolen session guesses it in minutes. Five
 * tries per user and 30 per address in 15 minutes; a right PIN clears the user's count.
 */
export const APP_LOCK_LIMITS = {
  user: { limit: 5, windowMs: 15 * 60_000, text: '5/15minute' },
  ip: { limit: 30, windowMs: 15 * 60_000, text: '30/15minute' },
} as const satisfies Record<string, RateLimit>;

/** Checks the app-lock PIN against its argon2id hash. */
export class AppLock {
  private readonly perUser: RateLimiter;
  private readonly perIp: RateLimiter;

  constructor(
    private readonly db: Db,
    cache: Cache,
    private readonly passwords: Passwords,
  ) {
    this.perUser = new RateLimiter(cache, 'mimo-app-lock-user', APP_LOCK_LIMITS.user);
    this.perIp = new RateLimiter(cache, 'mimo-app-lock-ip', APP_LOCK_LIMITS.ip);
  }

  /** Whether the PIN is the user's; false when none is set (after the same work as a real check). */
  async verify(userId: number, pin: string, ip: string): Promise<boolean> {
    await this.perIp.consume(ip);
    await this.perUser.consume(String(userId));
    const [row] = await this.db.select({ hash: userSettings.appLockPinHash }).from(userSettings).where(eq(userSettings.userId, userId));
    const valid = await this.passwords.check(row?.hash, pin);
    if (valid) await this.perUser.reset(String(userId));
    return valid;
  }
}
