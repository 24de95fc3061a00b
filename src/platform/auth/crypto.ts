import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export const hmac = (key: string, value: string) => createHmac('sha256', key).update(value).digest('base64url');

/** A random opaque token for URLs and headers. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Six digits from the CSPRNG, leading zeros kept. */
export const randomDigits = (length = 6) => String(randomInt(0, 10 ** length)).padStart(length, '0');

/** A 32-byte key for one purpose (`codes:fitmate`, `phone-codes:mimo`, …) derived from a master secret. */
export const deriveKey = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'madang', purpose, 32)).toString('base64url');
