import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/database';
import type { Channel, NotificationTables } from '../tables';

/** Who the notification goes to, as a channel driver needs to know. */
export interface Recipient {
  userId: number;
  email?: string | null;
  phone?: string | null;
}

export interface OutgoingNotification {
  id: number;
  type: string;
  title: string;
  message: string;
  data: Record<string, unknown> | null;
  priority: string;
}

/** Sends one notification over one channel; throws to say it failed (the pipeline retries). */
export interface ChannelDriver {
  readonly name: string;
  send(recipient: Recipient, notification: OutgoingNotification): Promise<void>;
}

/**
 * The driver every channel has until a real provider is configured: it records the delivery in
 * the log (the delivery row records it in the database) and succeeds.
 */
export function recordingDriver(channel: Channel, logger: Logger): ChannelDriver {
  return {
    name: 'recording',
    async send(recipient, notification) {
      logger.info({ channel, userId: recipient.userId, notificationId: notification.id, type: notification.type }, 'notification delivery recorded');
    },
  };
}

const RETRY_DELAYS_MS = [500, 2_000];

/**
 * Sends a notification over its external channels (push, sms, email), each with its own
 * delivery row: pending, then sent, or failed with the reason after the last of three tries.
 * Runs in the background; `settled()` waits for everything started so far (shutdown, tests).
 */
export class DeliveryPipeline {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly tables: NotificationTables,
    private readonly drivers: Partial<Record<Channel, ChannelDriver>>,
    private readonly logger: Logger,
    private readonly retryDelaysMs = RETRY_DELAYS_MS,
  ) {}

  start(recipient: Recipient, notification: OutgoingNotification, channels: Channel[]): void {
    for (const channel of channels) {
      const job = this.deliver(recipient, notification, channel).finally(() => this.running.delete(job));
      this.running.add(job);
    }
  }

  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async deliver(recipient: Recipient, notification: OutgoingNotification, channel: Channel): Promise<void> {
    const driver = this.drivers[channel];
    for (let attempt = 0; ; attempt++) {
      try {
        if (!driver) throw new Error(`no ${channel} driver`);
        await driver.send(recipient, notification);
        await this.record(notification.id, channel, { status: 'sent', sentAt: new Date(), failureReason: null });
        return;
      } catch (error) {
        const reason = (error as Error).message.slice(0, 500);
        const last = attempt >= this.retryDelaysMs.length;
        await this.record(notification.id, channel, last ? { status: 'failed', failureReason: reason } : { failureReason: reason }).catch(() => {});
        if (last) {
          this.logger.warn({ channel, notificationId: notification.id, reason }, 'notification delivery failed');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt]));
      }
    }
  }

  private async record(notificationId: number, channel: Channel, values: { status?: 'sent' | 'failed'; sentAt?: Date; failureReason: string | null }) {
    const { notificationDeliveries: d } = this.tables;
    await this.db
      .update(d)
      .set({ ...values, attempts: sql`${d.attempts} + 1` })
      .where(and(eq(d.notificationId, notificationId), eq(d.channel, channel)));
  }
}
