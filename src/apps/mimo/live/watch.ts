import { type LiveListener, LiveSocketEvent, type MimoSocket } from './events';
import type { LiveHub } from './hub';
import { cameraPayload } from './payloads';
import { socketMember } from './roster-socket-io';
import { cameraRoom } from './rooms';

/**
 * A user's Socket.IO socket watching cameras: `live:join` enters the camera's room by the hub's
 * rules (the room hears `viewer:joined`), `live:leave` leaves it (the room hears `viewer:left`, as
 * for every other way out).
 */
export function watchCameras(live: LiveListener, socket: MimoSocket, hub: LiveHub): void {
  const userId = socket.data.principal.userId;

  live.on(LiveSocketEvent.JOIN, cameraPayload, async ({ cameraId }) => {
    const room = cameraRoom(cameraId);
    const joined = await hub.join(userId, cameraId, {
      member: socketMember(socket, cameraId),
      isIn: socket.rooms.has(room),
      enter: async () => socket.join(room),
      exit: async () => socket.leave(room),
    });
    return {
      cameraId,
      role: joined.role,
      status: joined.status,
      lastSeen: joined.lastSeen?.toISOString() ?? null,
      viewerCount: joined.viewerCount,
      cameraSocketId: joined.camera?.peerId ?? null,
    };
  });

  live.on(LiveSocketEvent.LEAVE, cameraPayload, async ({ cameraId }) => {
    await socket.leave(cameraRoom(cameraId));
    return { cameraId, viewerCount: await hub.viewerCount(cameraId) };
  });
}
