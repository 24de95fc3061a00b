import { and, asc, count, desc, eq, gte, lt, sql, sum } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { EVENT_TYPES, events } from '../events/tables';
import type { LiveHub } from '../live/hub';
import { recordings } from '../recordings/tables';
import { AccessMessage } from './access';
import type { CameraStatusName } from './status';
import { cameraStatusLog, cameraViewers, cameras } from './tables';

const DAY_MS = 86_400_000;

/** Status changes in time order, with the status the camera had before the first. */
export interface StatusHistory {
  initial: CameraStatusName;
  changes: Array<{ status: CameraStatusName; at: Date }>;
}

/** Milliseconds online between `from` and `to`, walking the changes. */
export function onlineMs({ initial, changes }: StatusHistory, from: Date, to: Date): number {
  let total = 0;
  let status = initial;
  let since = from.getTime();
  for (const change of changes) {
    const at = Math.min(Math.max(change.at.getTime(), since), to.getTime());
    if (status === 'online') total += at - since;
    status = change.status;
    since = at;
  }
  if (status === 'online') total += to.getTime() - since;
  return total;
}

/**
 * Figures of one camera: uptime share over a window (read from its status log), the window's
 * events by type, its stored recordings, and its viewers (paired, and in its live room now).
 */
export class CameraStats {
  constructor(
    private readonly db: Db,
    private readonly live: LiveHub,
  ) {}

  async of(cameraId: number, days: number) {
    const to = new Date();
    const [camera] = await this.db.select({ ownerId: cameras.userId, createdAt: cameras.createdAt }).from(cameras).where(eq(cameras.id, cameraId));
    if (!camera) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    const windowStart = new Date(to.getTime() - days * DAY_MS);
    // A camera registered within the window is measured from its registration.
    const from = camera.createdAt > windowStart ? camera.createdAt : windowStart;
    const [history, byType, stored, granted, watching] = await Promise.all([
      this.history(cameraId, from, to),
      this.eventsByType(cameraId, windowStart, to),
      this.db
        .select({ count: count(), bytes: sum(recordings.fileSize).mapWith(Number) })
        .from(recordings)
        .where(eq(recordings.cameraId, cameraId)),
      this.db.select({ count: count() }).from(cameraViewers).where(eq(cameraViewers.cameraId, cameraId)),
      this.watching(cameraId, camera.ownerId),
    ]);
    const windowMs = Math.max(0, to.getTime() - from.getTime());
    const online = onlineMs(history, from, to);
    return {
      cameraId,
      window: { from: windowStart, to, days },
      uptime: {
        percent: windowMs > 0 ? Math.round((online / windowMs) * 10_000) / 100 : 0,
        onlineSeconds: Math.round(online / 1000),
        windowSeconds: Math.round(windowMs / 1000),
      },
      events: { total: Object.values(byType).reduce((a, b) => a + b, 0), byType },
      recordings: { count: stored[0]?.count ?? 0, bytes: stored[0]?.bytes ?? 0 },
      viewers: { granted: granted[0]?.count ?? 0, watching },
    };
  }

  private async history(cameraId: number, from: Date, to: Date): Promise<StatusHistory> {
    const log = cameraStatusLog;
    const [before] = await this.db
      .select({ status: log.status })
      .from(log)
      .where(and(eq(log.cameraId, cameraId), lt(log.changedAt, from)))
      .orderBy(desc(log.changedAt), desc(log.id))
      .limit(1);
    const changes = await this.db
      .select({ status: log.status, at: log.changedAt })
      .from(log)
      .where(and(eq(log.cameraId, cameraId), gte(log.changedAt, from), lt(log.changedAt, to)))
      .orderBy(asc(log.changedAt), asc(log.id));
    return { initial: before?.status ?? 'offline', changes };
  }

  private async eventsByType(cameraId: number, from: Date, to: Date) {
    const rows = await this.db
      .select({ type: events.type, count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(events)
      .where(and(eq(events.cameraId, cameraId), gte(events.startedAt, from), lt(events.startedAt, to)))
      .groupBy(events.type);
    const byType = Object.fromEntries(EVENT_TYPES.map((type) => [type, 0])) as Record<(typeof EVENT_TYPES)[number], number>;
    for (const row of rows) byType[row.type] = row.count;
    return byType;
  }

  /** Distinct users other than the owner watching the camera now, on any node. */
  private async watching(cameraId: number, ownerId: number): Promise<number> {
    const viewers = (await this.live.members(cameraId)).filter((m) => m.role === 'viewer');
    return new Set(viewers.map((viewer) => viewer.userId).filter((userId) => userId !== ownerId)).size;
  }
}
