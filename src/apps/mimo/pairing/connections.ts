import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { conflict, notFound } from '../../../platform/http/errors';
import type { CameraAccess } from '../cameras/access';
import { cameraViewers, cameras } from '../cameras/tables';
import type { LiveHub } from '../live/hub';
import { users } from '../users/tables';
import { PairingMessage } from './messages';

/**
 * Who watches what: the viewers of my cameras and the cameras I may watch; the owner removes a
 * viewer, a viewer leaves. Removal takes effect at once: the viewer's connections leave the
 * camera's live room on both transports (the room hears the viewer leave, so the camera's phone
 * closes that viewer's peer connection; a plain WebSocket is closed), and the viewer and the
 * owner are told.
 */
export class Connections {
  constructor(
    private readonly db: Db,
    private readonly access: CameraAccess,
    private readonly live: LiveHub,
  ) {}

  async active(userId: number) {
    const owned = await this.db
      .select({
        camera: { id: cameras.id, name: cameras.name, location: cameras.location, status: cameras.status, lastSeen: cameras.lastSeen },
        viewer: {
          userId: cameraViewers.userId,
          name: users.name,
          nickname: users.nickname,
          grantedAt: cameraViewers.grantedAt,
          lastViewedAt: cameraViewers.lastViewedAt,
        },
      })
      .from(cameras)
      .leftJoin(cameraViewers, eq(cameraViewers.cameraId, cameras.id))
      .leftJoin(users, eq(users.id, cameraViewers.userId))
      .where(eq(cameras.userId, userId))
      .orderBy(asc(cameras.id), asc(cameraViewers.grantedAt));
    const watching = await this.db
      .select({
        camera: { id: cameras.id, name: cameras.name, location: cameras.location, status: cameras.status, lastSeen: cameras.lastSeen },
        owner: { userId: users.id, name: users.name, nickname: users.nickname },
        grantedAt: cameraViewers.grantedAt,
      })
      .from(cameraViewers)
      .innerJoin(cameras, eq(cameras.id, cameraViewers.cameraId))
      .innerJoin(users, eq(users.id, cameras.userId))
      .where(eq(cameraViewers.userId, userId))
      .orderBy(asc(cameraViewers.grantedAt));

    type Viewer = { userId: number; name: string; nickname: string | null; grantedAt: Date; lastViewedAt: Date | null; watchingNow: boolean };
    const byCamera = new Map<number, { camera: (typeof owned)[number]['camera']; viewers: Viewer[] }>();
    for (const { camera, viewer } of owned) {
      const entry = byCamera.get(camera.id) ?? { camera, viewers: [] };
      byCamera.set(camera.id, entry);
      if (viewer?.userId != null && viewer.grantedAt) {
        entry.viewers.push({
          userId: viewer.userId,
          name: viewer.name ?? '',
          nickname: viewer.nickname,
          grantedAt: viewer.grantedAt,
          lastViewedAt: viewer.lastViewedAt,
          watchingNow: false,
        });
      }
    }
    await Promise.all(
      [...byCamera.values()]
        .filter((entry) => entry.viewers.length > 0)
        .map(async (entry) => {
          const present = await this.watchers(entry.camera.id);
          for (const viewer of entry.viewers) viewer.watchingNow = present.has(viewer.userId);
        }),
    );
    return { viewers: [...byCamera.values()], watching };
  }

  /** The owner removes a viewer from their camera. */
  async revoke(ownerId: number, cameraId: number, viewerId: number): Promise<void> {
    await this.access.requireOwnerToChange(ownerId, cameraId);
    if (!(await this.remove(cameraId, viewerId))) throw notFound(PairingMessage.VIEWER_NOT_FOUND);
    this.live.revoke(cameraId, viewerId, ownerId);
  }

  /** A viewer stops watching a camera; the owner cannot leave their own. */
  async leave(userId: number, cameraId: number): Promise<void> {
    if ((await this.access.requireAccess(userId, cameraId)) === 'owner') throw conflict(PairingMessage.OWNER_CANNOT_LEAVE);
    const [camera] = await this.db.select({ ownerId: cameras.userId }).from(cameras).where(eq(cameras.id, cameraId));
    if (await this.remove(cameraId, userId)) this.live.revoke(cameraId, userId, camera?.ownerId);
  }

  private async remove(cameraId: number, viewerId: number): Promise<boolean> {
    const gone = await this.db
      .delete(cameraViewers)
      .where(and(eq(cameraViewers.cameraId, cameraId), eq(cameraViewers.userId, viewerId)))
      .returning({ id: cameraViewers.id });
    return gone.length > 0;
  }

  /** Users with a connection watching the camera now, on any node and transport. */
  private async watchers(cameraId: number): Promise<Set<number>> {
    return new Set((await this.live.members(cameraId)).filter((m) => m.role === 'viewer').map((viewer) => viewer.userId));
  }
}
