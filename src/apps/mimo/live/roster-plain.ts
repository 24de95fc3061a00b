import { mimoEnvelope } from '../../../platform/http/envelope';
import { translate } from '../feature';
import type { ClusterBus } from '../../../platform/realtime/cluster';
import { type PlainConnection, PlainCloseCode, type PlainConnections } from '../../../platform/realtime/plain/registry';
import { type LiveMember, type LiveNotice, type LiveRoster, newest } from './members';
import { LiveMessage } from './messages';
import { cameraRoom } from './rooms';

/** A plain connection's place in a camera's room (kept in the registry's group). */
export interface Place {
  cameraId: number;
  deviceId: string;
  role: LiveMember['role'];
  /** What the client calls itself: the camera's device id, or the viewer's `viewerId`. */
  alias: string;
  joinedAt: number;
}

export const plainMember = (connection: PlainConnection, place: Place): LiveMember => ({
  peerId: connection.id,
  userId: connection.principal.userId,
  role: place.role,
  transport: 'plain',
  alias: place.alias,
  joinedAt: place.joinedAt,
});

/** An `error` frame in MIMO's envelope, in the connection's language. */
export function sendError(connection: PlainConnection, code: string, event?: string): void {
  const { error } = mimoEnvelope.failure(code, translate(connection.lang, code), undefined) as { error: object };
  connection.send('error', event ? { event, ...error } : error);
}

/** How the app's protocol names a member: the camera by its device id, a viewer by its own id. */
const nameOf = (member: LiveMember, deviceId: string) => (member.role === 'camera' ? deviceId : (member.alias ?? member.peerId));

/** The app's frames for a notice, as this recipient hears it (the camera hears of viewers; viewers only of counts). */
function framesOf(notice: LiveNotice, recipient: Place): Array<[string, Record<string, unknown>]> {
  const cameraId = notice.deviceId;
  switch (notice.kind) {
    case 'viewer-joined':
    case 'viewer-left': {
      const count: [string, Record<string, unknown>] = ['viewer_count_update', { cameraId, connectionId: cameraId, viewerCount: notice.viewerCount }];
      if (recipient.role !== 'camera') return [count];
      return [[notice.kind === 'viewer-joined' ? 'viewer_joined' : 'viewer_left', { cameraId, viewerId: nameOf(notice.viewer, cameraId) }], count];
    }
    case 'camera-connected':
    case 'camera-disconnected':
      return recipient.role === 'viewer' ? [[notice.kind.replace('-', '_'), { cameraId }]] : [];
    case 'signal': {
      const { signal } = notice;
      const data = signal.kind === 'ice' ? signal.candidate : { type: signal.kind, sdp: signal.sdp };
      const type = signal.kind === 'ice' ? 'ice-candidate' : signal.kind;
      return [['webrtc_signaling', { from: nameOf(notice.from, cameraId), to: nameOf(notice.to, cameraId), type, data }]];
    }
  }
}

const EVENT = {
  members: 'mimo:live:members',
  tell: 'mimo:live:tell',
  tellMember: 'mimo:live:tell-member',
  revoke: 'mimo:live:revoke',
  gone: 'mimo:live:gone',
  device: 'mimo:live:device',
} as const;

/**
 * The plain WebSocket share of the live rooms: a camera's room is a group of the connection
 * registry on each node; the other nodes are asked through the cluster bus, and each node says a
 * notice to its own connections in the app's protocol.
 */
export class PlainRoster implements LiveRoster {
  readonly transport = 'plain' as const;

  constructor(
    private readonly connections: PlainConnections,
    private readonly bus: ClusterBus,
  ) {
    bus.on(EVENT.members, (cameraId: number) => this.here(cameraId));
    bus.on(EVENT.tell, (cameraId: number, notice: LiveNotice, except?: string) => this.deliver(cameraId, notice, except));
    bus.on(EVENT.tellMember, (peerId: string, notice: LiveNotice) => this.deliverTo(peerId, notice));
    bus.on(EVENT.revoke, (cameraId: number, userId: number) => this.revokeHere(cameraId, userId));
    bus.on(EVENT.gone, (cameraId: number) => this.goneHere(cameraId));
    bus.on(EVENT.device, (cameraId: number) => this.closeDeviceHere(cameraId));
  }

  async members(cameraId: number): Promise<LiveMember[]> {
    const elsewhere = await this.bus.ask<LiveMember[] | null>(EVENT.members, cameraId);
    return [...this.here(cameraId), ...elsewhere.flatMap((members) => members ?? [])];
  }

  nearby(cameraId: number, id: string): LiveMember | undefined {
    const here = this.here(cameraId);
    return here.find((m) => m.peerId === id) ?? newest(here.filter((m) => m.alias === id));
  }

  tell(cameraId: number, notice: LiveNotice, exceptPeerId?: string): void {
    this.deliver(cameraId, notice, exceptPeerId);
    this.bus.publish(EVENT.tell, cameraId, notice, exceptPeerId);
  }

  tellMember(member: LiveMember, notice: LiveNotice): void {
    if (this.connections.get(member.peerId)) this.deliverTo(member.peerId, notice);
    else this.bus.publish(EVENT.tellMember, member.peerId, notice);
  }

  revoke(cameraId: number, userId: number): void {
    this.revokeHere(cameraId, userId);
    this.bus.publish(EVENT.revoke, cameraId, userId);
  }

  async cameraGone(cameraId: number): Promise<void> {
    this.goneHere(cameraId);
    this.bus.publish(EVENT.gone, cameraId);
  }

  async disconnectDevice(cameraId: number): Promise<void> {
    this.closeDeviceHere(cameraId);
    this.bus.publish(EVENT.device, cameraId);
  }

  /** This node's members of the room. */
  private here(cameraId: number): LiveMember[] {
    return this.placed(cameraId).map(([connection, place]) => plainMember(connection, place));
  }

  private placed(cameraId: number): Array<[PlainConnection, Place]> {
    return this.connections.inGroup(cameraRoom(cameraId)) as Array<[PlainConnection, Place]>;
  }

  private deliver(cameraId: number, notice: LiveNotice, exceptPeerId?: string): void {
    for (const [connection, place] of this.placed(cameraId)) {
      if (connection.id === exceptPeerId) continue;
      for (const [type, data] of framesOf(notice, place)) connection.send(type, data);
    }
  }

  private deliverTo(peerId: string, notice: LiveNotice): void {
    const connection = this.connections.get(peerId);
    const place = connection?.groups.get(cameraRoom(notice.cameraId)) as Place | undefined;
    if (!connection || !place) return;
    for (const [type, data] of framesOf(notice, place)) connection.send(type, data);
  }

  /** The user's viewers of the camera leave its room at once, are told why, and are closed. */
  private revokeHere(cameraId: number, userId: number): void {
    for (const [connection, place] of this.placed(cameraId)) {
      if (connection.principal.userId !== userId || place.role !== 'viewer') continue;
      sendError(connection, LiveMessage.LIVE_VIEWER_REVOKED);
      this.connections.leave(connection, cameraRoom(cameraId));
      connection.close(PlainCloseCode.REVOKED, 'viewer revoked');
    }
  }

  /** Everyone leaves the deleted camera's room, told why; its phone is closed. */
  private goneHere(cameraId: number): void {
    for (const [connection, place] of this.placed(cameraId)) {
      sendError(connection, LiveMessage.LIVE_CAMERA_GONE);
      this.connections.leave(connection, cameraRoom(cameraId));
      if (place.role === 'camera') connection.close(PlainCloseCode.REVOKED, 'camera deleted');
    }
  }

  private closeDeviceHere(cameraId: number): void {
    for (const connection of this.connections.all()) {
      if (connection.device?.cameraId === cameraId) connection.close(PlainCloseCode.SIGNED_OUT, 'device credential replaced');
    }
  }
}
