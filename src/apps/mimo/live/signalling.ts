import type { AppSocket } from '../../../platform/realtime/gateway';
import { LiveSocketEvent } from './events';
import type { LiveHub } from './hub';
import type { Listen } from './listen';
import type { Signal } from './members';
import { icePayload, sdpPayload } from './payloads';
import { socketMember } from './roster-socket-io';
import { cameraRoom } from './rooms';

/** A Socket.IO socket's WebRTC signalling (offer, answer, ICE candidates), relayed by the hub's rules. */
export function listenForSignals(on: Listen, socket: AppSocket, hub: LiveHub): void {
  const relay = async (cameraId: number, to: string, signal: Signal) => {
    const self = socket.rooms.has(cameraRoom(cameraId)) ? socketMember(socket, cameraId) : undefined;
    await hub.relay(self, cameraId, to, signal);
    return { cameraId, to };
  };

  on(LiveSocketEvent.RTC_OFFER, sdpPayload, async ({ cameraId, to, sdp }) => relay(cameraId, to, { kind: 'offer', sdp }));
  on(LiveSocketEvent.RTC_ANSWER, sdpPayload, async ({ cameraId, to, sdp }) => relay(cameraId, to, { kind: 'answer', sdp }));
  on(LiveSocketEvent.RTC_ICE, icePayload, async ({ cameraId, to, candidate }) => relay(cameraId, to, { kind: 'ice', candidate }));
}
