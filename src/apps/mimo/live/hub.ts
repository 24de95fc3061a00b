import { LRUCache } from 'lru-cache';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../../platform/db/database';
import { conflict, forbidden, notFound } from '../../../platform/http/errors';
import { AccessMessage, type CameraAccess, type CameraRole } from '../cameras/access';
import type { CameraStatus, StatusChange } from '../cameras/status';
import { cameraViewers, cameras } from '../cameras/tables';
import { type LiveMember, type LiveNotice, type LiveRoster, type Signal, type Transport, newest } from './members';
import { LiveMessage } from './messages';

/** How a transport puts one of its peers into a camera's room, or takes it out. */
export interface Seat {
  member: LiveMember;
  /** Whether the peer is in the room already. */
  isIn: boolean;
  enter(): Promise<void>;
  exit(): Promise<void>;
}

export interface JoinAnswer {
  role: CameraRole;
  status: StatusChange['status'];
  lastSeen: Date | null;
  name: string;
  viewerCount: number;
  /** The camera's phone now in the room, if any (the newest when it reconnected). */
  camera?: LiveMember;
  /** Whether this call brought the peer in (false when it was there already). */
  joined: boolean;
}

/** Remembered device ids (they never change once a camera is registered); bounded, cleared when full. */
const DEVICE_IDS_KEPT = 10_000;

/**
 * The live view's one signalling core, for both transports (Socket.IO and the app's plain
 * WebSocket). It decides who may enter a camera's room (the owner or a paired viewer; the camera's
 * own phone), who may signal whom (only between the camera and one viewer, both in the room now),
 * keeps the room's counts and tells the room of every arrival and departure. Transports bring
 * their peers in through a Seat and say things in their own words through their roster; neither
 * holds a rule of its own.
 */
export class LiveHub {
  private readonly rosters: Map<Transport, LiveRoster>;
  private readonly deviceIds = new LRUCache<number, string>({ max: DEVICE_IDS_KEPT });

  constructor(
    private readonly o: { db: Db; access: CameraAccess; status: CameraStatus; logger: Logger },
    rosters: LiveRoster[],
  ) {
    this.rosters = new Map(rosters.map((roster) => [roster.transport, roster]));
  }

  /** Everyone in the camera's room, on every node and transport. */
  async members(cameraId: number): Promise<LiveMember[]> {
    return (await Promise.all([...this.rosters.values()].map((roster) => roster.members(cameraId)))).flat();
  }

  /** How many connections are watching (a user with two phones counts twice). */
  async viewerCount(cameraId: number): Promise<number> {
    return (await this.members(cameraId)).filter((m) => m.role === 'viewer').length;
  }

  /**
   * A user's peer starts watching: the owner or a paired viewer only (anyone else: not found).
   * The room hears `viewer-joined` with the new count, once.
   */
  async join(userId: number, cameraId: number, seat: Seat): Promise<JoinAnswer> {
    const role = await this.o.access.requireAccess(userId, cameraId);
    const joining = !seat.isIn;
    if (joining) {
      await seat.enter();
      // A revocation between the check and the entry found nobody to take out of the room.
      if (!(await this.o.access.roleOf(userId, cameraId))) {
        await seat.exit();
        throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      }
    }
    const [camera, present] = await Promise.all([this.cameraRow(cameraId), this.members(cameraId)]);
    // A viewer's own name for itself must not be the camera's address or another member's.
    const { alias, peerId } = seat.member;
    if (alias !== undefined && (alias === camera.deviceId || present.some((m) => m.peerId !== peerId && (m.alias === alias || m.peerId === alias)))) {
      if (joining) await seat.exit();
      throw conflict(LiveMessage.LIVE_VIEWER_ID_TAKEN);
    }
    const viewerCount = present.filter((m) => m.role === 'viewer').length;
    if (joining) {
      this.tell(cameraId, { kind: 'viewer-joined', cameraId, deviceId: camera.deviceId, viewer: seat.member, viewerCount }, seat.member.peerId);
      if (role === 'viewer') {
        await this.o.db
          .update(cameraViewers)
          .set({ lastViewedAt: new Date() })
          .where(and(eq(cameraViewers.cameraId, cameraId), eq(cameraViewers.userId, userId)));
      }
    }
    const cameraMember = newest(present.filter((m) => m.role === 'camera'));
    return { role, status: camera.status, lastSeen: camera.lastSeen, name: camera.name, viewerCount, camera: cameraMember, joined: joining };
  }

  /** A viewer left the room, however it left; the room hears it with the new count. */
  async viewerLeft(cameraId: number, viewer: LiveMember): Promise<void> {
    const [viewerCount, deviceId] = await Promise.all([this.viewerCount(cameraId), this.deviceIdOf(cameraId)]);
    this.tell(cameraId, { kind: 'viewer-left', cameraId, deviceId, viewer, viewerCount });
  }

  /**
   * The camera's phone is in its room: the camera is online now and the room hears it. Undefined
   * when the camera is gone (deleted while its phone was connecting).
   */
  async cameraArrived(cameraId: number, camera: LiveMember): Promise<StatusChange | undefined> {
    const change = await this.o.status.markOnline(cameraId);
    if (change) this.tell(cameraId, { kind: 'camera-connected', cameraId, deviceId: await this.deviceIdOf(cameraId), camera }, camera.peerId);
    return change;
  }

  /** The camera's phone left its room; with no phone of it left anywhere, it is offline. */
  async cameraLeft(cameraId: number, camera: LiveMember): Promise<void> {
    this.tell(cameraId, { kind: 'camera-disconnected', cameraId, deviceId: await this.deviceIdOf(cameraId), camera });
    // A phone that reconnected before this one was noticed gone keeps its camera online.
    if (!(await this.members(cameraId)).some((m) => m.role === 'camera')) await this.o.status.markOffline(cameraId);
  }

  /** The camera's phone is still there (a heartbeat); undefined when the camera is gone. */
  beat(cameraId: number): Promise<StatusChange | undefined> {
    return this.o.status.markOnline(cameraId);
  }

  /**
   * Relays a signal from a member to the peer `to` names (its peer id, its alias, or the camera's
   * device id for the camera's phone). Both must be in the camera's room now and exactly one of
   * them the camera's phone: viewers never reach each other, and nothing crosses cameras.
   */
  async relay(from: LiveMember | undefined, cameraId: number, to: string, signal: Signal): Promise<LiveMember> {
    if (!from) throw forbidden(LiveMessage.LIVE_NOT_JOINED);
    const target = to === from.peerId ? undefined : await this.find(cameraId, to);
    if (!target || target.peerId === from.peerId) throw notFound(LiveMessage.RTC_PEER_NOT_FOUND);
    if ((from.role === 'camera') === (target.role === 'camera')) throw forbidden(LiveMessage.RTC_RELAY_REFUSED);
    this.roster(target).tellMember(target, { kind: 'signal', cameraId, deviceId: await this.deviceIdOf(cameraId), from, to: target, signal });
    return target;
  }

  /** The owner removed a viewer: their connections leave the room at once, on every transport. */
  revoke(cameraId: number, userId: number, ownerId: number | undefined): void {
    for (const roster of this.rosters.values()) roster.revoke(cameraId, userId, ownerId);
  }

  /** The camera was deleted: its phone is closed and its room emptied. */
  async cameraGone(cameraId: number, viewerIds: number[]): Promise<void> {
    this.deviceIds.delete(cameraId);
    await Promise.all([...this.rosters.values()].map((roster) => roster.cameraGone(cameraId, viewerIds)));
  }

  /** The camera's device credential was replaced: connections signed in with the old one are closed. */
  async disconnectDevice(cameraId: number): Promise<void> {
    await Promise.all([...this.rosters.values()].map((roster) => roster.disconnectDevice(cameraId)));
  }

  /** The camera's device id: its address in the app's protocol. */
  async deviceIdOf(cameraId: number): Promise<string> {
    const known = this.deviceIds.get(cameraId);
    if (known !== undefined) return known;
    const [row] = await this.o.db.select({ deviceId: cameras.deviceId }).from(cameras).where(eq(cameras.id, cameraId)).limit(1);
    if (!row) return String(cameraId);
    this.deviceIds.set(cameraId, row.deviceId);
    return row.deviceId;
  }

  private tell(cameraId: number, notice: LiveNotice, exceptPeerId?: string): void {
    for (const roster of this.rosters.values()) roster.tell(cameraId, notice, exceptPeerId);
  }

  private roster(member: LiveMember): LiveRoster {
    return this.rosters.get(member.transport)!;
  }

  /**
   * A member of the room by the camera's device id (its phone, the newest), by peer id, or by
   * alias, in that order: looked for on this node first, then everywhere.
   */
  private async find(cameraId: number, id: string): Promise<LiveMember | undefined> {
    const deviceId = await this.deviceIdOf(cameraId);
    const pick = (members: LiveMember[]) =>
      id === deviceId
        ? newest(members.filter((m) => m.role === 'camera'))
        : (members.find((m) => m.peerId === id) ?? newest(members.filter((m) => m.alias === id)));
    const here = [...this.rosters.values()].map((roster) => roster.nearby(cameraId, id)).filter((m): m is LiveMember => m !== undefined);
    return pick(here) ?? pick(await this.members(cameraId));
  }

  private async cameraRow(cameraId: number) {
    const [row] = await this.o.db
      .select({ name: cameras.name, deviceId: cameras.deviceId, status: cameras.status, lastSeen: cameras.lastSeen })
      .from(cameras)
      .where(eq(cameras.id, cameraId))
      .limit(1);
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    return row;
  }
}
