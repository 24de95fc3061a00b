import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { userRoom } from './rooms';

/** The users who may see whether `userId` is online: those the app says share something with them. */
export type PresenceAudience = (userId: number) => Promise<number[]>;

/**
 * Who is online, told only to those who may know: `userOnline {userId}` when a user's first socket
 * connects and `userOffline {userId}` once none of theirs is left on any node for the grace period
 * (a reload does not flap). The app says who the audience is (FitMate: people sharing a chat room,
 * MIMO: people sharing a camera); an app that names none has no presence at all.
 */
export class Presence {
  private closed = false;
  private readonly local = new Map<number, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private audience?: PresenceAudience;

  constructor(
    private readonly io: Server,
    private readonly graceMs: number,
    private readonly logger: Logger,
    private readonly isOnline: (userId: number) => Promise<boolean>,
  ) {}

  /** Users with a socket on this node. */
  get localUsers(): number {
    return this.local.size;
  }

  setAudience(audience: PresenceAudience): void {
    this.audience = audience;
  }

  /** A socket of the user connected here; a recovered one was never seen to go. */
  arrived(userId: number, recovered: boolean): void {
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    // The first socket here says the user is online; another node may say so too, which is harmless.
    if (count === 1 && !recovered) void this.tell(userId, 'userOnline');
  }

  left(userId: number): void {
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    // Offline only when no socket is left anywhere after the grace: a reload or a network blip
    // does not flap, and two nodes losing the last sockets at once still tell.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.isOnline(userId)
        .then((online) => (online ? undefined : this.tell(userId, 'userOffline')))
        .catch((err) => this.logger.warn({ err }, 'presence check failed'));
    }, this.graceMs);
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private async tell(userId: number, event: 'userOnline' | 'userOffline'): Promise<void> {
    if (!this.audience) return;
    try {
      const audience = (await this.audience(userId)).filter((id) => id !== userId);
      // Closed meanwhile: the adapter's connection to the other nodes may be gone already.
      if (audience.length && !this.closed) this.io.to(audience.map(userRoom)).emit(event, { userId });
    } catch (err) {
      this.logger.warn({ err, userId }, 'presence audience could not be read');
    }
  }
}
