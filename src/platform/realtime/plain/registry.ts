import type { Lang } from '../../http/i18n';
import type { Principal } from '../../http/router';
import type { SessionsEnded } from '../../auth/session-end';
import type { ClusterBus } from '../cluster';
import type { DeviceSignIn } from '../gateway';

/** Close codes the registry uses (4000–4999 are the application's own). */
export const PlainCloseCode = {
  /** The session or user was signed out while connected. */
  SIGNED_OUT: 4401,
  /** The app took the connection's right away (a viewer revoked, say). */
  REVOKED: 4403,
  /** The server is going away. */
  GOING_AWAY: 1001,
} as const;

/** One plain WebSocket client: who it is, the groups it is in, and how to reach it. */
export interface PlainConnection {
  readonly id: string;
  readonly principal: Principal;
  /** Set when a device (a camera) signed in with its own credential. */
  readonly device?: DeviceSignIn['device'];
  readonly lang: Lang;
  /** The groups it is in, each with what the app keeps about its place there. */
  readonly groups: ReadonlyMap<string, unknown>;
  /** Sends one `{type, data}` frame. */
  send(type: string, data?: unknown): void;
  close(code: number, reason: string): void;
}

type LeaveHandler = (connection: PlainConnection, group: string, info: unknown) => void | Promise<void>;

const EVENTS = { send: 'plain:send', close: 'plain:close', closeUser: 'plain:close-user', closeSession: 'plain:close-session' } as const;

/**
 * Every plain WebSocket connection of this node, by id, user and session, and the groups they are
 * in (an app's rooms). What is asked by id, user or session reaches the connection on whichever
 * node holds it, through the cluster bus; groups are this node's, and an app that needs them
 * across nodes asks the bus itself.
 */
export class PlainConnections {
  private readonly byId = new Map<string, PlainConnection & { groups: Map<string, unknown> }>();
  private readonly byUser = new Map<number, Set<string>>();
  private readonly bySession = new Map<string, Set<string>>();
  private readonly members = new Map<string, Map<string, unknown>>();
  private readonly leaveHandlers: LeaveHandler[] = [];
  /** Departures still being told (a handler's promise), so a closing server can wait for them. */
  private readonly departing = new Set<Promise<void>>();

  constructor(private readonly bus: ClusterBus) {
    bus.on(EVENTS.send, (id: string, type: string, data: unknown) => this.byId.get(id)?.send(type, data));
    bus.on(EVENTS.close, (id: string, code: number, reason: string) => this.byId.get(id)?.close(code, reason));
    bus.on(EVENTS.closeUser, (userId: number, code: number, reason: string) => this.closeLocal(this.byUser.get(userId), code, reason));
    bus.on(EVENTS.closeSession, (sessionId: string, code: number, reason: string) => this.closeLocal(this.bySession.get(sessionId), code, reason));
  }

  get(id: string): PlainConnection | undefined {
    return this.byId.get(id);
  }

  /** This node's connections of a user. */
  ofUser(userId: number): PlainConnection[] {
    return [...(this.byUser.get(userId) ?? [])].map((id) => this.byId.get(id)!);
  }

  /** This node's connections in a group, with what the app keeps about each. */
  inGroup(group: string): Array<[PlainConnection, unknown]> {
    return [...(this.members.get(group) ?? [])].map(([id, info]) => [this.byId.get(id)!, info]);
  }

  /** Puts the connection in a group (or updates what is kept about it there). */
  join(connection: PlainConnection, group: string, info: unknown): void {
    const own = this.byId.get(connection.id);
    if (!own) return;
    own.groups.set(group, info);
    let members = this.members.get(group);
    if (!members) this.members.set(group, (members = new Map()));
    members.set(connection.id, info);
  }

  /** Takes the connection out of a group; the leave handlers hear it. Whether it was there. */
  leave(connection: PlainConnection, group: string): boolean {
    const own = this.byId.get(connection.id);
    if (!own?.groups.has(group)) return false;
    const info = own.groups.get(group);
    own.groups.delete(group);
    const members = this.members.get(group);
    members?.delete(connection.id);
    if (members?.size === 0) this.members.delete(group);
    for (const handler of this.leaveHandlers) {
      const told = Promise.resolve(handler(connection, group, info)).catch(() => undefined);
      this.departing.add(told);
      void told.finally(() => this.departing.delete(told));
    }
    return true;
  }

  /** Resolves once every departure begun so far has been told. */
  async drained(): Promise<void> {
    await Promise.all([...this.departing]);
  }

  /** Runs whenever a connection leaves a group, by `leave` or by closing. */
  onLeave(handler: LeaveHandler): void {
    this.leaveHandlers.push(handler);
  }

  /** Sends a frame to a connection on any node. */
  send(id: string, type: string, data?: unknown): void {
    const local = this.byId.get(id);
    if (local) local.send(type, data);
    else this.bus.publish(EVENTS.send, id, type, data);
  }

  /** Closes a connection on any node. */
  close(id: string, code: number, reason: string): void {
    const local = this.byId.get(id);
    if (local) local.close(code, reason);
    else this.bus.publish(EVENTS.close, id, code, reason);
  }

  /** Closes every connection of the user, on every node. */
  closeUser(userId: number, code: number = PlainCloseCode.SIGNED_OUT, reason = 'signed out'): void {
    this.closeLocal(this.byUser.get(userId), code, reason);
    this.bus.publish(EVENTS.closeUser, userId, code, reason);
  }

  /** Closes every connection signed in with the session, on every node. */
  closeSession(sessionId: string, code: number = PlainCloseCode.SIGNED_OUT, reason = 'signed out'): void {
    this.closeLocal(this.bySession.get(sessionId), code, reason);
    this.bus.publish(EVENTS.closeSession, sessionId, code, reason);
  }

  /**
   * This node's connections a session end reaches: those signed in with one of the sessions, and
   * every one acting for the user (devices included) when the account's sessions all ended.
   */
  endedHere(ended: SessionsEnded): PlainConnection[] {
    const ids = new Set(ended.sessionIds.flatMap((sessionId) => [...(this.bySession.get(sessionId) ?? [])]));
    if (ended.account) for (const id of this.byUser.get(ended.userId) ?? []) ids.add(id);
    return [...ids].map((id) => this.byId.get(id)!);
  }

  /** The connection now acts for a fresh token's session (same user): it closes when that one ends. */
  moveSession(connection: PlainConnection, sessionId: string): void {
    unindex(this.bySession, connection.principal.sessionId, connection.id);
    index(this.bySession, sessionId, connection.id);
  }

  /** Every connection of this node (the server closes them when it stops). */
  all(): PlainConnection[] {
    return [...this.byId.values()];
  }

  /** Called by the server as a connection opens. */
  add(connection: PlainConnection & { groups: Map<string, unknown> }): void {
    this.byId.set(connection.id, connection);
    index(this.byUser, connection.principal.userId, connection.id);
    index(this.bySession, connection.principal.sessionId, connection.id);
  }

  /** Called by the server once a connection has closed (or as it closes them): it leaves its groups, then the registry. */
  remove(connection: PlainConnection): void {
    if (!this.byId.has(connection.id)) return;
    for (const group of [...connection.groups.keys()]) this.leave(connection, group);
    this.byId.delete(connection.id);
    unindex(this.byUser, connection.principal.userId, connection.id);
    unindex(this.bySession, connection.principal.sessionId, connection.id);
  }

  private closeLocal(ids: Set<string> | undefined, code: number, reason: string): void {
    for (const id of [...(ids ?? [])]) this.byId.get(id)?.close(code, reason);
  }
}

function index<K>(map: Map<K, Set<string>>, key: K, id: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function unindex<K>(map: Map<K, Set<string>>, key: K, id: string) {
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
}
