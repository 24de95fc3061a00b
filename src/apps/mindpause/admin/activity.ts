import { LRUCache } from 'lru-cache';
import type { FastifyInstance } from 'fastify';
import { count, gte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../../platform/db/database';
import { addDays, eachDay, seoulToday } from '../../../platform/time';
import { userActivityDays } from './tables';

const MAX_REMEMBERED = 100_000;

/**
 * Which users were active on which Seoul day: any request made with a valid access token counts.
 * Each node writes a user's day once (the table ignores the other nodes' repeats), so activity
 * costs one insert per user per day, not one per request.
 */
export class ActivityLog {
  private day = '';
  private readonly seen = new LRUCache<number, true>({ max: MAX_REMEMBERED });

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /** Records every signed-in request of the app once the answer has gone. */
  attach(http: FastifyInstance): void {
    http.addHook('onResponse', async (req) => {
      const userId = req.principal?.userId;
      if (userId !== undefined) await this.record(userId);
    });
  }

  async record(userId: number, now = new Date()): Promise<void> {
    const day = seoulToday(now);
    if (day !== this.day) {
      this.day = day;
      this.seen.clear();
    }
    if (this.seen.has(userId)) return;
    this.seen.set(userId, true);
    try {
      await this.db.insert(userActivityDays).values({ userId, day }).onConflictDoNothing();
    } catch (error) {
      this.seen.delete(userId);
      // Statistics are not worth a failed request; the next request tries again.
      this.logger.warn({ err: error, userId }, 'could not record activity');
    }
  }

  /** Distinct active users per Seoul day, oldest first, for the `days` days ending today. */
  async dailyActives(days: number, now = new Date()): Promise<Array<{ date: string; activeUsers: number }>> {
    const today = seoulToday(now);
    const from = addDays(today, 1 - days);
    const rows = await this.db
      .select({ day: userActivityDays.day, n: count() })
      .from(userActivityDays)
      .where(gte(userActivityDays.day, from))
      .groupBy(userActivityDays.day);
    const byDay = new Map(rows.map((r) => [r.day, r.n]));
    return eachDay(from, today).map((date) => ({ date, activeUsers: byDay.get(date) ?? 0 }));
  }

  /** Distinct users active at least once in the `days` days ending today. */
  async activeUsers(days: number, now = new Date()): Promise<number> {
    const from = addDays(seoulToday(now), 1 - days);
    const [row] = await this.db
      .select({ n: sql<number>`count(distinct ${userActivityDays.userId})`.mapWith(Number) })
      .from(userActivityDays)
      .where(gte(userActivityDays.day, from));
    return row?.n ?? 0;
  }
}
