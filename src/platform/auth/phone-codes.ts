import { randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { RateLimit } from '../../config';
import type { Cache } from '../cache';
import { AppError, badRequest, fieldError } from '../http/errors';
import { defineMessages } from '../http/i18n';
import { RateLimiter } from '../http/rate-limit';
import type { Sms } from '../notify/sms';
import { hmac, randomDigits, safeEqual } from './crypto';
import { AuthMessage } from './messages';

export const PHONE_CODE_MAX_ATTEMPTS = 5;
export const PHONE_PROOF_TTL_SEC = 600;

export const PhoneCodeMessage = defineMessages({
  PHONE_PROOF_INVALID: {
    ko: '전화번호 인증이 유효하지 않거나 만료되었습니다. 다시 인증해 주세요.',
    en: 'The phone verification is not valid or has expired. Verify the number again.',
  },
  PHONE_PROOF_MISMATCH: { ko: '인증한 전화번호와 입력한 전화번호가 다릅니다.', en: 'The verified phone number is not the number given.' },
});

export interface PhoneCodesOptions {
  /** The app's name: proofs are bound to it. */
  app: string;
  cache: Cache;
  sms: Sms;
  /** Keys the code hashes and the proofs; derived from APP_SECRET for this purpose and app. */
  key: string;
  ttlSec: number;
  /** Requests per client IP, whatever the numbers. */
  ipLimit: RateLimit;
  /** The text message carrying the code. */
  message(code: string): string;
  /** Requests per number: one a minute and five an hour unless given. */
  numberLimits?: { burst: RateLimit; hourly: RateLimit };
}

const NUMBER_LIMITS = {
  burst: { limit: 1, windowMs: 60_000, text: '1/minute' },
  hourly: { limit: 5, windowMs: 3_600_000, text: '5/hour' },
};

interface StoredCode {
  /** Tells one code from the one that replaced it, so tries are counted per code. */
  id: string;
  hash: string;
}

/**
 * Six-digit codes sent by SMS to prove a phone number. A code comes from the CSPRNG, is kept only
 * as an HMAC in the cache for `ttlSec`, is used once, and dies after five wrong tries; a new
 * request replaces it. Requests are limited per number (one a minute, five an hour) and per IP.
 * Nothing here looks at users, so the answers say nothing about who owns a number.
 *
 * A verified number earns a proof: a signed token (10 minutes) naming the number and the app,
 * which registration and profile updates take to mark the number as verified.
 */
export class PhoneCodes {
  private readonly limits: Record<'ip' | 'burst' | 'hourly', RateLimiter>;
  private readonly proofKey: Promise<webcrypto.CryptoKey>;

  constructor(private readonly o: PhoneCodesOptions) {
    this.limits = {
      ip: new RateLimiter(o.cache, 'phone-code-ip', o.ipLimit),
      burst: new RateLimiter(o.cache, 'phone-code-burst', (o.numberLimits ?? NUMBER_LIMITS).burst),
      hourly: new RateLimiter(o.cache, 'phone-code-hourly', (o.numberLimits ?? NUMBER_LIMITS).hourly),
    };
    const raw = new TextEncoder().encode(hmac(o.key, 'phone-proof'));
    this.proofKey = webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  get ttlSec(): number {
    return this.o.ttlSec;
  }

  /** Sends a new code to `phone` (E.164). */
  async request(phone: string, ip: string): Promise<{ expiresIn: number }> {
    await this.limits.ip.consume(ip);
    await this.limits.burst.consume(this.numberKey(phone));
    await this.limits.hourly.consume(this.numberKey(phone));
    const code = randomDigits(6);
    const stored: StoredCode = { id: randomUUID(), hash: this.hash(phone, code) };
    await this.o.cache.set(this.codeKey(phone), stored, this.o.ttlSec * 1000);
    await this.o.sms.send({ to: phone, message: this.o.message(code), templateType: 'otp_verification', secret: true });
    return { expiresIn: this.o.ttlSec };
  }

  /** Uses up the code when it matches and returns a proof of the number; otherwise counts a wrong try and throws. */
  async verify(phone: string, code: string): Promise<{ phoneVerificationToken: string; expiresIn: number }> {
    const key = this.codeKey(phone);
    const current = await this.o.cache.get<StoredCode>(key);
    if (!current) throw badRequest(AuthMessage.CODE_EXPIRED);
    // The try is counted before the comparison, atomically, so parallel guesses cannot pass the limit.
    const { count } = await this.o.cache.increment(`phone-code-tries:${current.id}`, this.o.ttlSec * 1000);
    if (count > PHONE_CODE_MAX_ATTEMPTS) throw new AppError(429, AuthMessage.TOO_MANY_ATTEMPTS);
    if (!safeEqual(current.hash, this.hash(phone, code))) {
      const remaining = PHONE_CODE_MAX_ATTEMPTS - count;
      if (remaining <= 0) {
        await this.dropIfCurrent(key, current.id);
        throw new AppError(429, AuthMessage.TOO_MANY_ATTEMPTS);
      }
      throw badRequest(AuthMessage.INVALID_CODE, { remaining });
    }
    // Taken in one step: of two right answers at once, only one gets the proof.
    const taken = await this.o.cache.take<StoredCode>(key);
    if (taken?.id !== current.id) {
      if (taken) await this.o.cache.set(key, taken, this.o.ttlSec * 1000); // A newer code came in between: leave it.
      throw badRequest(AuthMessage.CODE_EXPIRED);
    }
    return { phoneVerificationToken: await this.prove(phone), expiresIn: PHONE_PROOF_TTL_SEC };
  }

  /**
   * The number a proof vouches for, when it is this app's, unexpired and for `phone`; otherwise a
   * 400 naming `field`.
   */
  async checkProof(token: string, phone: string, field = 'phoneVerificationToken'): Promise<void> {
    let proven: unknown;
    try {
      const { payload } = await jwtVerify(token, await this.proofKey, { audience: this.o.app, issuer: 'madang', algorithms: ['HS256'] });
      if (payload.typ === 'phone_proof') proven = payload.phone;
    } catch {
      // Forged, altered, expired or another app's: all the same to the caller.
    }
    if (typeof proven !== 'string') throw fieldError(field, PhoneCodeMessage.PHONE_PROOF_INVALID);
    if (proven !== phone) throw fieldError(field, PhoneCodeMessage.PHONE_PROOF_MISMATCH);
  }

  private async prove(phone: string): Promise<string> {
    return new SignJWT({ typ: 'phone_proof', phone })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('madang')
      .setAudience(this.o.app)
      .setIssuedAt()
      .setExpirationTime(`${PHONE_PROOF_TTL_SEC}s`)
      .setJti(randomUUID())
      .sign(await this.proofKey);
  }

  private async dropIfCurrent(key: string, id: string) {
    const taken = await this.o.cache.take<StoredCode>(key);
    if (taken && taken.id !== id) await this.o.cache.set(key, taken, this.o.ttlSec * 1000);
  }

  private hash(phone: string, code: string) {
    return hmac(this.o.key, `otp:${phone}:${code}`);
  }

  // Numbers appear in cache keys only as keyed hashes.
  private numberKey(phone: string) {
    return hmac(this.o.key, `number:${phone}`).slice(0, 22);
  }

  private codeKey(phone: string) {
    return `phone-code:${this.numberKey(phone)}`;
  }
}
