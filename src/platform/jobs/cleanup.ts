import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { IdentityTables } from '../auth/tables';
import type { Db } from '../db/database';
import type { NotificationTables } from '../notify/tables';
import type { Jobs } from './jobs';

/** One thing the midnight clean-up does; answers how many rows it removed or moved. */
export interface CleanupStep {
  name: string;
  run(now: Date): Promise<number>;
}

const DAY_MS = 86_400_000;
export const READ_NOTIFICATIONS_KEPT_DAYS = 30;
/** Ended sessions stay a while so "signed out everywhere" and theft reports can be looked into. */
const ENDED_SESSIONS_KEPT_DAYS = 30;

/** The steps every app has: old read and expired notifications, and expired codes and tokens. */
export function platformCleanup(db: Db, auth: IdentityTables, inbox: NotificationTables): CleanupStep[] {
  const removed = async (query: Promise<unknown[]>) => (await query).length;
  const { notifications: n } = inbox;
  const { sessions: s, refreshTokens: r, emailVerifications: e } = auth;
  return [
    {
      name: 'notifications',
      run: (now) =>
        removed(
          db
            .delete(n)
            .where(or(and(isNotNull(n.readAt), lt(n.readAt, new Date(now.getTime() - READ_NOTIFICATIONS_KEPT_DAYS * DAY_MS))), lt(n.expiresAt, now)))
            .returning({ id: n.id }),
        ),
    },
    { name: 'emailCodes', run: (now) => removed(db.delete(e).where(lt(e.expiresAt, now)).returning({ id: e.id })) },
    { name: 'refreshTokens', run: (now) => removed(db.delete(r).where(lt(r.expiresAt, now)).returning({ id: r.id })) },
    {
      name: 'sessions',
      run: (now) =>
        removed(
          db
            .delete(s)
            .where(or(lt(s.expiresAt, now), lt(s.revokedAt, new Date(now.getTime() - ENDED_SESSIONS_KEPT_DAYS * DAY_MS))))
            .returning({ id: s.id }),
        ),
    },
  ];
}

/**
 * The midnight clean-up (Asia/Seoul) of every app: the platform's steps, then those the app adds.
 * Each step runs on its own, so one that fails does not keep the others from their work.
 */
export function defineDailyCleanup(jobs: Jobs, steps: CleanupStep[], logger: Logger) {
  jobs.define({
    name: 'cleanup.daily',
    description: '자정 데이터 정리: 30일 지난 읽은 알림, 만료된 알림·코드·토큰 삭제 (그리고 앱별 정리)',
    cron: '0 0 * * *',
    async handler() {
      const now = new Date();
      const done: Record<string, number> = {};
      const failed: string[] = [];
      for (const step of steps) {
        try {
          done[step.name] = await step.run(now);
        } catch (err) {
          logger.error({ err, step: step.name }, 'clean-up step failed');
          failed.push(step.name);
        }
      }
      if (failed.length) throw new Error(`clean-up steps failed: ${failed.join(', ')} (done: ${JSON.stringify(done)})`);
      return done;
    },
  });
}
