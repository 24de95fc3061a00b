import { eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { SEOUL, addDays, eachDay, seoulToday } from '../../time';
import { CHANNELS, type Channel, DELIVERY_STATUSES, type DeliveryStatus, type NotificationTables } from '../tables';

type StatusCounts = Record<DeliveryStatus, number>;

export interface ChannelAnalytics {
  channel: Channel;
  total: number;
  byStatus: StatusCounts;
  /** Sent or delivered, of those tried (skipped and pending left out); null when none was tried. */
  deliveryRate: number | null;
  /** Read, of the notifications this channel carried (sent or delivered); null when it carried none. */
  readRate: number | null;
}

export interface NotificationAnalytics {
  from: string;
  to: string;
  totals: { notifications: number; read: number; readRate: number | null };
  channels: ChannelAnalytics[];
  byType: Array<{ type: string; notifications: number; read: number; readRate: number | null }>;
  /** Every Seoul day of the window: notifications made that day and how many of them are read. */
  daily: Array<{ date: string; notifications: number; read: number }>;
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
const zero = (): StatusCounts => Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as StatusCounts;

/**
 * Document 004's next step, notification analytics: for the notifications made in the last `days`
 * Seoul days, each channel's delivery rate (from its delivery records) and read rate, read rates
 * by type, and a daily series.
 */
export async function notificationAnalytics(db: Db, tables: NotificationTables, days: number, now = new Date()): Promise<NotificationAnalytics> {
  const { notifications: n, notificationDeliveries: d } = tables;
  const to = seoulToday(now);
  const from = addDays(to, 1 - days);
  const since = gte(n.createdAt, new Date(`${from}T00:00:00+09:00`));
  const day = sql<string>`to_char(${n.createdAt} at time zone ${sql.raw(`'${SEOUL}'`)}, 'YYYY-MM-DD')`;
  const [channelRows, typeRows, dayRows] = await Promise.all([
    db
      .select({ channel: d.channel, status: d.status, total: sql<number>`count(*)::int`, read: sql<number>`count(*) filter (where ${n.isRead})::int` })
      .from(d)
      .innerJoin(n, eq(n.id, d.notificationId))
      .where(since)
      .groupBy(d.channel, d.status),
    db
      .select({ type: n.type, total: sql<number>`count(*)::int`, read: sql<number>`count(*) filter (where ${n.isRead})::int` })
      .from(n)
      .where(since)
      .groupBy(n.type),
    db
      .select({ day, total: sql<number>`count(*)::int`, read: sql<number>`count(*) filter (where ${n.isRead})::int` })
      .from(n)
      .where(since)
      .groupBy(sql`1`),
  ]);
  const channels = CHANNELS.map((channel): ChannelAnalytics => {
    const rows = channelRows.filter((r) => r.channel === channel);
    const byStatus = zero();
    let carried = 0;
    let readCarried = 0;
    for (const r of rows) {
      byStatus[r.status] += Number(r.total);
      if (r.status === 'sent' || r.status === 'delivered') {
        carried += Number(r.total);
        readCarried += Number(r.read);
      }
    }
    const total = rows.reduce((sum, r) => sum + Number(r.total), 0);
    return { channel, total, byStatus, deliveryRate: rate(carried, carried + byStatus.failed), readRate: rate(readCarried, carried) };
  });
  const notifications = typeRows.reduce((sum, r) => sum + Number(r.total), 0);
  const read = typeRows.reduce((sum, r) => sum + Number(r.read), 0);
  const byDay = new Map(dayRows.map((r) => [r.day, r]));
  return {
    from,
    to,
    totals: { notifications, read, readRate: rate(read, notifications) },
    channels,
    byType: typeRows
      .map((r) => ({ type: r.type as string, notifications: Number(r.total), read: Number(r.read), readRate: rate(Number(r.read), Number(r.total)) }))
      .sort((a, b) => b.notifications - a.notifications || a.type.localeCompare(b.type)),
    daily: eachDay(from, to).map((date) => ({ date, notifications: Number(byDay.get(date)?.total ?? 0), read: Number(byDay.get(date)?.read ?? 0) })),
  };
}
