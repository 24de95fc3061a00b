import { type SQL, and, count, desc, eq, gte, gt, isNull, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/database';
import { notFound } from '../../http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../http/pagination';
import type { Gateway } from '../../realtime/gateway';
import { addDays, seoulToday } from '../../time';
import type { Channel, NotificationTables } from '../tables';
import { type ChannelDriver, type ChannelSwitches, DeliveryPipeline, type ExternalChannel } from './delivery';
import type { NotificationInput, Notifier } from './notifier';

export type { ChannelSwitches } from './delivery';

export interface InboxOptions {
  db: Db;
  tables: NotificationTables;
  gateway: Gateway;
  logger: Logger;
  /** The app's priorities, lowest first; the two highest go out on every channel, online or not. */
  priorities: readonly string[];
  types: readonly string[];
  /** The user's switches, from wherever the app keeps them (FitMate: the users table). */
  switchesOf(userId: number): Promise<ChannelSwitches | undefined>;
  drivers: Partial<Record<ExternalChannel, ChannelDriver>>;
  /** The app's durable jobs: each channel's delivery is one (`notification.deliver`). */
  jobs: ConstructorParameters<typeof DeliveryPipeline>[0]['jobs'];
}

export interface NotificationView {
  id: number;
  userId: number;
  title: string;
  message: string;
  type: string;
  data: Record<string, unknown> | null;
  isRead: boolean;
  readAt: Date | null;
  priority: string;
  expiresAt: Date | null;
  createdAt: Date;
  channels: Array<{ channel: Channel; status: string; sentAt: Date | null; failureReason: string | null; attempts: number }>;
}

export interface InboxFilter extends PageQuery {
  isRead?: boolean;
  type?: string;
}

/**
 * A user's notifications, as every app keeps them: stored, shown in the app's inbox, pushed to
 * open sockets at once, and sent over the channels the user switched on when they are away (or
 * for the two highest priorities, always). Expired ones are hidden (and purged by the midnight clean-up).
 */
export class Inbox<Type extends string = string> implements Notifier<Type> {
  readonly delivery: DeliveryPipeline;

  constructor(private readonly o: InboxOptions) {
    this.delivery = new DeliveryPipeline({ db: o.db, tables: o.tables, jobs: o.jobs, drivers: o.drivers, logger: o.logger, switchesOf: o.switchesOf });
    o.gateway.onConnection(async (socket) => {
      socket.emit('unreadNotificationCount', await this.unreadCount(socket.data.principal.userId));
    });
  }

  async notify(userId: number, input: NotificationInput<Type>): Promise<{ id: number }> {
    const { db, tables, priorities, types } = this.o;
    if (!types.includes(input.type)) throw new Error(`unknown notification type ${input.type}`);
    const priority = input.priority ?? priorities[1] ?? priorities[0]!;
    if (!priorities.includes(priority)) throw new Error(`unknown notification priority ${priority}`);
    const [switches, online] = await Promise.all([this.o.switchesOf(userId), this.o.gateway.isOnline(userId)]);
    if (!switches) throw notFound();
    const urgent = priorities.indexOf(priority) >= priorities.length - 2;
    // Our SMS number never carries words a user chose: that would let anyone text any number.
    const away = (['push', 'sms', 'email'] as const).filter(
      (channel) => (urgent || !online) && switches[channel] && !(channel === 'sms' && input.userAuthored),
    );

    const row = await db.transaction(async (tx) => {
      const [saved] = await tx
        .insert(tables.notifications)
        .values({
          userId,
          type: input.type,
          title: input.title,
          message: input.message,
          data: input.data ?? null,
          priority,
          expiresAt: input.expiresAt ?? null,
        } as never)
        .returning();
      await tx
        .insert(tables.notificationDeliveries)
        .values([
          { notificationId: saved!.id, channel: 'app', status: 'delivered', attempts: 1, sentAt: new Date() },
          ...away.map((channel) => ({ notificationId: saved!.id, channel })),
        ]);
      return saved!;
    });

    const view = await this.get(userId, row.id);
    this.o.gateway.toUser(userId, 'newNotification', view);
    this.o.gateway.toUser(userId, 'unreadNotificationCount', await this.unreadCount(userId));
    await this.delivery.start(row.id, away);
    return { id: row.id };
  }

  async list(userId: number, filter: InboxFilter) {
    const { notifications: n } = this.o.tables;
    const where = and(
      this.visible(userId),
      filter.isRead === undefined ? undefined : eq(n.isRead, filter.isRead),
      filter.type ? eq(n.type, filter.type) : undefined,
    );
    const [rows, unreadCount] = await Promise.all([
      this.o.db
        .select({ row: n, total: sql<number>`count(*) over ()`.mapWith(Number) })
        .from(n)
        .where(where)
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(filter.limit)
        .offset(offsetOf(filter)),
      this.unreadCount(userId),
    ]);
    const views = await this.withChannels(rows.map((r) => r.row));
    return { ...pageOf(views, filter, rows[0]?.total ?? 0), unreadCount };
  }

  async get(userId: number, id: number): Promise<NotificationView> {
    const { notifications: n } = this.o.tables;
    const [row] = await this.o.db
      .select()
      .from(n)
      .where(and(eq(n.id, id), this.visible(userId)));
    if (!row) throw notFound();
    return (await this.withChannels([row]))[0]!;
  }

  async markRead(userId: number, id: number): Promise<NotificationView> {
    const { notifications: n } = this.o.tables;
    const [row] = await this.o.db
      .update(n)
      .set({ isRead: true, readAt: sql`coalesce(${n.readAt}, now())` })
      .where(and(eq(n.id, id), this.visible(userId)))
      .returning({ id: n.id });
    if (!row) throw notFound();
    await this.announceCount(userId);
    return this.get(userId, id);
  }

  async markAllRead(userId: number): Promise<{ updated: number }> {
    const { notifications: n } = this.o.tables;
    const rows = await this.o.db
      .update(n)
      .set({ isRead: true, readAt: new Date() })
      .where(and(this.visible(userId), eq(n.isRead, false)))
      .returning({ id: n.id });
    await this.announceCount(userId);
    return { updated: rows.length };
  }

  async delete(userId: number, id: number): Promise<void> {
    const { notifications: n } = this.o.tables;
    const [row] = await this.o.db
      .delete(n)
      .where(and(eq(n.id, id), eq(n.userId, userId)))
      .returning({ isRead: n.isRead });
    if (!row) throw notFound();
    if (!row.isRead) await this.announceCount(userId);
  }

  async unreadCount(userId: number): Promise<number> {
    const { notifications: n } = this.o.tables;
    const [row] = await this.o.db
      .select({ n: count() })
      .from(n)
      .where(and(this.visible(userId), eq(n.isRead, false)));
    return row?.n ?? 0;
  }

  /** Totals, unread, and counts by type, by priority and per Seoul day of the last week. */
  async stats(userId: number) {
    const { notifications: n } = this.o.tables;
    const since = addDays(seoulToday(), -6);
    const day = sql<string>`to_char(${n.createdAt} at time zone 'Asia/Seoul', 'YYYY-MM-DD')`;
    const [byType, byPriority, byDay] = await Promise.all([
      this.o.db
        .select({ type: n.type, total: count(), unread: sql<number>`count(*) filter (where not ${n.isRead})`.mapWith(Number) })
        .from(n)
        .where(this.visible(userId))
        .groupBy(n.type),
      this.o.db.select({ priority: n.priority, total: count() }).from(n).where(this.visible(userId)).groupBy(n.priority),
      this.o.db
        .select({ date: day, total: count() })
        .from(n)
        .where(and(this.visible(userId), gte(day, since)))
        .groupBy(day),
    ]);
    const days = new Map(byDay.map((d) => [d.date, d.total]));
    return {
      total: byType.reduce((sum, t) => sum + t.total, 0),
      unread: byType.reduce((sum, t) => sum + t.unread, 0),
      byType: Object.fromEntries(this.o.types.map((type) => [type, { total: 0, unread: 0, ...pick(byType.find((t) => t.type === type)) }])),
      byPriority: Object.fromEntries(this.o.priorities.map((p) => [p, byPriority.find((r) => r.priority === p)?.total ?? 0])),
      lastSevenDays: Array.from({ length: 7 }, (_, i) => addDays(since, i)).map((date) => ({ date, total: days.get(date) ?? 0 })),
    };
  }

  private visible(userId: number): SQL {
    const { notifications: n } = this.o.tables;
    return and(eq(n.userId, userId), or(isNull(n.expiresAt), gt(n.expiresAt, new Date())))!;
  }

  private async announceCount(userId: number) {
    this.o.gateway.toUser(userId, 'unreadNotificationCount', await this.unreadCount(userId));
  }

  private async withChannels(rows: Array<NotificationTables['notifications']['$inferSelect']>): Promise<NotificationView[]> {
    if (!rows.length) return [];
    const { notificationDeliveries: d } = this.o.tables;
    const deliveries = await this.o.db
      .select()
      .from(d)
      .where(sql`${d.notificationId} in ${rows.map((r) => r.id)}`)
      .orderBy(d.id);
    return rows.map((row) => ({
      ...row,
      data: row.data ?? null,
      channels: deliveries
        .filter((x) => x.notificationId === row.id)
        .map(({ channel, status, sentAt, failureReason, attempts }) => ({ channel, status, sentAt, failureReason, attempts })),
    }));
  }
}

const pick = (row: { total: number; unread: number } | undefined) => (row ? { total: row.total, unread: row.unread } : {});
