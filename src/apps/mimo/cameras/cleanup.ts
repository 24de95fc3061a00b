import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../../platform/db/database';
import type { CleanupStep } from '../../../platform/jobs/cleanup';
import { cameraStatusLog } from './tables';

/** Uptime is asked for at most 30 days back; a little more is kept. */
export const STATUS_LOG_KEPT_DAYS = 35;

/**
 * Status changes older than the kept window, except each camera's last one before it: that one
 * says what the camera was doing when the window opens.
 */
export function statusLogCleanup(db: Db): CleanupStep {
  return {
    name: 'mimo.cameraStatusLog',
    async run(now) {
      const cutoff = new Date(now.getTime() - STATUS_LOG_KEPT_DAYS * 86_400_000);
      const rows = await queryRows(
        db,
        sql`delete from ${cameraStatusLog} old
        where old.changed_at < ${cutoff}
          and exists (select 1 from ${cameraStatusLog} newer where newer.camera_id = old.camera_id and newer.changed_at < ${cutoff} and (newer.changed_at, newer.id) > (old.changed_at, old.id))
        returning old.id`,
      );
      return rows.length;
    },
  };
}
