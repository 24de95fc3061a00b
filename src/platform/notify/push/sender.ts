import type { Logger } from 'pino';
import webpush from 'web-push';
import { type ChannelDriver, SkipDelivery } from '../inbox/delivery';
import type { PushSubscriptions } from './subscriptions';
import type { VapidDetails } from './vapid';

type Urgency = 'very-low' | 'low' | 'normal' | 'high';

const HOUR = 3600;
/**
 * Per priority, lowest first (low, normal, high, urgent; MIMO: low, medium, high, critical):
 * how urgently the push service should wake the device, and how long it keeps a message for a
 * device that is off. The top one is about now (a camera's motion), so it is not kept long.
 */
const BY_PRIORITY: Array<{ urgency: Urgency; ttl: number }> = [
  { urgency: 'low', ttl: 24 * HOUR },
  { urgency: 'normal', ttl: 72 * HOUR },
  { urgency: 'high', ttl: 24 * HOUR },
  { urgency: 'high', ttl: 4 * HOUR },
];

/** The push service's answer meaning the browser unsubscribed or the subscription expired. */
const GONE = new Set([404, 410]);

export interface PushDriverOptions {
  subscriptions: PushSubscriptions;
  vapid: VapidDetails;
  /** The app's priorities, lowest first. */
  priorities: readonly string[];
  logger: Logger;
  /** Milliseconds a push service has to answer. */
  timeoutMs?: number;
}

/**
 * Web push (RFC 8030, VAPID, aes128gcm) to every browser the user subscribed. Sent when at least
 * one push service accepted it; skipped when the user has no subscription left; otherwise the
 * try fails with the services' reason. A subscription its service calls gone is deleted.
 */
export function pushDriver({ subscriptions, vapid, priorities, logger, timeoutMs = 10_000 }: PushDriverOptions): ChannelDriver {
  const vapidDetails = { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey };
  return {
    name: 'web-push',
    async send(recipient, notification) {
      const targets = await subscriptions.ofUser(recipient.userId);
      if (!targets.length) throw new SkipDelivery('no subscription');
      const rank = Math.max(0, priorities.indexOf(notification.priority));
      const { urgency, ttl } = BY_PRIORITY[Math.min(rank, BY_PRIORITY.length - 1)]!;
      // Past its expiry a notification is hidden in the app; the push service need not keep it longer.
      const left = notification.expiresAt ? Math.floor((notification.expiresAt.getTime() - Date.now()) / 1000) : ttl;
      const payload = JSON.stringify({
        title: notification.title,
        body: notification.message,
        data: notification.data ?? {},
        type: notification.type,
        notificationId: notification.id,
      });
      const options = { vapidDetails, TTL: Math.max(0, Math.min(ttl, left)), urgency, timeout: timeoutMs, contentEncoding: 'aes128gcm' as const };

      const results = await Promise.allSettled(
        targets.map((s) => webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, options)),
      );
      const accepted: number[] = [];
      const gone: number[] = [];
      const reasons: string[] = [];
      results.forEach((result, i) => {
        const target = targets[i]!;
        if (result.status === 'fulfilled') accepted.push(target.id);
        else if (result.reason instanceof webpush.WebPushError && GONE.has(result.reason.statusCode)) gone.push(target.id);
        else reasons.push(reasonOf(result.reason));
      });
      await Promise.all([subscriptions.touch(accepted), subscriptions.forget(gone)]);
      if (gone.length) logger.info({ userId: recipient.userId, removed: gone.length }, 'push subscriptions gone; removed');
      if (accepted.length) {
        if (reasons.length) logger.warn({ userId: recipient.userId, notificationId: notification.id, reasons }, 'push reached some of the user’s browsers');
        return;
      }
      if (!reasons.length) throw new SkipDelivery('subscription gone');
      throw new Error(reasons[0]);
    },
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof webpush.WebPushError) {
    const body = error.body?.trim().slice(0, 200);
    return `push service answered ${error.statusCode}${body ? `: ${body}` : ''}`;
  }
  return `push service unreachable: ${(error as Error).message}`;
}
