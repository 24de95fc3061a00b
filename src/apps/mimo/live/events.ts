import type { z } from 'zod';
import type { FieldError } from '../../../platform/http/errors';
import type { EventLimit } from '../../../platform/realtime/budget';
import type { AppSocket, Gateway } from '../../../platform/realtime/gateway';
import type { SocketListener } from '../../../platform/realtime/listen';
import type { CameraStatusPayload } from '../cameras/status';
import type { renewedPayload } from '../pairing/renewal';
import type { CAMERA_SETTINGS_EVENT } from '../settings/camera-settings';
import type { CameraSettings } from '../settings/schemas';
import type { LiveMember } from './members';
import type { IceCandidate, cameraPayload, icePayload, nothing, sdpPayload } from './payloads';
import type { LiveEvent } from './rooms';

/**
 * The live view's socket events (besides LiveEvent in rooms.ts, which other modules emit too).
 * Client → server events take an acknowledgement: `{ok: true, data}` or `{ok: false, error}`.
 */
export const LiveSocketEvent = {
  /** Viewer → server `{cameraId}`: start watching; answered with the camera's state. */
  JOIN: 'live:join',
  /** Viewer → server `{cameraId}`: stop watching. */
  LEAVE: 'live:leave',
  /** Camera → server: still here (keeps last_heartbeat fresh, as POST /api/cameras/:id/heartbeat does). */
  HEARTBEAT: 'camera:heartbeat',
  /** Server → camera on connecting: `{cameraId, viewers: [{viewerId, userId}]}`. */
  CAMERA_READY: 'camera:ready',
  /** Server → room `{cameraId, cameraSocketId}`: the camera's device socket arrived, or left. */
  CAMERA_CONNECTED: 'camera:connected',
  CAMERA_DISCONNECTED: 'camera:disconnected',
  /** Server → room `{cameraId, userId, viewerId, viewerCount}`. */
  VIEWER_JOINED: 'viewer:joined',
  VIEWER_LEFT: 'viewer:left',
  /** WebRTC signalling, both ways between a camera and one viewer: `{cameraId, to, sdp | candidate}`. */
  RTC_OFFER: 'rtc:offer',
  RTC_ANSWER: 'rtc:answer',
  RTC_ICE: 'rtc:ice',
  /** Server → socket: an event sent without an acknowledgement was refused. */
  ERROR: 'live:error',
} as const;

/** A room member as the room hears of it: who joined or left, and how many watch now. */
export interface ViewerPayload {
  cameraId: number;
  userId: number;
  viewerId: string;
  viewerCount: number;
}

/** The camera's own connection, by its peer id. */
export interface CameraPeerPayload {
  cameraId: number;
  cameraSocketId: string;
}

/** A relayed signal, from whom. */
interface SignalFrom {
  cameraId: number;
  from: string;
  role: LiveMember['role'];
  userId: number;
}

/** A refused event (or, with `event: 'connection'`, a camera that is gone): the E_… code and its words. */
export interface LiveErrorPayload {
  event: string;
  code: string;
  message: string;
  details?: FieldError[];
}

/** What MIMO's server sends on its Socket.IO sockets (the platform's own events, notifications and presence, go besides). */
export interface MimoServerEvents {
  [LiveEvent.CAMERA_STATUS]: (status: CameraStatusPayload) => void;
  [LiveEvent.VIEWER_REVOKED]: (revoked: { cameraId: number; userId: number }) => void;
  [LiveEvent.PAIRING_RENEWED]: (code: ReturnType<typeof renewedPayload>) => void;
  [CAMERA_SETTINGS_EVENT]: (changed: { cameraId: number; settings: CameraSettings }) => void;
  [LiveSocketEvent.CAMERA_READY]: (ready: { cameraId: number; viewers: Array<{ viewerId: string; userId: number }> }) => void;
  [LiveSocketEvent.CAMERA_CONNECTED]: (camera: CameraPeerPayload) => void;
  [LiveSocketEvent.CAMERA_DISCONNECTED]: (camera: CameraPeerPayload) => void;
  [LiveSocketEvent.VIEWER_JOINED]: (viewer: ViewerPayload) => void;
  [LiveSocketEvent.VIEWER_LEFT]: (viewer: ViewerPayload) => void;
  [LiveSocketEvent.RTC_OFFER]: (offer: SignalFrom & { sdp: string }) => void;
  [LiveSocketEvent.RTC_ANSWER]: (answer: SignalFrom & { sdp: string }) => void;
  [LiveSocketEvent.RTC_ICE]: (ice: SignalFrom & { candidate: IceCandidate }) => void;
  [LiveSocketEvent.ERROR]: (error: LiveErrorPayload) => void;
}

/** MIMO's answer in an acknowledgement: `{ok: true, data}` or `{ok: false, error}`. */
type LiveAck = (answer: unknown) => void;

/** What MIMO's Socket.IO sockets may send: the live view's events, each answered in its acknowledgement. */
export interface MimoClientEvents {
  [LiveSocketEvent.JOIN]: (camera: z.input<typeof cameraPayload>, ack?: LiveAck) => void;
  [LiveSocketEvent.LEAVE]: (camera: z.input<typeof cameraPayload>, ack?: LiveAck) => void;
  [LiveSocketEvent.HEARTBEAT]: (payload?: z.input<typeof nothing>, ack?: LiveAck) => void;
  [LiveSocketEvent.RTC_OFFER]: (offer: z.input<typeof sdpPayload>, ack?: LiveAck) => void;
  [LiveSocketEvent.RTC_ANSWER]: (answer: z.input<typeof sdpPayload>, ack?: LiveAck) => void;
  [LiveSocketEvent.RTC_ICE]: (ice: z.input<typeof icePayload>, ack?: LiveAck) => void;
}

/** A Socket.IO socket of MIMO's. */
export type MimoSocket = AppSocket<MimoServerEvents, MimoClientEvents>;
/** MIMO's gateway. */
export type MimoGateway = Gateway<MimoServerEvents, MimoClientEvents>;
/** How the live view listens to its client events. */
export type LiveListener = SocketListener<MimoClientEvents>;

/** Signalling and joins a connection may send, on either transport: a call needs a few dozen; a flood is cut off. */
export const SOCKET_EVENT_LIMIT: EventLimit = { count: 100, windowMs: 10_000 };
