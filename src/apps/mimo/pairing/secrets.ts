import { hmac, randomDigits, randomToken, safeEqual } from '../../../platform/auth/crypto';

/** The QR code: `<row id>.<32 random base64url chars>` (24 bytes from the CSPRNG). */
const CODE = /^([1-9]\d{0,14})\.([A-Za-z0-9_-]{32})$/;
export const PIN = /^\d{6}$/;

/**
 * Pairing secrets and their keyed hashes. Only HMACs (key derived from APP_SECRET) are stored:
 * a leaked table gives neither PINs nor codes, and a six-digit PIN cannot be found by hashing
 * all million of them without the key.
 */
export class PairingSecrets {
  constructor(private readonly key: string) {}

  newPin(): string {
    return randomDigits(6);
  }

  newCodeSecret(): string {
    return randomToken(24);
  }

  pinHash(pin: string): string {
    return hmac(this.key, `pin:${pin}`);
  }

  codeHash(secret: string): string {
    return hmac(this.key, `code:${secret}`);
  }

  /** Whether a presented secret is the one whose hash is stored; time does not tell how close. */
  matches(storedHash: string, presentedHash: string): boolean {
    return safeEqual(storedHash, presentedHash);
  }
}

export const codeOf = (id: number, secret: string) => `${id}.${secret}`;

/** The row id and secret of a QR code, or undefined when it is not one. */
export function parseCode(code: string): { id: number; secret: string } | undefined {
  const match = CODE.exec(code);
  if (!match) return undefined;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? { id, secret: match[2]! } : undefined;
}

/** What the QR image carries: the scanner of the viewer app reads `c`. */
export const qrPayloadOf = (code: string) => JSON.stringify({ t: 'mimo-pair', c: code });

/** A scanned QR payload or a bare code, as a viewer app may send either. */
export function codeFromScan(text: string): string {
  if (!text.startsWith('{')) return text;
  try {
    const parsed = JSON.parse(text) as { t?: unknown; c?: unknown };
    return parsed.t === 'mimo-pair' && typeof parsed.c === 'string' ? parsed.c : '';
  } catch {
    return '';
  }
}
