import { type LiveListener, LiveSocketEvent, type MimoSocket } from './events';
import type { LiveHub } from './hub';
import type { Signal } from './members';
import { icePayload, sdpPayload } from './payloads';
import { socketMember } from './roster-socket-io';
import { cameraRoom } from './rooms';

/** A Socket.IO socket's WebRTC signalling (offer, answer, ICE candidates), relayed by the hub's rules. */
export function listenForSignals(live: LiveListener, socket: MimoSocket, hub: LiveHub): void {
  const relay = async (cameraId: number, to: string, signal: Signal) => {
    const self = socket.rooms.has(cameraRoom(cameraId)) ? socketMember(socket, cameraId) : undefined;
    await hub.relay(self, cameraId, to, signal);
    return { cameraId, to };
  };

  live.on(LiveSocketEvent.RTC_OFFER, sdpPayload, async ({ cameraId, to, sdp }) => relay(cameraId, to, { kind: 'offer', sdp }));
  live.on(LiveSocketEvent.RTC_ANSWER, sdpPayload, async ({ cameraId, to, sdp }) => relay(cameraId, to, { kind: 'answer', sdp }));
  live.on(LiveSocketEvent.RTC_ICE, icePayload, async ({ cameraId, to, candidate }) => relay(cameraId, to, { kind: 'ice', candidate }));
}
