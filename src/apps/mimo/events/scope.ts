import { type SQL, type SQLWrapper, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { cameraViewers, cameras } from '../cameras/tables';

/**
 * "The camera is one the user may see": theirs, or one they were paired with as a viewer. Used on
 * lists without a camera filter; a list of one camera asks CameraAccess first instead.
 */
export function visibleCamera(db: Db, userId: number, cameraColumn: SQLWrapper): SQL {
  const owned = db.select({ id: cameras.id }).from(cameras).where(eq(cameras.userId, userId));
  const viewed = db.select({ id: cameraViewers.cameraId }).from(cameraViewers).where(eq(cameraViewers.userId, userId));
  return sql`(${cameraColumn} in (${owned}) or ${cameraColumn} in (${viewed}))`;
}
