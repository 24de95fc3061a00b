import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { isPlatformRoom } from './rooms';

/** Whether a socket, as it has just signed in again, may be back in an app's room (a chat, a camera). */
export type RoomGuard = (socket: Socket, room: string) => Promise<boolean>;

interface StoredSession {
  sid: string;
  pid: string;
  rooms: string[];
  data: { principal?: { userId: number }; device?: Record<string, number> };
  /** Each is `[event, ...args, offset]`. */
  missedPackets: unknown[][];
}

type Restore = (pid: string, offset: string) => Promise<StoredSession | null>;

/**
 * Connection state recovery that signs in again. Socket.IO restores a session (its rooms, its data,
 * the packets it missed) when the socket is created, before any middleware runs; left alone, an old
 * session id and offset would give a signed-out user, a removed chat member or a revoked camera
 * viewer their rooms and missed messages back. So the adapter restores nothing by itself; the
 * sign-in middleware calls `resume` once the socket has proved who it is, and the session comes
 * back only when it is the same user (or device) and every one of its app rooms still lets them in,
 * as each room's guard says now. Otherwise the socket starts afresh: no rooms, no missed packets,
 * `recovered` false (the client then reloads its state, as after any new connection).
 */
export class Recovery {
  private readonly guards: Array<{ prefix: string; allows: RoomGuard }> = [];
  private readonly accepted = new WeakMap<Socket, { rooms: string[]; missed: unknown[][] }>();
  private readonly restore: Restore;

  constructor(
    io: Server,
    private readonly logger: Logger,
  ) {
    const adapter = io.of('/').adapter as unknown as { restoreSession: Restore };
    this.restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async () => null;
  }

  /** Says who may be back in the rooms whose names start with `prefix` after a reconnection. */
  guard(prefix: string, allows: RoomGuard): void {
    this.guards.push({ prefix, allows });
  }

  /** In the sign-in middleware, after the socket proved who it is: restores its session when it may. */
  async resume(socket: Socket): Promise<void> {
    const { pid, offset } = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    if (typeof pid !== 'string' || typeof offset !== 'string') return;
    let session: StoredSession | null;
    try {
      session = await this.restore(pid, offset);
    } catch {
      return; // expired, unknown, or an offset the stream no longer has: a fresh start
    }
    if (!session || !sameActor(session.data, socket.data)) return;
    const rooms = session.rooms.filter((room) => room !== session.sid && !isPlatformRoom(room));
    for (const room of rooms) {
      if (!(await this.allows(socket, room))) return;
    }
    // What Socket.IO itself sets on a recovered socket (Socket.IO 4's own fields): the client
    // learns it was recovered by getting its session id back.
    Object.assign(socket, { pid: session.pid, recovered: true });
    this.accepted.set(socket, { rooms, missed: session.missedPackets });
  }

  /** On connection: the recovered socket rejoins its rooms and gets what it missed, in order. */
  replay(socket: Socket): void {
    const session = this.accepted.get(socket);
    if (!session) return;
    this.accepted.delete(socket);
    void socket.join(session.rooms);
    for (const packet of session.missed) {
      const [event, ...args] = packet;
      args.pop(); // its old offset; emitting gives it a new one
      socket.emit(String(event), ...args);
    }
  }

  private async allows(socket: Socket, room: string): Promise<boolean> {
    const guard = this.guards.find((g) => room.startsWith(g.prefix));
    if (!guard) return false;
    try {
      return await guard.allows(socket, room);
    } catch (err) {
      this.logger.warn({ err, room }, 'recovered room could not be checked');
      return false;
    }
  }
}

/** The restored session was this user's (or this device's), whatever session the new token names. */
function sameActor(before: StoredSession['data'], now: Socket['data']): boolean {
  const current = now as StoredSession['data'];
  if (before.principal?.userId !== current.principal?.userId) return false;
  return JSON.stringify(before.device ?? null) === JSON.stringify(current.device ?? null);
}
