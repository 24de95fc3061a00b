import type { AppSocket, Gateway, SocketData } from '../../../platform/realtime/gateway';
import { cameraRoom } from './rooms';

/** A socket in a live room, on this node or another: what the live view needs to know of it. */
export interface LivePeer {
  id: string;
  rooms: Set<string>;
  data: Partial<SocketData>;
}

/** Whether the socket is the device socket of this camera (and not a viewer). */
export const isCameraOf = (data: Partial<SocketData>, cameraId: number) => data.device?.cameraId === cameraId;

/** A viewer in a camera's room: the socket watching, and its user. */
export interface LiveViewer {
  viewerId: string;
  userId: number;
}

/**
 * Who is in a camera's live room, read from the rooms themselves on every node (the Redis
 * adapter asks the others), so nothing is kept that could drift from the sockets.
 */
export class LiveMembers {
  constructor(private readonly gateway: Gateway) {}

  /** The camera's device sockets and its viewers' sockets now. */
  async of(cameraId: number): Promise<{ cameraSocketIds: string[]; viewers: LiveViewer[] }> {
    const sockets = await this.gateway.io.in(cameraRoom(cameraId)).fetchSockets();
    const cameraSocketIds: string[] = [];
    const viewers: LiveViewer[] = [];
    for (const socket of sockets) {
      if (isCameraOf(socket.data, cameraId)) cameraSocketIds.push(socket.id);
      else viewers.push({ viewerId: socket.id, userId: socket.data.principal.userId });
    }
    return { cameraSocketIds, viewers };
  }

  /** How many sockets are watching the camera (a user with two tabs open counts twice). */
  async viewerCount(cameraId: number): Promise<number> {
    return (await this.of(cameraId)).viewers.length;
  }

  /** One socket by its id: looked up here first, then on the other nodes. */
  async peer(socketId: string): Promise<LivePeer | undefined> {
    const local: AppSocket | undefined = this.gateway.io.sockets.sockets.get(socketId);
    if (local) return { id: local.id, rooms: local.rooms, data: local.data };
    const [remote] = await this.gateway.io.in(socketId).fetchSockets();
    return remote && remote.id === socketId ? { id: remote.id, rooms: remote.rooms, data: remote.data } : undefined;
  }
}
