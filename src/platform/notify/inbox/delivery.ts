import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/database';
import type { Jobs } from '../../jobs/jobs';
import type { JobRun } from '../../jobs/types';
import type { Channel, DeliveryStatus, NotificationTables } from '../tables';

/** Who the notification goes to, as a channel driver needs to know (SMS finds the account's verified number itself). */
export interface Recipient {
  userId: number;
  email?: string | null;
}

/** The channels a user has switched on, and where to reach them. */
export interface ChannelSwitches {
  recipient: Recipient;
  push: boolean;
  sms: boolean;
  email: boolean;
}

export interface OutgoingNotification {
  id: number;
  type: string;
  title: string;
  message: string;
  data: Record<string, unknown> | null;
  priority: string;
  expiresAt: Date | null;
}

/** The channels that leave the app, each delivered by a job of its own. */
export type ExternalChannel = Exclude<Channel, 'app'>;

/**
 * Thrown by a driver when there is nothing to deliver to (no push subscription, no address):
 * the channel is recorded as skipped with the reason, neither sent nor failed, and not retried.
 */
export class SkipDelivery extends Error {}

/**
 * What a driver's `send` resolves to: nothing when the message is out, or `accepted` when the
 * provider took it and reports the outcome later (SMS), so the record stays pending until then.
 */
export type DriverResult = void | 'accepted';

/** Sends one notification over one channel; throws to fail the try (the job is retried). */
export interface ChannelDriver {
  readonly name: string;
  send(recipient: Recipient, notification: OutgoingNotification): Promise<DriverResult>;
}

/**
 * The driver a channel has until a real provider is configured: it records the delivery in
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

export const DELIVER_JOB = 'notification.deliver';
/** Tries after the first: three in all, 5 s and 10 s apart by default (JOB_RETRY_DELAY). */
export const DELIVERY_RETRY_LIMIT = 2;

export interface DeliveryJob {
  notificationId: number;
  channel: ExternalChannel;
}

export interface DeliveryOptions {
  db: Db;
  tables: NotificationTables;
  jobs: Pick<Jobs<{ [DELIVER_JOB]: DeliveryJob }>, 'define' | 'send' | 'summary'>;
  drivers: Partial<Record<ExternalChannel, ChannelDriver>>;
  logger: Logger;
  /** The user's switches and addresses now (read again when the job runs). */
  switchesOf(userId: number): Promise<ChannelSwitches | undefined>;
}

type Values = { status?: DeliveryStatus; sentAt?: Date; failureReason: string | null };

/**
 * Sends a notification over its external channels (push, sms, email): one durable job
 * (`notification.deliver`) per channel, each with its delivery row: pending, then sent, skipped
 * (nothing to send to), or failed with the reason after the last of three tries. Jobs survive a
 * restart and run on whichever node is free.
 */
export class DeliveryPipeline {
  constructor(private readonly o: DeliveryOptions) {
    o.jobs.define({
      name: DELIVER_JOB,
      description: 'Sends one notification over one channel (push, sms or email)',
      retryLimit: DELIVERY_RETRY_LIMIT,
      handler: (job, run) => this.deliver(job, run),
    });
  }

  /** Queues a job per channel; a channel that cannot be queued is recorded as failed. */
  async start(notificationId: number, channels: readonly ExternalChannel[]): Promise<void> {
    await Promise.all(
      channels.map(async (channel) => {
        try {
          await this.o.jobs.send(DELIVER_JOB, { notificationId, channel });
        } catch (error) {
          const reason = `not queued: ${(error as Error).message}`.slice(0, 500);
          this.o.logger.error({ err: error, notificationId, channel }, 'notification delivery not queued');
          await this.record(notificationId, channel, { status: 'failed', failureReason: reason }, false).catch(() => {});
        }
      }),
    );
  }

  /**
   * The final word of a provider that accepted a message earlier (an SMS delivered or failed).
   * Only a record still open changes: pending, or sent and now delivered or failed.
   */
  async settle(
    notificationId: number,
    channel: ExternalChannel,
    outcome: { status: 'sent' | 'delivered' | 'failed'; reason?: string | null; at?: Date },
  ): Promise<void> {
    const { notificationDeliveries: d } = this.o.tables;
    const open: DeliveryStatus[] = outcome.status === 'sent' ? ['pending'] : ['pending', 'sent'];
    await this.o.db
      .update(d)
      .set({
        status: outcome.status,
        failureReason: outcome.status === 'failed' ? (outcome.reason ?? 'failed').slice(0, 500) : null,
        ...(outcome.status === 'failed' ? {} : { sentAt: sql`coalesce(${d.sentAt}, ${(outcome.at ?? new Date()).toISOString()}::timestamptz)` }),
      })
      .where(and(eq(d.notificationId, notificationId), eq(d.channel, channel), inArray(d.status, open)));
  }

  /** Waits until no delivery job is queued, waiting to retry or running (tests, tools). */
  async settled(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const [summary] = (await this.o.jobs.summary(0)).filter((s) => s.name === DELIVER_JOB);
      const open = ['created', 'retry', 'active'].reduce((sum, state) => sum + (summary?.counts[state] ?? 0), 0);
      if (!open) return;
      if (performance.now() > deadline) throw new Error(`${open} notification deliveries still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async deliver({ notificationId, channel }: DeliveryJob, run: JobRun): Promise<void> {
    const { notifications: n, notificationDeliveries: d } = this.o.tables;
    const [row] = await this.o.db
      .select({ notification: n, status: d.status })
      .from(n)
      .innerJoin(d, and(eq(d.notificationId, n.id), eq(d.channel, channel)))
      .where(eq(n.id, notificationId));
    // Deleted by its user meanwhile, or settled by an earlier run of this job.
    if (!row || row.status !== 'pending') return;
    const { notification } = row;
    const last = run.retryCount >= DELIVERY_RETRY_LIMIT;
    try {
      const switches = await this.o.switchesOf(notification.userId);
      if (!switches?.[channel]) throw new SkipDelivery('switched off');
      const driver = this.o.drivers[channel];
      if (!driver) throw new Error(`no ${channel} driver`);
      const outgoing: OutgoingNotification = {
        id: notification.id,
        type: notification.type,
        title: notification.title,
        message: notification.message,
        data: notification.data ?? null,
        priority: notification.priority,
        expiresAt: notification.expiresAt,
      };
      const result = await driver.send(switches.recipient, outgoing);
      await this.record(notificationId, channel, result === 'accepted' ? { failureReason: null } : { status: 'sent', sentAt: new Date(), failureReason: null });
    } catch (error) {
      const reason = ((error as Error).message || String(error)).slice(0, 500);
      if (error instanceof SkipDelivery) {
        await this.record(notificationId, channel, { status: 'skipped', failureReason: reason });
        this.o.logger.info({ channel, notificationId, reason }, 'notification delivery skipped');
        return;
      }
      await this.record(notificationId, channel, last ? { status: 'failed', failureReason: reason } : { failureReason: reason });
      if (last) this.o.logger.warn({ channel, notificationId, reason, tries: run.retryCount + 1 }, 'notification delivery failed');
      throw error;
    }
  }

  /** A new status lands only on a pending record; an accepted SMS may have settled already. */
  private async record(notificationId: number, channel: ExternalChannel, values: Values, attempted = true) {
    const { notificationDeliveries: d } = this.o.tables;
    await this.o.db
      .update(d)
      .set({ ...values, ...(attempted ? { attempts: sql`${d.attempts} + 1` } : {}) })
      .where(and(eq(d.notificationId, notificationId), eq(d.channel, channel), values.status ? eq(d.status, 'pending') : undefined));
  }
}
