import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { seoulDay, seoulToday } from '../../../platform/time';
import type { CameraAccess } from '../cameras/access';
import { cameras } from '../cameras/tables';
import type { StatsQuery } from './schemas';
import { visibleCamera } from './scope';
import { EVENT_TYPES, events } from './tables';

/**
 * Events of the cameras the user may see (or of one of them), counted by type, by Seoul day of
 * their start and by camera, with how many are pinned and not yet acknowledged.
 */
export async function eventStats(db: Db, access: CameraAccess, userId: number, q: StatsQuery) {
  if (q.cameraId !== undefined) await access.requireAccess(userId, q.cameraId);
  const where = and(
    q.cameraId !== undefined ? eq(events.cameraId, q.cameraId) : visibleCamera(db, userId, events.cameraId),
    q.from && gte(events.startedAt, q.from),
    q.to && lt(events.startedAt, q.to),
  );
  const day = seoulDay(events.startedAt);
  const [[totals], byType, byDay, byCamera] = await Promise.all([
    db
      .select({
        total: count(),
        pinned: sql<number>`count(*) filter (where ${events.isPinned})`.mapWith(Number),
        unacknowledged: sql<number>`count(*) filter (where not ${events.acknowledged})`.mapWith(Number),
        averageScore: sql<number | null>`round(avg(${events.score})::numeric, 2)`.mapWith((v) => (v === null ? null : Number(v))),
      })
      .from(events)
      .where(where),
    db.select({ type: events.type, count: count() }).from(events).where(where).groupBy(events.type),
    db.select({ date: day, count: count() }).from(events).where(where).groupBy(day).orderBy(day),
    db
      .select({ cameraId: cameras.id, name: cameras.name, count: count() })
      .from(events)
      .innerJoin(cameras, eq(cameras.id, events.cameraId))
      .where(where)
      .groupBy(cameras.id, cameras.name)
      .orderBy(cameras.id),
  ]);
  const types = Object.fromEntries(EVENT_TYPES.map((type) => [type, byType.find((row) => row.type === type)?.count ?? 0])) as Record<
    (typeof EVENT_TYPES)[number],
    number
  >;
  const total = totals?.total ?? 0;
  const pinned = totals?.pinned ?? 0;
  const today = seoulToday();
  return {
    total,
    pinned,
    unacknowledged: totals?.unacknowledged ?? 0,
    byType: types,
    byDay,
    byCamera,
    // The same figures as the MIMO app's event statistics read them.
    totalEvents: total,
    todayEvents: byDay.find((d) => d.date === today)?.count ?? 0,
    pinnedEvents: pinned,
    eventsByType: types,
    averageScore: totals?.averageScore ?? null,
  };
}
