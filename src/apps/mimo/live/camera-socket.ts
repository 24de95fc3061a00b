import type { Logger } from 'pino';
import type { AppSocket, Gateway } from '../../../platform/realtime/gateway';
import { mimoCode } from '../../../platform/http/envelope';
import { notFound } from '../../../platform/http/errors';
import { translate } from '../../../platform/http/i18n';
import type { CameraStatus } from '../cameras/status';
import { LiveSocketEvent } from './events';
import type { Listen } from './listen';
import type { LiveMembers } from './members';
import { LiveMessage } from './messages';
import { nothing } from './payloads';
import { cameraDeviceRoom, cameraRoom } from './rooms';

export interface CameraSocketDeps {
  gateway: Gateway;
  status: CameraStatus;
  members: LiveMembers;
  logger: Logger;
}

/**
 * A camera's device socket: it serves its camera's room, makes the camera online while it is
 * connected (and beating) and offline when the camera's last device socket goes.
 */
export function serveCamera(on: Listen, socket: AppSocket, deps: CameraSocketDeps): Promise<void> {
  const { gateway, status, members, logger } = deps;
  const cameraId = socket.data.device!.cameraId!;
  const room = cameraRoom(cameraId);

  // A camera deleted while its phone is still connected has nothing left to serve. The socket is
  // closed with a packet that follows what was sent before (an acknowledgement), not cut off.
  const gone = () => {
    const code = LiveMessage.LIVE_CAMERA_GONE;
    socket.emit(LiveSocketEvent.ERROR, { event: 'connection', code: mimoCode(code), message: translate(socket.data.lang, code) });
    socket.disconnect();
  };

  on(LiveSocketEvent.HEARTBEAT, nothing, async () => {
    const change = await status.markOnline(cameraId);
    if (!change) {
      setImmediate(gone);
      throw notFound(LiveMessage.LIVE_CAMERA_GONE);
    }
    return { cameraId, status: change.status, lastSeen: change.lastSeen?.toISOString() ?? null };
  });

  const arrived = (async () => {
    await socket.join([room, cameraDeviceRoom(cameraId)]);
    if (!(await status.markOnline(cameraId))) return gone();
    socket.to(room).emit(LiveSocketEvent.CAMERA_CONNECTED, { cameraId, cameraSocketId: socket.id });
    socket.emit(LiveSocketEvent.CAMERA_READY, { cameraId, viewers: (await members.of(cameraId)).viewers });
  })();

  socket.on('disconnect', () => {
    // Offline only after the arrival is through, or a quick disconnect could be overtaken by it.
    void arrived
      .catch(() => undefined)
      .then(async () => {
        gateway.io.to(room).emit(LiveSocketEvent.CAMERA_DISCONNECTED, { cameraId, cameraSocketId: socket.id });
        // A phone that reconnected before this one was noticed gone keeps its camera online.
        if ((await members.of(cameraId)).cameraSocketIds.length === 0) await status.markOffline(cameraId);
      })
      .catch((err) => logger.warn({ err, cameraId }, 'camera could not be marked offline'));
  });
  return arrived;
}
