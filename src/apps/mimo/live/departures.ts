import type { Logger } from 'pino';
import type { Gateway } from '../../../platform/realtime/gateway';
import { LiveSocketEvent } from './events';
import { type LiveMembers, isCameraOf } from './members';
import { cameraOfRoom, cameraRoom } from './rooms';

/**
 * Tells a camera's room each time a viewer's socket leaves it, however it left: `live:leave`, a
 * disconnect, the owner revoking the viewer, or the camera deleted. The room hears it from the
 * node that held the socket, once. The camera closes that viewer's connection when it hears it,
 * so a revoked viewer's picture stops too, not only its signalling.
 */
export function announceDepartures(gateway: Gateway, members: LiveMembers, logger: Logger): void {
  gateway.io.of('/').adapter.on('leave-room', (room: string, socketId: string) => {
    const cameraId = cameraOfRoom(room);
    // Still in the namespace while it leaves its rooms, even when disconnecting.
    const socket = cameraId === undefined ? undefined : gateway.io.sockets.sockets.get(socketId);
    if (cameraId === undefined || !socket || isCameraOf(socket.data, cameraId)) return;
    const userId = socket.data.principal.userId;
    void members
      .viewerCount(cameraId)
      .then((viewerCount) => gateway.io.to(cameraRoom(cameraId)).emit(LiveSocketEvent.VIEWER_LEFT, { cameraId, userId, viewerId: socketId, viewerCount }))
      .catch((err) => logger.warn({ err, cameraId }, 'viewer:left could not be told'));
  });
}
