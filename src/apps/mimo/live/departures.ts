import type { Logger } from 'pino';
import type { LiveHub } from './hub';
import { socketMember } from './roster-socket-io';
import { cameraOfRoom } from './rooms';
import type { MimoGateway } from './events';

/**
 * Tells the hub each time a viewer's Socket.IO socket leaves a camera's room, however it left:
 * `live:leave`, a disconnect, the owner revoking the viewer, or the camera deleted. The node that
 * held the socket tells it, once. (A camera's own phone leaving is told by camera-socket.ts.)
 */
export function announceDepartures(gateway: MimoGateway, hub: LiveHub, logger: Logger): void {
  gateway.io.of('/').adapter.on('leave-room', (room: string, socketId: string) => {
    const cameraId = cameraOfRoom(room);
    // Still in the namespace while it leaves its rooms, even when disconnecting.
    const socket = cameraId === undefined ? undefined : gateway.io.sockets.sockets.get(socketId);
    if (cameraId === undefined || !socket) return;
    const member = socketMember(socket, cameraId);
    if (member.role === 'camera') return;
    hub.viewerLeft(cameraId, member).catch((err) => logger.warn({ err, cameraId }, 'viewer:left could not be told'));
  });
}
