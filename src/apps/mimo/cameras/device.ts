import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { randomToken, safeEqual, sha256 } from '../../../platform/auth/crypto';
import { cameras } from './tables';

/**
 * A camera's device credential: `mc_<cameraId>_<secret>`, the secret 32 bytes from the CSPRNG.
 * The camera id in front lets a check find its row by primary key; only the secret's SHA-256 is
 * stored, so a leaked table does not let anyone act as a camera. The credential itself is shown
 * once, when it is issued.
 */
const CREDENTIAL = /^mc_([1-9]\d{0,14})_([A-Za-z0-9_-]{43})$/;

export interface DeviceCredential {
  /** Hand to the camera once; never stored. */
  credential: string;
  /** Goes into cameras.device_secret_hash. */
  hash: string;
}

/** A fresh secret and its hash; the credential is completed with the camera id once known. */
export function newDeviceSecret(): { secret: string; hash: string } {
  const secret = randomToken(32);
  return { secret, hash: sha256(secret) };
}

export const deviceCredential = (cameraId: number, secret: string) => `mc_${cameraId}_${secret}`;

/** A credential for a camera whose id is known (rotation). */
export function issueDeviceCredential(cameraId: number): DeviceCredential {
  const { secret, hash } = newDeviceSecret();
  return { credential: deviceCredential(cameraId, secret), hash };
}

/** The camera id a credential names and its secret's hash; undefined when it is malformed. */
export function parseDeviceCredential(credential: unknown): { cameraId: number; secretHash: string } | undefined {
  if (typeof credential !== 'string') return undefined;
  const match = CREDENTIAL.exec(credential);
  if (!match) return undefined;
  const cameraId = Number(match[1]);
  return Number.isSafeInteger(cameraId) ? { cameraId, secretHash: sha256(match[2]!) } : undefined;
}

/**
 * The camera a device credential stands for, and its owner; undefined for anything malformed,
 * unknown or wrong. Never throws on input.
 */
export async function verifyDeviceCredential(db: Db, credential: string): Promise<{ cameraId: number; ownerId: number } | undefined> {
  const parsed = parseDeviceCredential(credential);
  if (!parsed) return undefined;
  const { cameraId, secretHash } = parsed;
  const [row] = await db.select({ ownerId: cameras.userId, hash: cameras.deviceSecretHash }).from(cameras).where(eq(cameras.id, cameraId)).limit(1);
  // Hash and compare even without a row, so an unknown id costs the same as a wrong secret.
  const ok = safeEqual(secretHash, row?.hash ?? '');
  return row && ok ? { cameraId, ownerId: row.ownerId } : undefined;
}
