import { LRUCache } from 'lru-cache';
import { hkdfSync, randomUUID, webcrypto } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { unauthorized } from '../http/errors';
import { AuthMessage } from './messages';

export interface AccessClaims {
  userId: number;
  sessionId: string;
  /** Seconds since the epoch, as in the token. */
  issuedAt: number;
  expiresAt: number;
}

// Tokens already verified, so a client's repeated requests with the same token skip the
// signature check. Bounded; the oldest entries go first.
const VERIFIED_CACHE_SIZE = 10_000;
/** Sessions are named by UUIDs; a token naming anything else is not one of ours to look up. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Short-lived HS256 JWTs. Each app signs with its own key derived from JWT_SECRET and checks its
 * own audience, so a FitMate token never opens MIMO. The `typ` claim keeps any other kind of
 * token from passing as an access token. Whether the session behind a token is still alive is
 * checked on every request elsewhere (SessionStore.principal).
 */
export class AccessTokens {
  // Imported once: jose would import raw key bytes again on every call.
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly issuer = 'madang';
  private readonly verified = new LRUCache<string, { claims: AccessClaims; expiresAtMs: number }>({ max: VERIFIED_CACHE_SIZE });

  constructor(
    secret: string,
    private readonly audience: string,
    readonly ttlSec: number,
  ) {
    const raw = new Uint8Array(hkdfSync('sha256', secret, 'madang', `jwt:${audience}`, 32));
    this.key = webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async sign(userId: number, sessionId: string): Promise<string> {
    return new SignJWT({ typ: 'access', sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSec}s`)
      .setJti(randomUUID())
      .sign(await this.key);
  }

  async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAtMs > Date.now()) return known.claims;
      this.verified.delete(token);
      throw unauthorized(AuthMessage.TOKEN_EXPIRED);
    }
    const claims = await this.check(token);
    this.verified.set(token, { claims, expiresAtMs: claims.expiresAt * 1000 });
    return claims;
  }

  private async check(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const userId = Number(payload.sub);
      if (payload.typ !== 'access' || typeof payload.sid !== 'string' || !SESSION_ID.test(payload.sid) || !Number.isSafeInteger(userId) || userId < 1) {
        throw unauthorized(AuthMessage.INVALID_TOKEN);
      }
      return { userId, sessionId: payload.sid, issuedAt: payload.iat!, expiresAt: payload.exp! };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthorized(AuthMessage.TOKEN_EXPIRED);
      throw unauthorized(AuthMessage.INVALID_TOKEN);
    }
  }
}
