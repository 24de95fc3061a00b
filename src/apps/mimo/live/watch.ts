import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import type { AppSocket } from '../../../platform/realtime/gateway';
import { AccessMessage, type CameraAccess } from '../cameras/access';
import { cameraViewers, cameras } from '../cameras/tables';
import { LiveSocketEvent } from './events';
import type { Listen } from './listen';
import type { LiveMembers } from './members';
import { cameraPayload } from './payloads';
import { cameraRoom } from './rooms';

export interface WatchDeps {
  db: Db;
  access: CameraAccess;
  members: LiveMembers;
}

/**
 * A user's socket watching cameras: `live:join` checks that the user owns or may watch the camera
 * and puts the socket in its room; the camera and the others there hear `viewer:joined` with the
 * number watching (and `viewer:left`, see departures.ts).
 */
export function watchCameras(on: Listen, socket: AppSocket, deps: WatchDeps): void {
  const { db, access, members } = deps;
  const userId = socket.data.principal.userId;

  on(LiveSocketEvent.JOIN, cameraPayload, async ({ cameraId }) => {
    const role = await access.requireAccess(userId, cameraId);
    const room = cameraRoom(cameraId);
    const joining = !socket.rooms.has(room);
    if (joining) {
      await socket.join(room);
      // A revocation between the check and the join found no socket to take out of the room.
      if (!(await access.roleOf(userId, cameraId))) {
        await socket.leave(room);
        throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      }
    }
    const [camera, present] = await Promise.all([cameraState(db, cameraId), members.of(cameraId)]);
    const viewerCount = present.viewers.length;
    if (joining) {
      socket.to(room).emit(LiveSocketEvent.VIEWER_JOINED, { cameraId, userId, viewerId: socket.id, viewerCount });
      if (role === 'viewer') await db.update(cameraViewers).set({ lastViewedAt: new Date() }).where(and(eq(cameraViewers.cameraId, cameraId), eq(cameraViewers.userId, userId)));
    }
    return { cameraId, role, status: camera?.status ?? 'offline', lastSeen: camera?.lastSeen?.toISOString() ?? null, viewerCount, cameraSocketId: present.cameraSocketIds.at(-1) ?? null };
  });

  // The room hears viewer:left from announceDepartures, as for every other way out.
  on(LiveSocketEvent.LEAVE, cameraPayload, async ({ cameraId }) => {
    await socket.leave(cameraRoom(cameraId));
    return { cameraId, viewerCount: await members.viewerCount(cameraId) };
  });
}

async function cameraState(db: Db, cameraId: number) {
  const [camera] = await db.select({ status: cameras.status, lastSeen: cameras.lastSeen }).from(cameras).where(eq(cameras.id, cameraId)).limit(1);
  return camera;
}
