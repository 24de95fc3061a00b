import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { AppError, badRequest } from '../http/errors';
import { hmac, randomDigits, safeEqual } from './crypto';
import { AuthMessage } from './messages';
import type { CodePurpose, IdentityTables } from './tables';

export const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;

/**
 * Six-digit codes sent by email to verify an address or reset a password. Each is stored as an
 * HMAC (a leaked table does not give codes away), lives ten minutes, is used once, and dies
 * after five wrong tries. A new code replaces the previous one of the same purpose.
 */
export class VerificationCodes {
  constructor(
    private readonly db: Db,
    private readonly tables: IdentityTables,
    private readonly secret: string,
  ) {}

  async issue(userId: number, email: string, purpose: CodePurpose): Promise<string> {
    const { emailVerifications: codes } = this.tables;
    const code = randomDigits(6);
    await this.db.transaction(async (tx) => {
      await tx
        .update(codes)
        .set({ consumedAt: new Date() })
        .where(and(eq(codes.userId, userId), eq(codes.purpose, purpose), isNull(codes.consumedAt)));
      await tx.insert(codes).values({
        userId,
        email,
        purpose,
        codeHash: this.hash(userId, purpose, code),
        expiresAt: new Date(Date.now() + CODE_TTL_MINUTES * 60_000),
      });
    });
    return code;
  }

  /** Uses up the code when it matches; otherwise counts a wrong try and throws. */
  async consume(userId: number, purpose: CodePurpose, code: string): Promise<{ email: string }> {
    const { emailVerifications: codes } = this.tables;
    const [current] = await this.db
      .select({ id: codes.id, expiresAt: codes.expiresAt })
      .from(codes)
      .where(and(eq(codes.userId, userId), eq(codes.purpose, purpose), isNull(codes.consumedAt)))
      .orderBy(desc(codes.createdAt))
      .limit(1);
    if (!current || current.expiresAt <= new Date()) throw badRequest(AuthMessage.CODE_EXPIRED);

    // The try is counted before the comparison, atomically, so parallel guesses cannot exceed
    // the limit however they interleave.
    const [attempt] = await this.db
      .update(codes)
      .set({ attempts: sql`${codes.attempts} + 1` })
      .where(and(eq(codes.id, current.id), isNull(codes.consumedAt), lt(codes.attempts, CODE_MAX_ATTEMPTS)))
      .returning({ attempts: codes.attempts, codeHash: codes.codeHash, email: codes.email });
    if (!attempt) throw new AppError(429, AuthMessage.TOO_MANY_ATTEMPTS);

    if (!safeEqual(attempt.codeHash, this.hash(userId, purpose, code))) {
      const remaining = CODE_MAX_ATTEMPTS - attempt.attempts;
      if (remaining <= 0) throw new AppError(429, AuthMessage.TOO_MANY_ATTEMPTS);
      throw badRequest(AuthMessage.INVALID_CODE, { remaining });
    }
    const [used] = await this.db
      .update(codes)
      .set({ consumedAt: new Date(), isVerified: true })
      .where(and(eq(codes.id, current.id), isNull(codes.consumedAt)))
      .returning({ email: codes.email });
    if (!used) throw badRequest(AuthMessage.CODE_EXPIRED);
    return used;
  }

  /** The code waiting to be entered, if any. */
  async pending(userId: number, purpose: CodePurpose): Promise<{ email: string; expiresAt: Date } | undefined> {
    const { emailVerifications: codes } = this.tables;
    const [row] = await this.db
      .select({ email: codes.email, expiresAt: codes.expiresAt, attempts: codes.attempts })
      .from(codes)
      .where(and(eq(codes.userId, userId), eq(codes.purpose, purpose), isNull(codes.consumedAt)))
      .orderBy(desc(codes.createdAt))
      .limit(1);
    return row && row.expiresAt > new Date() && row.attempts < CODE_MAX_ATTEMPTS ? row : undefined;
  }

  private hash(userId: number, purpose: CodePurpose, code: string) {
    return hmac(this.secret, `${purpose}:${userId}:${code}`);
  }
}
