import { type SocketData, userRoom } from '../../../platform/realtime/gateway';
import { type MimoGateway, LiveSocketEvent } from './events';
import { type LiveMember, type LiveNotice, type LiveRoster, isCameraOf } from './members';
import { LiveEvent, cameraRoom } from './rooms';

/** A Socket.IO socket, here or on another node, as a member of a camera's room. */
export function socketMember(socket: { id: string; data: Partial<SocketData>; handshake: { issued: number } }, cameraId: number): LiveMember {
  return {
    peerId: socket.id,
    userId: socket.data.principal!.userId,
    role: isCameraOf(socket.data, cameraId) ? 'camera' : 'viewer',
    transport: 'socket.io',
    joinedAt: socket.handshake.issued,
  };
}

/** Where a notice goes: a room, or one socket, on any node. */
type Audience = ReturnType<MimoGateway['io']['to']>;

/** Tells the audience a notice as its Socket.IO event (the same payload for every recipient). */
function tellTo(audience: Audience, notice: LiveNotice): void {
  const { cameraId } = notice;
  switch (notice.kind) {
    case 'viewer-joined':
    case 'viewer-left': {
      const event = notice.kind === 'viewer-joined' ? LiveSocketEvent.VIEWER_JOINED : LiveSocketEvent.VIEWER_LEFT;
      audience.emit(event, { cameraId, userId: notice.viewer.userId, viewerId: notice.viewer.peerId, viewerCount: notice.viewerCount });
      return;
    }
    case 'camera-connected':
    case 'camera-disconnected': {
      const event = notice.kind === 'camera-connected' ? LiveSocketEvent.CAMERA_CONNECTED : LiveSocketEvent.CAMERA_DISCONNECTED;
      audience.emit(event, { cameraId, cameraSocketId: notice.camera.peerId });
      return;
    }
    case 'signal': {
      const { from, signal } = notice;
      const sender = { cameraId, from: from.peerId, role: from.role, userId: from.userId };
      if (signal.kind === 'ice') audience.emit(LiveSocketEvent.RTC_ICE, { ...sender, candidate: signal.candidate });
      else audience.emit(signal.kind === 'offer' ? LiveSocketEvent.RTC_OFFER : LiveSocketEvent.RTC_ANSWER, { ...sender, sdp: signal.sdp });
    }
  }
}

/**
 * The Socket.IO share of the live rooms: a camera's room is the Socket.IO room `camera:<id>`, read
 * on every node through the adapter, so nothing is kept that could drift from the sockets.
 */
export class SocketIoRoster implements LiveRoster {
  readonly transport = 'socket.io' as const;

  constructor(private readonly gateway: MimoGateway) {}

  async members(cameraId: number): Promise<LiveMember[]> {
    const sockets = await this.gateway.io.in(cameraRoom(cameraId)).fetchSockets();
    return sockets.map((socket) => socketMember(socket, cameraId));
  }

  nearby(cameraId: number, id: string): LiveMember | undefined {
    const socket = this.gateway.io.sockets.sockets.get(id);
    return socket?.rooms.has(cameraRoom(cameraId)) ? socketMember(socket, cameraId) : undefined;
  }

  tell(cameraId: number, notice: LiveNotice, exceptPeerId?: string): void {
    const room = this.gateway.io.to(cameraRoom(cameraId));
    tellTo(exceptPeerId ? room.except(exceptPeerId) : room, notice);
  }

  tellMember(member: LiveMember, notice: LiveNotice): void {
    tellTo(this.gateway.io.to(member.peerId), notice);
  }

  revoke(cameraId: number, userId: number, ownerId: number | undefined): void {
    const { io } = this.gateway;
    const notice = { cameraId, userId };
    // The user's sockets that were watching are told and closed on every node (as plain ones are),
    // so neither a live call nor a recovered connection outlives the right to watch. Closing is
    // what takes them out of the camera's room: a separate socketsLeave could reach another node
    // before the close request did, which then found none of the user's sockets in the room.
    this.gateway.closeSockets({ rooms: [cameraRoom(cameraId)], userId, notice: { event: LiveEvent.VIEWER_REVOKED, payload: notice } });
    io.to([userRoom(userId), ...(ownerId === undefined ? [] : [userRoom(ownerId)])]).emit(LiveEvent.VIEWER_REVOKED, notice);
  }

  async cameraGone(cameraId: number, viewerIds: number[]): Promise<void> {
    for (const viewerId of viewerIds) this.gateway.toUser(viewerId, LiveEvent.VIEWER_REVOKED, { cameraId, userId: viewerId });
    await this.disconnectDevice(cameraId);
    this.gateway.io.in(cameraRoom(cameraId)).socketsLeave(cameraRoom(cameraId));
  }

  async disconnectDevice(cameraId: number): Promise<void> {
    const phones = (await this.members(cameraId)).filter((m) => m.role === 'camera').map((m) => m.peerId);
    if (phones.length) this.gateway.io.in(phones).disconnectSockets(true);
  }
}
