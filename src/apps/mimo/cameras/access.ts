import { and, eq, sql } from 'drizzle-orm';
import { type Db, qualified, queryRows } from '../../../platform/db/database';
import { forbidden, notFound } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import { cameraViewers, cameras } from './tables';

export const AccessMessage = defineMessages({
  CAMERA_NOT_FOUND: { ko: '카메라를 찾을 수 없습니다.', en: 'The camera was not found.' },
  CAMERA_OWNER_ONLY: { ko: '카메라 소유자만 할 수 있는 작업입니다.', en: 'Only the camera’s owner can do this.' },
});

/** A user's role on one camera: its owner, or a viewer paired by code. */
export type CameraRole = 'owner' | 'viewer';

/**
 * Who may do what with a camera. Every camera route asks here first. A camera the user has no
 * role on is "not found" (404), never "forbidden": its existence is not disclosed.
 */
export class CameraAccess {
  constructor(private readonly db: Db) {}

  /** The user's role on the camera, or undefined when they have none (or there is no camera). */
  async roleOf(userId: number, cameraId: number): Promise<CameraRole | undefined> {
    const [row] = await this.db
      .select({ ownerId: cameras.userId, viewerId: cameraViewers.userId })
      .from(cameras)
      .leftJoin(cameraViewers, and(eq(cameraViewers.cameraId, cameras.id), eq(cameraViewers.userId, userId)))
      .where(eq(cameras.id, cameraId))
      .limit(1);
    if (!row) return undefined;
    if (row.ownerId === userId) return 'owner';
    return row.viewerId === userId ? 'viewer' : undefined;
  }

  /**
   * The camera a device id names (the app's address for it) and the user's role on it; undefined
   * when there is none or the user has no role, so a stranger learns nothing.
   */
  async byDevice(userId: number, deviceId: string): Promise<{ cameraId: number; role: CameraRole } | undefined> {
    const [row] = await this.db
      .select({ cameraId: cameras.id, ownerId: cameras.userId, viewerId: cameraViewers.userId })
      .from(cameras)
      .leftJoin(cameraViewers, and(eq(cameraViewers.cameraId, cameras.id), eq(cameraViewers.userId, userId)))
      .where(eq(cameras.deviceId, deviceId))
      .limit(1);
    if (!row) return undefined;
    if (row.ownerId === userId) return { cameraId: row.cameraId, role: 'owner' };
    return row.viewerId === userId ? { cameraId: row.cameraId, role: 'viewer' } : undefined;
  }

  /** Everyone with a role on a camera the user has a role on: the owner and the viewers of each. */
  async sharers(userId: number): Promise<number[]> {
    const [cameraId, ownerId, viewedId, viewerId] = [cameras.id, cameras.userId, cameraViewers.cameraId, cameraViewers.userId].map(qualified);
    const rows = await queryRows<{ user_id: string | number }>(
      this.db,
      sql`with shared as (
        select ${cameraId} as id from ${cameras} where ${ownerId} = ${userId}
        union select ${viewedId} from ${cameraViewers} where ${viewerId} = ${userId}
      )
      select ${ownerId} as user_id from ${cameras} where ${cameraId} in (select id from shared)
      union select ${viewerId} from ${cameraViewers} where ${viewedId} in (select id from shared)`,
    );
    return rows.map((r) => Number(r.user_id)).filter((id) => id !== userId);
  }

  /** Throws 404 unless the user owns the camera. */
  async requireOwner(userId: number, cameraId: number): Promise<void> {
    if ((await this.roleOf(userId, cameraId)) !== 'owner') throw notFound(AccessMessage.CAMERA_NOT_FOUND);
  }

  /** Throws 404 unless the user owns or may watch the camera; gives the role. */
  async requireAccess(userId: number, cameraId: number): Promise<CameraRole> {
    const role = await this.roleOf(userId, cameraId);
    if (!role) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    return role;
  }

  /**
   * For changes: 404 when the user has no role, 403 when they only watch (a viewer knows the
   * camera exists, and is told why they cannot change it).
   */
  async requireOwnerToChange(userId: number, cameraId: number): Promise<void> {
    if ((await this.requireAccess(userId, cameraId)) !== 'owner') throw forbidden(AccessMessage.CAMERA_OWNER_ONLY);
  }
}
