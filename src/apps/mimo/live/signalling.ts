import { forbidden, notFound } from '../../../platform/http/errors';
import type { AppSocket } from '../../../platform/realtime/gateway';
import { LiveSocketEvent } from './events';
import type { Listen } from './listen';
import { type LiveMembers, isCameraOf } from './members';
import { LiveMessage } from './messages';
import { icePayload, sdpPayload } from './payloads';
import { cameraRoom } from './rooms';

/** What the receiver of a relayed signal learns of its sender. */
export type SignalRole = 'camera' | 'viewer';

/**
 * WebRTC signalling (offer, answer, ICE candidates), relayed between a camera's device socket and
 * one viewer socket at a time. Both ends must be in the camera's room now — a viewer gets there
 * only through `live:join`'s access check and leaves it when revoked — and exactly one end must be
 * that camera, so viewers never reach each other and nothing crosses from one camera to another.
 */
export function listenForSignals(on: Listen, socket: AppSocket, members: LiveMembers): void {
  const relay = async (event: string, cameraId: number, to: string, signal: Record<string, unknown>) => {
    if (!socket.rooms.has(cameraRoom(cameraId))) throw forbidden(LiveMessage.LIVE_NOT_JOINED);
    const target = to === socket.id ? undefined : await members.peer(to);
    if (!target?.rooms.has(cameraRoom(cameraId))) throw notFound(LiveMessage.RTC_PEER_NOT_FOUND);
    const fromCamera = isCameraOf(socket.data, cameraId);
    if (fromCamera === isCameraOf(target.data, cameraId)) throw forbidden(LiveMessage.RTC_RELAY_REFUSED);
    const role: SignalRole = fromCamera ? 'camera' : 'viewer';
    socket.to(to).emit(event, { cameraId, from: socket.id, role, userId: socket.data.principal.userId, ...signal });
    return { cameraId, to };
  };

  on(LiveSocketEvent.RTC_OFFER, sdpPayload, async ({ cameraId, to, sdp }) => relay(LiveSocketEvent.RTC_OFFER, cameraId, to, { sdp }));
  on(LiveSocketEvent.RTC_ANSWER, sdpPayload, async ({ cameraId, to, sdp }) => relay(LiveSocketEvent.RTC_ANSWER, cameraId, to, { sdp }));
  on(LiveSocketEvent.RTC_ICE, icePayload, async ({ cameraId, to, candidate }) => relay(LiveSocketEvent.RTC_ICE, cameraId, to, { candidate }));
}
