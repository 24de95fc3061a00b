import { and, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Cache } from '../../cache';
import type { Db } from '../../db/database';
import { FieldMessage, normalizePhone } from '../../http/fields';
import { fieldError, tooManyRequests } from '../../http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../http/pagination';
import type { Jobs } from '../../jobs/jobs';
import type { JobRun } from '../../jobs/types';
import { SEOUL, addDays, eachDay, seoulToday } from '../../time';
import { type SmsProvider, SmsProviderError, maskPhone } from './provider';
import type { SmsLogsTable, SmsStatus } from './table';

export const SMS_SEND_JOB = 'sms.send';
/** Tries after the first: with the default 5 s delay, doubled each time, the last comes about 35 s in. */
export const SMS_RETRY_LIMIT = 3;

export interface SmsSendInput {
  /** Any way of writing the number; it is normalised to E.164 (Korean by default). */
  to: string;
  message: string;
  /** otp_verification, workout_reminder, workout_recommendation, custom, notification, … */
  templateType: string;
  userId?: number;
  campaignId?: string;
  /** The notification this message delivers; handed back to `onSettled` listeners. */
  notificationId?: number;
  /**
   * The message carries a secret (a code): once it has gone out, its digits are masked in the log.
   * The recording driver keeps them, since its log is how a developer reads the code.
   */
  secret?: boolean;
}

interface SendJob {
  logId: number;
  secret?: boolean;
}

/** A message's final outcome, once it is sent or has failed its last try. */
export interface SmsSettled {
  logId: number;
  notificationId: number | null;
  status: 'sent' | 'failed';
  errorMessage: string | null;
}

export type StatusCounts = { total: number } & Record<SmsStatus, number>;

export interface SmsStatistics {
  startDate: string;
  endDate: string;
  totals: StatusCounts;
  byTemplate: Array<{ templateType: string } & StatusCounts>;
  /** Every Seoul day of the range, days without messages included. */
  daily: Array<{ date: string } & StatusCounts>;
}

/** A message for one account, to the number it verified. */
export interface SmsToUser {
  message: string;
  templateType: string;
  campaignId?: string;
  notificationId?: number;
}

export interface SmsOptions {
  db: Db;
  table: SmsLogsTable;
  provider: SmsProvider;
  jobs: Pick<Jobs<{ [SMS_SEND_JOB]: SendJob }>, 'define' | 'send'>;
  logger: Logger;
  /** Daily counts live here, so the caps hold across nodes with Redis. */
  cache: Cache;
  /** How many messages one account and one number may be sent per Seoul day. */
  dailyLimits: { perUser: number; perNumber: number };
  /** The number the account proved with an SMS code, or none: the only number its messages go to. */
  verifiedPhoneOf(userId: number): Promise<string | null | undefined>;
}

/** Why a message for an account was not sent: it has no verified number, or a daily cap is reached. */
export class SmsNotSent extends Error {
  constructor(readonly reason: 'no verified phone number' | 'daily limit for the account reached' | 'daily limit for the number reached') {
    super(reason);
    this.name = 'SmsNotSent';
  }
}

const DAY_WINDOW_MS = 26 * 3_600_000;

/** Milliseconds until the next Seoul midnight, when the daily caps start again. */
const untilSeoulMidnight = () => new Date(`${addDays(seoulToday(), 1)}T00:00:00+09:00`).getTime() - Date.now();

const zeroCounts = (): StatusCounts => ({ total: 0, pending: 0, sent: 0, delivered: 0, failed: 0 });

/**
 * An app's text messages. `send` logs the message as pending and queues a job; the job asks the
 * provider, retries with backoff while the provider fails in a way worth retrying, and records
 * the final state (sent, or failed with the provider's code and reason) in the SMS log.
 */
export class Sms {
  readonly provider: SmsProvider;
  private readonly listeners: Array<(settled: SmsSettled) => Promise<void>> = [];

  constructor(private readonly o: SmsOptions) {
    this.provider = o.provider;
    o.jobs.define({
      name: SMS_SEND_JOB,
      description: 'Sends one text message through the SMS provider',
      retryLimit: SMS_RETRY_LIMIT,
      expireInSeconds: 60,
      handler: (data, run) => this.deliver(data, run),
    });
  }

  /**
   * A message to a number given with it (a code to the number being verified, a staff member's
   * message): logged as pending and queued; returns at once. A number that had its daily share
   * today is refused with 429 until Seoul midnight.
   */
  async send(input: SmsSendInput): Promise<{ logId: number; jobId: string | null }> {
    const phone = normalizePhone(input.to);
    if (!phone) throw fieldError('to', FieldMessage.INVALID_PHONE);
    if (!(await this.withinDailyLimit('number', phone, this.o.dailyLimits.perNumber))) throw tooManyRequests(untilSeoulMidnight());
    return this.queue(phone, input);
  }

  /**
   * A message for an account (a notification, a reminder): it goes only to the number the account
   * verified with an SMS code, within the daily caps of the account and of the number; otherwise
   * nothing is sent and SmsNotSent says why.
   */
  async sendToUser(userId: number, input: SmsToUser): Promise<{ logId: number; jobId: string | null }> {
    const verified = await this.o.verifiedPhoneOf(userId);
    const phone = verified && normalizePhone(verified);
    if (!phone) throw new SmsNotSent('no verified phone number');
    if (!(await this.withinDailyLimit('user', String(userId), this.o.dailyLimits.perUser))) throw new SmsNotSent('daily limit for the account reached');
    if (!(await this.withinDailyLimit('number', phone, this.o.dailyLimits.perNumber))) throw new SmsNotSent('daily limit for the number reached');
    return this.queue(phone, { ...input, to: phone, userId });
  }

  private async withinDailyLimit(kind: 'user' | 'number', key: string, limit: number): Promise<boolean> {
    const { count } = await this.o.cache.increment(`sms-daily:${seoulToday()}:${kind}:${key}`, DAY_WINDOW_MS);
    return count <= limit;
  }

  private async queue(phone: string, input: SmsSendInput): Promise<{ logId: number; jobId: string | null }> {
    const { db, table } = this.o;
    const [row] = await db
      .insert(table)
      .values({
        phoneNumber: phone,
        message: input.message,
        templateType: input.templateType,
        userId: input.userId,
        campaignId: input.campaignId,
        notificationId: input.notificationId,
      })
      .returning({ id: table.id });
    const logId = row!.id;
    try {
      return { logId, jobId: await this.o.jobs.send(SMS_SEND_JOB, { logId, ...(input.secret && { secret: true }) }) };
    } catch (error) {
      // Never left pending with nothing to send it.
      await db.update(table).set({ status: 'failed', errorCode: 'QUEUE_ERROR', errorMessage: 'The message could not be queued' }).where(eq(table.id, logId));
      throw error;
    }
  }

  /** Called with each message's final outcome (the notification pipeline updates its delivery record). */
  onSettled(listener: (settled: SmsSettled) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Messages by status, by template and by Seoul day, for the Seoul dates from `startDate` to `endDate`. */
  async statistics(startDate: string, endDate: string): Promise<SmsStatistics> {
    const { db, table } = this.o;
    // Seoul keeps no daylight saving: its midnight is always 15:00 UTC the day before.
    const from = new Date(`${startDate}T00:00:00+09:00`);
    const until = new Date(`${addDays(endDate, 1)}T00:00:00+09:00`);
    // The zone is a constant of ours, written into the statement so select and group by read alike.
    const day = sql<string>`to_char(${table.createdAt} at time zone ${sql.raw(`'${SEOUL}'`)}, 'YYYY-MM-DD')`;
    const rows = await db
      .select({ day, templateType: table.templateType, status: table.status, count: sql<number>`count(*)::int` })
      .from(table)
      .where(and(gte(table.createdAt, from), lt(table.createdAt, until)))
      .groupBy(sql`1`, sql`2`, sql`3`);

    const totals = zeroCounts();
    const templates = new Map<string, StatusCounts>();
    const days = new Map(eachDay(startDate, endDate).map((date) => [date, zeroCounts()]));
    const add = (counts: StatusCounts, status: SmsStatus, count: number) => {
      counts.total += count;
      counts[status] += count;
    };
    for (const row of rows) {
      const count = Number(row.count);
      add(totals, row.status, count);
      if (!templates.has(row.templateType)) templates.set(row.templateType, zeroCounts());
      add(templates.get(row.templateType)!, row.status, count);
      const counts = days.get(row.day);
      if (counts) add(counts, row.status, count);
    }
    return {
      startDate,
      endDate,
      totals,
      byTemplate: [...templates]
        .map(([templateType, counts]) => ({ templateType, ...counts }))
        .sort((a, b) => b.total - a.total || a.templateType.localeCompare(b.templateType)),
      daily: [...days].map(([date, counts]) => ({ date, ...counts })),
    };
  }

  /** The SMS log, newest first, as operators read it: numbers masked, filters by status, template and number. */
  async list(query: PageQuery & { status?: SmsStatus; templateType?: string; phoneNumber?: string }) {
    const { db, table } = this.o;
    const where = and(
      query.status ? eq(table.status, query.status) : undefined,
      query.templateType ? eq(table.templateType, query.templateType) : undefined,
      query.phoneNumber ? eq(table.phoneNumber, query.phoneNumber) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db
        .select({
          id: table.id,
          phoneNumber: table.phoneNumber,
          message: table.message,
          templateType: table.templateType,
          status: table.status,
          provider: table.provider,
          providerStatus: table.providerStatus,
          errorCode: table.errorCode,
          errorMessage: table.errorMessage,
          attempts: table.attempts,
          userId: table.userId,
          createdAt: table.createdAt,
          sentAt: table.sentAt,
        })
        .from(table)
        .where(where)
        .orderBy(desc(table.createdAt), desc(table.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      db.select({ n: count() }).from(table).where(where),
    ]);
    return pageOf(
      rows.map((row) => ({ ...row, phoneNumber: maskPhone(row.phoneNumber) })),
      query,
      total!.n,
    );
  }

  /** One try of the `sms.send` job. */
  private async deliver({ logId, secret }: SendJob, run: JobRun): Promise<void> {
    const { db, table, logger } = this.o;
    const provider = this.provider;
    const redacted = (message: string) =>
      secret && provider.name !== 'recording' ? { message: message.replace(/\d{4,}/g, (digits) => '*'.repeat(digits.length)) } : {};
    // Only a pending message is tried: a try repeated after the message settled sends nothing twice.
    const [log] = await db
      .update(table)
      .set({ attempts: sql`${table.attempts} + 1` })
      .where(and(eq(table.id, logId), eq(table.status, 'pending')))
      .returning({ phoneNumber: table.phoneNumber, message: table.message, notificationId: table.notificationId, attempts: table.attempts });
    if (!log) return;
    const context = { logId, to: maskPhone(log.phoneNumber), provider: provider.name, attempt: log.attempts };

    let receipt;
    try {
      receipt = await provider.send(log.phoneNumber, log.message);
    } catch (thrown) {
      const error = thrown instanceof SmsProviderError ? thrown : new SmsProviderError('INTERNAL_ERROR', (thrown as Error)?.message ?? String(thrown), true);
      const last = !error.retryable || run.retryCount >= SMS_RETRY_LIMIT;
      await db
        .update(table)
        .set({
          provider: provider.name,
          errorCode: error.code.slice(0, 64),
          errorMessage: error.message,
          ...(last && { status: 'failed' as const, ...redacted(log.message) }),
        })
        .where(eq(table.id, logId));
      logger.warn({ sms: { ...context, errorCode: error.code, final: last } }, last ? 'sms failed' : 'sms try failed; will retry');
      if (last) await this.settle({ logId, notificationId: log.notificationId, status: 'failed', errorMessage: error.message });
      // A refusal that no retry can change ends here; anything else goes back to the queue.
      if (error.retryable) throw error;
      return;
    }
    await db
      .update(table)
      .set({
        status: 'sent',
        provider: provider.name,
        providerMessageId: receipt.providerMessageId,
        providerStatus: receipt.providerStatus,
        cost: receipt.cost,
        currency: receipt.currency,
        errorCode: null,
        errorMessage: null,
        sentAt: new Date(),
        ...redacted(log.message),
      })
      .where(eq(table.id, logId));
    logger.info({ sms: { ...context, providerMessageId: receipt.providerMessageId } }, 'sms sent');
    await this.settle({ logId, notificationId: log.notificationId, status: 'sent', errorMessage: null });
  }

  private async settle(settled: SmsSettled): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(settled);
      } catch (err) {
        // The message's own state is recorded; a listener's trouble must not send it again.
        this.o.logger.error({ err, logId: settled.logId }, 'sms settled listener failed');
      }
    }
  }
}
