import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type DefaultEventsMap, Server, type Socket } from 'socket.io';
import { AppError } from '../http/errors';
import { type Lang, languageOf, translate } from '../http/i18n';
import type { Principal } from '../http/router';
import { RateMeter } from './meter';
import { ClusterBus } from './cluster';

/** What a connected socket knows of its user: set from the verified token or device credential only. */
export interface SocketData {
  principal: Principal;
  lang: Lang;
  /** Set for a device's socket (a camera, say): the ids that name the device, e.g. `{cameraId}`. */
  device?: Readonly<Record<string, number>>;
}

/** A signed-in device: acts for `principal` (its owner), and is the device `device` names. */
export interface DeviceSignIn {
  principal: Principal;
  device: Readonly<Record<string, number>>;
}

/**
 * Signs in a socket that is not a user's: given the handshake's `auth`, undefined when the
 * handshake is not of its kind, a sign-in when it is and checks out; it throws an AppError to refuse.
 */
export type HandshakeAuthenticator = (auth: Record<string, unknown>) => Promise<DeviceSignIn | undefined>;

export type AppSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

export interface GatewayOptions {
  app: string;
  httpServer: HttpServer;
  corsOrigins: string[];
  /** The token check the HTTP routes use, so a socket and a request are trusted alike. */
  authenticate(token: string): Promise<Principal>;
  logger: Logger;
  /** Redis joins the nodes of one deployment; without it the gateway serves this node alone. */
  redis?: { url: string; keyPrefix: string };
  /** How long a user with no socket left stays online (a page reload must not flap). */
  offlineGraceMs?: number;
  /** False once the node drains: new connections are refused, so clients reconnect to another node. */
  accepting?: () => boolean;
}

export const userRoom = (userId: number) => `user:${userId}`;
/** Every socket signed in with one session (one device's sign-in); ending the session cuts them. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** What a gateway counts for the operator console: its sockets here and the events they sent in the last minute. */
export interface GatewayCounters {
  app: string;
  sockets: number;
  users: number;
  messagesPerMinute: number;
}

/** The gateways of this process, so the console of any app sees every app running here. */
const running = new Set<Gateway>();

/** Counters of every gateway of this process, summed by app. */
export function processCounters(): GatewayCounters[] {
  const byApp = new Map<string, GatewayCounters>();
  for (const gateway of running) {
    const c = gateway.counters();
    const sum = byApp.get(c.app);
    byApp.set(c.app, sum ? { app: c.app, sockets: sum.sockets + c.sockets, users: sum.users + c.users, messagesPerMinute: sum.messagesPerMinute + c.messagesPerMinute } : c);
  }
  return [...byApp.values()].sort((a, b) => a.app.localeCompare(b.app));
}

/** How long a closing gateway waits for socket event handlers still running. */
const IN_FLIGHT_GRACE_MS = 10_000;

/**
 * The real-time gateway of one app: Socket.IO on the app's own port. Sockets prove who they are
 * with the access token in `handshake.auth.token`; each joins its user's room, so a message for a
 * user reaches all their tabs and phones on every node. Devices (MIMO's cameras) sign in with a
 * credential of their own through an app's authenticator and stay out of their owner's rooms. Presence is read from those rooms across
 * nodes, so a node that dies takes its sockets' presence with it.
 */
export class Gateway {
  readonly io: Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
  /** Messages to the app's other nodes, through the same adapter. */
  readonly cluster: ClusterBus;
  private readonly local = new Map<number, number>();
  private readonly connectionHandlers: Array<(socket: AppSocket) => void | Promise<void>> = [];
  private readonly deviceHandlers: Array<(socket: AppSocket) => void | Promise<void>> = [];
  private readonly authenticators: HandshakeAuthenticator[] = [];
  private readonly redis?: Redis;
  private readonly graceMs: number;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Event handlers still running: a node going away lets them finish before its stores close. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly closing: Array<() => Promise<void>> = [];
  private readonly joined: Promise<void>;
  private readonly messages = new RateMeter();

  constructor(private readonly options: GatewayOptions) {
    this.graceMs = options.offlineGraceMs ?? 2_000;
    if (options.redis) {
      // Lazy: the adapter's own clients are duplicates of this one, and connect before they are used.
      this.redis = new Redis(options.redis.url, { maxRetriesPerRequest: null, lazyConnect: true });
      this.redis.on('error', (err) => options.logger.warn({ err }, 'realtime redis error'));
    }
    const prefix = options.redis ? `${options.redis.keyPrefix}:${options.app}` : options.app;
    this.io = new Server(options.httpServer, {
      cors: { origin: options.corsOrigins, credentials: true },
      // A client that comes back within two minutes gets the events it missed.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
      adapter: this.redis
        ? createAdapter(this.redis, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io`, sessionKeyPrefix: `${prefix}:sio:session:` })
        : undefined,
      maxHttpBufferSize: 1_000_000,
      // A draining node takes no new connections: the client's reconnection goes on to another node.
      allowRequest: (_req, done) => (options.accepting?.() === false ? done('draining', false) : done(null, true)),
      // Upgrades to other paths may belong to another WebSocket server on this port (a plain one,
      // see plain/server.ts) that checks a token first: leave them that long before closing them.
      destroyUpgradeTimeout: 10_000,
    });
    this.cluster = new ClusterBus(this.io, Boolean(this.redis), options.logger);

    this.io.use(async (socket, next) => {
      const lang = languageOf(socket.handshake.headers['accept-language']);
      const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
      try {
        Object.assign(socket.data, await this.signIn(auth));
        socket.data.lang = lang;
        next();
      } catch (error) {
        // A token we refuse is the client's to fix; a check we could not make (the database busy
        // or down) is ours, and the client should simply try again.
        const code = error instanceof AppError ? error.code : 'SERVICE_UNAVAILABLE';
        if (!(error instanceof AppError)) options.logger.warn({ err: error }, 'socket sign-in could not be checked');
        // The reason reaches the client as connect_error: message is the code, data the words.
        next(Object.assign(new Error(code), { data: { code, message: translate(lang, code) } }));
      }
    });
    this.io.on('connection', (socket) => void this.connected(socket));
    this.joined = this.redis ? this.joinNodes(this.redis, `${prefix}:socket.io`) : Promise.resolve();
    running.add(this);
  }

  /** False while this node drains: every transport of the app refuses new connections then. */
  get accepting(): boolean {
    return this.options.accepting?.() !== false;
  }

  /** Sockets and signed-in users on this node, and the events its sockets sent in the last minute. */
  counters(): GatewayCounters {
    return { app: this.options.app, sockets: this.io.of('/').sockets.size, users: this.local.size, messagesPerMinute: this.messages.perMinute() };
  }

  /**
   * Cuts every socket signed in with these sessions, on every node: each hears `sessionEnded
   * {reason}` and is disconnected (the client does not reconnect by itself).
   */
  endSessions(sessionIds: string[], reason: string): void {
    const rooms = sessionIds.map(sessionRoom);
    this.io.to(rooms).emit('sessionEnded', { reason });
    this.io.in(rooms).disconnectSockets();
  }

  /**
   * Who a handshake's `auth` signs in: a user by the access token in `token`, else a device through
   * the app's authenticators. Throws an AppError to refuse. Every socket of the app, whatever its
   * transport, is signed in here.
   */
  async signIn(auth: Record<string, unknown>): Promise<{ principal: Principal; device?: DeviceSignIn['device'] }> {
    if (typeof auth.token === 'string' && auth.token) return { principal: await this.options.authenticate(auth.token) };
    return this.signInDevice(auth);
  }

  /** Resolves once this node hears the other nodes: Redis connected and the adapter subscribed. */
  ready(): Promise<void> {
    return this.joined;
  }

  /**
   * Adds what an app does with each new socket (join its rooms, send its counts, listen). All
   * handlers start together as the socket connects; one that listens should do so before it awaits.
   */
  onConnection(handler: (socket: AppSocket) => void | Promise<void>): void {
    this.connectionHandlers.push(handler);
  }

  /**
   * Lets other kinds of clients sign in: a handshake without a user's `token` is offered to each
   * authenticator in turn (see HandshakeAuthenticator). Their sockets go to `onDeviceConnection`.
   */
  useAuthenticator(authenticator: HandshakeAuthenticator): void {
    this.authenticators.push(authenticator);
  }

  /**
   * Adds what an app does with each new device socket. A device is not its owner: it joins no
   * user room, does not make its owner online, and the `onConnection` handlers never see it.
   */
  onDeviceConnection(handler: (socket: AppSocket) => void | Promise<void>): void {
    this.deviceHandlers.push(handler);
  }

  /** Sends an event to every socket of a user, on any node. */
  toUser(userId: number, event: string, ...payload: unknown[]): void {
    this.io.to(userRoom(userId)).emit(event, ...payload);
  }

  /** Whether the user has a socket on any node. */
  async isOnline(userId: number): Promise<boolean> {
    return (await this.io.in(userRoom(userId)).fetchSockets()).length > 0;
  }

  /** Of these users, those with a socket on any node. */
  async onlineOf(userIds: number[]): Promise<Set<number>> {
    if (!userIds.length) return new Set();
    // One question to every node for all the users' rooms.
    const sockets = await this.io.in(userIds.map(userRoom)).fetchSockets();
    const wanted = new Set(userIds);
    return new Set(sockets.map((socket) => socket.data.principal?.userId).filter((id): id is number => id !== undefined && wanted.has(id)));
  }

  /**
   * Runs first when the gateway closes, while the nodes still hear each other: another transport
   * of the app (a plain WebSocket server) closes its connections and tells of their departures.
   */
  onClose(handler: () => Promise<void>): void {
    this.closing.push(handler);
  }

  async close(): Promise<void> {
    running.delete(this);
    // Closing half-way through the start would leave the adapter's subscription failing unheard.
    await this.joined.catch(() => undefined);
    await Promise.allSettled(this.closing.map((handler) => handler()));
    for (const timer of this.timers) clearTimeout(timer);
    this.reconnectElsewhere();
    // A message being saved when its socket went still gets saved and sent to its room; only the
    // acknowledgement is lost, and the client's retry on another node finds the message saved.
    await Promise.race([Promise.allSettled(this.inFlight), new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_GRACE_MS).unref())]);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /**
   * Drops every socket of this node at the transport, sending no "disconnect": clients take it
   * as a lost connection and reconnect (to another node, as this one refuses them now), and with
   * Redis they recover their rooms and the events sent meanwhile.
   */
  private reconnectElsewhere(): void {
    for (const socket of this.io.of('/').sockets.values()) socket.conn.close();
  }

  private async joinNodes(redis: Redis, channelPrefix: string) {
    await redis.connect();
    // The adapter subscribes on a client of its own; its private channel shows when it has.
    const channel = `${channelPrefix}#/#${(this.io.of('/').adapter as unknown as { uid: string }).uid}#`;
    for (let waited = 0; waited < 10_000; waited += 10) {
      const [, subscribers] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(subscribers) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the realtime adapter did not subscribe to ${channel}`);
  }

  private async signInDevice(auth: Record<string, unknown>): Promise<DeviceSignIn> {
    for (const authenticate of this.authenticators) {
      const signedIn = await authenticate(auth);
      if (signedIn) return signedIn;
    }
    throw new AppError(401, 'UNAUTHORIZED');
  }

  /** Wraps the socket's listeners so the gateway knows which of them are still at work. */
  private trackHandlers(socket: AppSocket) {
    const on = socket.on.bind(socket);
    socket.on = ((event: string, listener: (...args: unknown[]) => unknown) =>
      on(event as never, ((...args: unknown[]) => {
        const result = listener(...args);
        if (result instanceof Promise) {
          this.inFlight.add(result);
          void result.catch(() => undefined).finally(() => this.inFlight.delete(result));
        }
        return result;
      }) as never)) as AppSocket['on'];
  }

  private async connected(socket: AppSocket) {
    socket.onAny(() => this.messages.tick());
    this.trackHandlers(socket);
    if (socket.data.device) return this.runHandlers(this.deviceHandlers, socket);
    const { userId, sessionId } = socket.data.principal;
    await socket.join([userRoom(userId), sessionRoom(sessionId)]);
    const count = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, count);
    // The first socket here says the user is online; another node may say so too, which is harmless.
    if (count === 1 && !socket.recovered) this.io.emit('userOnline', { userId });
    socket.on('disconnect', () => this.disconnected(userId));
    await this.runHandlers(this.connectionHandlers, socket);
  }

  private async runHandlers(handlers: Array<(socket: AppSocket) => void | Promise<void>>, socket: AppSocket) {
    // Every handler starts in this tick, before any waits: a handler that listens for client events
    // must be listening before the client's first event arrives, whatever another handler awaits.
    const started = handlers.map(async (handler) => handler(socket));
    for (const result of await Promise.allSettled(started)) {
      if (result.status === 'rejected') this.options.logger.error({ err: result.reason }, 'socket connection handler failed');
    }
  }

  private disconnected(userId: number) {
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
        .then((online) => {
          if (!online) this.io.emit('userOffline', { userId });
        })
        .catch((err) => this.options.logger.warn({ err }, 'presence check failed'));
    }, this.graceMs);
    this.timers.add(timer);
  }
}
