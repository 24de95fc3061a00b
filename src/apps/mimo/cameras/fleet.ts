import { and, count, desc, eq, gte, ilike, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { likePattern } from '../../../platform/admin/users';
import type { Db } from '../../../platform/db/database';
import { pageOf, offsetOf, pageQuery, paginated } from '../../../platform/http/pagination';
import type { Router } from '../../../platform/http/router';
import { addDays, eachDay, seoulDay, seoulMidnight, seoulToday } from '../../../platform/time';
import { events } from '../events/tables';
import { users } from '../users/tables';
import { CAMERA_STATUSES, cameraStatusLog, cameraViewers, cameras } from './tables';
import { HEARTBEAT_INTERVAL_SEC, MISSED_BEATS } from './sweeper';

const fleetQuery = pageQuery.extend({
  status: z.enum(CAMERA_STATUSES).optional(),
  q: z.string().trim().max(100).optional().describe('Part of the camera name, its location or the owner’s email'),
});
const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(30).default(7) });

const cameraRow = z.object({
  id: z.number(),
  name: z.string(),
  location: z.string().nullable(),
  status: z.enum(CAMERA_STATUSES),
  firmware: z.string().nullable(),
  lastHeartbeat: z.date().nullable(),
  lastSeen: z.date().nullable(),
  owner: z.object({ id: z.number(), email: z.string(), name: z.string() }),
  viewers: z.number(),
  eventsLast24h: z.number(),
  createdAt: z.date(),
});
const fleetStats = z.object({
  total: z.number(),
  byStatus: z.object(Object.fromEntries(CAMERA_STATUSES.map((s) => [s, z.number()])) as Record<(typeof CAMERA_STATUSES)[number], z.ZodNumber>),
  lateHeartbeats: z
    .number()
    .describe(`Online, but no beat for over ${HEARTBEAT_INTERVAL_SEC * 2} s (the sweeper turns them offline after ${HEARTBEAT_INTERVAL_SEC * MISSED_BEATS} s)`),
  daily: z
    .array(z.object({ date: z.string(), events: z.number(), motion: z.number(), sound: z.number(), wentOffline: z.number() }))
    .describe('Each Seoul day: events, and cameras that went offline'),
});

/** MIMO's camera fleet for the operator console: every camera with its owner and heartbeat, and the fleet's figures. */
export function cameraFleetRoutes(router: Router, db: Db): void {
  const tags = ['admin'];
  const auth = ['ADMIN'] as const;
  router.get(
    '/api/admin/cameras',
    { summary: '카메라 전체 현황 (Every camera, its owner and heartbeat; ADMIN)', tags, auth, query: fleetQuery, response: paginated(cameraRow) },
    async (req) => {
      const { status, q } = req.query;
      const where = and(
        status ? eq(cameras.status, status) : undefined,
        q ? or(ilike(cameras.name, likePattern(q)), ilike(cameras.location, likePattern(q)), ilike(users.email, likePattern(q))) : undefined,
      );
      const since = new Date(Date.now() - 86_400_000);
      const [rows, [total]] = await Promise.all([
        db
          .select({
            camera: cameras,
            owner: { id: users.id, email: users.email, name: users.name },
            viewers: sql<number>`(select count(*)::int from ${cameraViewers} where ${cameraViewers.cameraId} = ${cameras.id})`,
            eventsLast24h: sql<number>`(select count(*)::int from ${events} where ${events.cameraId} = ${cameras.id} and ${events.startedAt} >= ${since})`,
          })
          .from(cameras)
          .innerJoin(users, eq(users.id, cameras.userId))
          .where(where)
          .orderBy(desc(cameras.lastHeartbeat), desc(cameras.id))
          .limit(req.query.limit)
          .offset(offsetOf(req.query)),
        db.select({ n: count() }).from(cameras).innerJoin(users, eq(users.id, cameras.userId)).where(where),
      ]);
      const items = rows.map(({ camera: c, owner, viewers, eventsLast24h }) => ({
        id: c.id,
        name: c.name,
        location: c.location,
        status: c.status,
        firmware: c.firmware,
        lastHeartbeat: c.lastHeartbeat,
        lastSeen: c.lastSeen,
        owner,
        viewers: Number(viewers),
        eventsLast24h: Number(eventsLast24h),
        createdAt: c.createdAt,
      }));
      return pageOf(items, req.query, total!.n);
    },
  );

  router.get(
    '/api/admin/cameras/stats',
    { summary: '카메라 통계 (Online and offline, late heartbeats, events and outages per day; ADMIN)', tags, auth, query: statsQuery, response: fleetStats },
    async (req) => {
      const to = seoulToday();
      const from = addDays(to, 1 - req.query.days);
      const start = seoulMidnight(from);
      const [statuses, [late], eventDays, outageDays] = await Promise.all([
        db.select({ status: cameras.status, n: count() }).from(cameras).groupBy(cameras.status),
        db
          .select({ n: count() })
          .from(cameras)
          .where(and(eq(cameras.status, 'online'), lt(cameras.lastHeartbeat, new Date(Date.now() - HEARTBEAT_INTERVAL_SEC * 2000)))),
        db
          .select({
            day: seoulDay(events.startedAt),
            total: sql<number>`count(*)::int`,
            motion: sql<number>`count(*) filter (where ${events.type} = 'motion')::int`,
            sound: sql<number>`count(*) filter (where ${events.type} = 'sound')::int`,
          })
          .from(events)
          .where(gte(events.startedAt, start))
          .groupBy(sql`1`),
        db
          .select({ day: seoulDay(cameraStatusLog.changedAt), n: sql<number>`count(*)::int` })
          .from(cameraStatusLog)
          .where(and(gte(cameraStatusLog.changedAt, start), eq(cameraStatusLog.status, 'offline')))
          .groupBy(sql`1`),
      ]);
      const byStatus = Object.fromEntries(CAMERA_STATUSES.map((s) => [s, statuses.find((r) => r.status === s)?.n ?? 0])) as Record<
        (typeof CAMERA_STATUSES)[number],
        number
      >;
      return {
        total: statuses.reduce((sum, r) => sum + r.n, 0),
        byStatus,
        lateHeartbeats: late!.n,
        daily: eachDay(from, to).map((date) => {
          const e = eventDays.find((r) => r.day === date);
          return {
            date,
            events: Number(e?.total ?? 0),
            motion: Number(e?.motion ?? 0),
            sound: Number(e?.sound ?? 0),
            wentOffline: Number(outageDays.find((r) => r.day === date)?.n ?? 0),
          };
        }),
      };
    },
  );
}
