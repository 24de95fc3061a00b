import type { SocketData } from '../../../platform/realtime/gateway';
import type { IceCandidate } from './payloads';

/** The transports a live room's members connect by. */
export type Transport = 'socket.io' | 'plain';

/** Whether the socket is the device socket of this camera (and not a viewer). */
export const isCameraOf = (data: Partial<SocketData>, cameraId: number) => data.device?.cameraId === cameraId;

/** Someone in a camera's live room, on this node or another, on either transport. */
export interface LiveMember {
  /** The connection: a Socket.IO socket id, or a plain connection's `ws_…` id. */
  peerId: string;
  userId: number;
  /** The camera's own phone, which sends the picture, or someone watching it. */
  role: 'camera' | 'viewer';
  transport: Transport;
  /** What the member's client calls itself in the app's protocol: a viewer's `viewer_<ms>`, the camera's device id. */
  alias?: string;
  /** When it came into the room (ms); the newest camera wins when a phone reconnects before its old connection is gone. */
  joinedAt: number;
}

/** What is relayed between a camera and one viewer. */
export type Signal = { kind: 'offer' | 'answer'; sdp: string } | { kind: 'ice'; candidate: IceCandidate };

/**
 * What the live view tells members, in no transport's words: each transport says it in its own
 * protocol (Socket.IO events, or the app's `{type, data}` frames) to each recipient.
 */
export type LiveNotice =
  | { kind: 'viewer-joined' | 'viewer-left'; cameraId: number; deviceId: string; viewer: LiveMember; viewerCount: number }
  | { kind: 'camera-connected' | 'camera-disconnected'; cameraId: number; deviceId: string; camera: LiveMember }
  | { kind: 'signal'; cameraId: number; deviceId: string; from: LiveMember; to: LiveMember; signal: Signal };

/** The newest of some members (undefined for none). */
export const newest = (members: LiveMember[]) =>
  members.reduce<LiveMember | undefined>((best, m) => (!best || m.joinedAt >= best.joinedAt ? m : best), undefined);

/**
 * One transport's share of the live rooms: its members on every node, and how it tells them
 * things. The hub (hub.ts) is the one place that decides; a roster only knows its transport.
 */
export interface LiveRoster {
  readonly transport: Transport;
  /** The room's members connected by this transport, on every node. */
  members(cameraId: number): Promise<LiveMember[]>;
  /** The room's member with this peer id or alias connected to this node, if any: a cheap first look. */
  nearby(cameraId: number, id: string): LiveMember | undefined;
  /** Tells everyone in the room but `exceptPeerId`, on every node. */
  tell(cameraId: number, notice: LiveNotice, exceptPeerId?: string): void;
  /** Tells one member, on whichever node it is connected. */
  tellMember(member: LiveMember, notice: LiveNotice): void;
  /** The user may watch the camera no longer: their viewers leave the room (and are told, as the transport does). */
  revoke(cameraId: number, userId: number, ownerId: number | undefined): void;
  /** The camera is deleted: its phone is closed and everyone leaves its room. */
  cameraGone(cameraId: number, viewerIds: number[]): Promise<void>;
  /** Closes the connections signed in with the camera's device credential (it was replaced). */
  disconnectDevice(cameraId: number): Promise<void>;
}
