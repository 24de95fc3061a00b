import type { Logger } from 'pino';
import { mimoCode } from '../../../platform/http/envelope';
import { notFound } from '../../../platform/http/errors';
import { translate } from '../feature';
import { type LiveListener, LiveSocketEvent, type MimoSocket } from './events';
import type { LiveHub } from './hub';
import { LiveMessage } from './messages';
import { nothing } from './payloads';
import { socketMember } from './roster-socket-io';
import { cameraDeviceRoom, cameraRoom } from './rooms';

/**
 * A camera's Socket.IO device socket: it serves its camera's room, makes the camera online while
 * it is connected (and beating) and offline when the camera's last phone goes.
 */
export function serveCamera(live: LiveListener, socket: MimoSocket, deps: { hub: LiveHub; logger: Logger }): Promise<void> {
  const { hub, logger } = deps;
  const cameraId = socket.data.device!.cameraId!;
  const member = socketMember(socket, cameraId);

  // A camera deleted while its phone is still connected has nothing left to serve. The socket is
  // closed with a packet that follows what was sent before (an acknowledgement), not cut off.
  const gone = () => {
    const code = LiveMessage.LIVE_CAMERA_GONE;
    socket.emit(LiveSocketEvent.ERROR, { event: 'connection', code: mimoCode(code), message: translate(socket.data.lang, code) });
    socket.disconnect();
  };

  live.on(LiveSocketEvent.HEARTBEAT, nothing, async () => {
    const change = await hub.beat(cameraId);
    if (!change) {
      setImmediate(gone);
      throw notFound(LiveMessage.LIVE_CAMERA_GONE);
    }
    return { cameraId, status: change.status, lastSeen: change.lastSeen?.toISOString() ?? null };
  });

  const arrived = (async () => {
    await socket.join([cameraRoom(cameraId), cameraDeviceRoom(cameraId)]);
    if (!(await hub.cameraArrived(cameraId, member))) return gone();
    const viewers = (await hub.members(cameraId)).filter((m) => m.role === 'viewer').map((m) => ({ viewerId: m.peerId, userId: m.userId }));
    socket.emit(LiveSocketEvent.CAMERA_READY, { cameraId, viewers });
  })();

  socket.on('disconnect', () => {
    // Offline only after the arrival is through, or a quick disconnect could be overtaken by it.
    void arrived
      .catch(() => undefined)
      .then(() => hub.cameraLeft(cameraId, member))
      .catch((err) => logger.warn({ err, cameraId }, 'camera could not be marked offline'));
  });
  return arrived;
}
