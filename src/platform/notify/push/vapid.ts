import webpush from 'web-push';
import type { Db } from '../../db/database';
import { type PlatformSettingsTable, storedSetting } from '../../db/settings';

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url: what a browser passes as `applicationServerKey`. */
  publicKey: string;
  privateKey: string;
}

export interface VapidDetails extends VapidKeys {
  /** Who runs the sender (mailto: or https:), for push services to reach. */
  subject: string;
  /** Where the keys came from: the settings, or the database (generated on first start). */
  source: 'settings' | 'database';
}

/**
 * The app's VAPID key pair: the one in the settings, or else one generated on first start and
 * kept in the database, so every node (and every restart) signs with the same key and the
 * browsers' subscriptions stay valid.
 */
export async function resolveVapid(options: { configured?: VapidKeys; subject: string; db: Db; table: PlatformSettingsTable }): Promise<VapidDetails> {
  if (options.configured) return { ...options.configured, subject: options.subject, source: 'settings' };
  const stored = await storedSetting(options.db, options.table, 'push.vapid', () => JSON.stringify(webpush.generateVAPIDKeys()));
  const { publicKey, privateKey } = JSON.parse(stored) as VapidKeys;
  return { publicKey, privateKey, subject: options.subject, source: 'database' };
}
