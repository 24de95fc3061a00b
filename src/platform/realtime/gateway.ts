import type { IncomingHttpHeaders, Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type DefaultEventsMap, Server, type Socket } from 'socket.io';
import type { RateLimit } from '../../config';
import { AuthMessage } from '../auth/messages';
import type { SessionsEnded, SessionsEndedListener } from '../auth/session-end';
import type { Cache } from '../cache';
import { AppError } from '../http/errors';
import { type Lang, type MessageCatalog, languageOf } from '../http/i18n';
import { RateLimiter } from '../http/rate-limit';
import type { Principal } from '../http/router';
import { AdapterClient, ClusterBus } from './cluster';
import { RateMeter } from './meter';
import { type PresenceAudience, Presence } from './presence';
import { type RoomGuard, Recovery } from './recovery';
import { devicesRoom, sessionRoom, userRoom } from './rooms';
import type { DeviceAuth, DeviceSignIn } from '../auth/devices';
import { type ListenOptions, type SocketListener, socketListener } from './listen';
import { type SocketErrors, guardPackets } from './socket-guard';
import { TokenLife } from './token-life';

export { userRoom } from './rooms';
export { AUTH_REFRESH_EVENT } from './token-life';

/** What a connected socket knows of its user: set from the verified token or device credential only. */
export interface SocketData {
  principal: Principal;
  lang: Lang;
  /** Set for a device's socket (a camera, say): the ids that name the device, e.g. `{cameraId}`. */
  device?: Readonly<Record<string, number>>;
}

/** A signed-in device: acts for `principal` (its owner), and is the device `device` names. */
export type { DeviceSignIn };

/**
 * An app's socket events, by name, each as its listener (Socket.IO's own event maps):
 * `{ 'camera:status': (status: CameraStatusPayload) => void }`. Socket.IO's constraint, which the
 * package does not export: any interface of listeners.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventsMap = { [event: string]: any };

/** A socket of an app: it hears the app's server events and sends its client events. */
export type AppSocket<ServerEvents extends EventsMap = EventsMap, ClientEvents extends EventsMap = EventsMap> = Socket<
  ClientEvents,
  ServerEvents,
  DefaultEventsMap,
  SocketData
>;

export interface GatewayOptions {
  app: string;
  httpServer: HttpServer;
  corsOrigins: string[];
  /** The token check the HTTP routes use, so a socket and a request are trusted alike; with the token's expiry. */
  authenticate(token: string): Promise<{ principal: Principal; expiresAt: Date }>;
  /** The app's device-credential check, for a handshake's `auth.deviceCredential`. */
  devices: DeviceAuth;
  logger: Logger;
  /** The app's cache: handshakes are counted there, so the limit holds across nodes with Redis. */
  cache: Cache;
  limits: { handshakes: RateLimit; events: RateLimit; maxPayload: number };
  /** How the app tells a socket an event was refused. */
  errors: SocketErrors;
  /** Take the client's address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy: boolean;
  /** Redis joins the nodes of one deployment; without it the gateway serves this node alone. */
  redis?: { url: string; keyPrefix: string };
  /** How long a user with no socket left stays online (a page reload must not flap). */
  offlineGraceMs?: number;
  /** False once the node drains: new connections are refused, so clients reconnect to another node. */
  accepting?: () => boolean;
}

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
    byApp.set(
      c.app,
      sum ? { app: c.app, sockets: sum.sockets + c.sockets, users: sum.users + c.users, messagesPerMinute: sum.messagesPerMinute + c.messagesPerMinute } : c,
    );
  }
  return [...byApp.values()].sort((a, b) => a.app.localeCompare(b.app));
}

/** How long a closing gateway waits for socket event handlers still running. */
const IN_FLIGHT_GRACE_MS = 10_000;

/** Between nodes: sessions ended on one node, for every node to close its connections of. */
const SESSIONS_ENDED = 'madang:sessions-ended';
/** Between nodes: sockets to tell something and close (see closeSockets). */
const CLOSE_SOCKETS = 'madang:close-sockets';

/**
 * Sockets to close: those in any of `rooms` (only the user's own, not their devices', when
 * `userId` is given), each told first: `notice.code` as `{code, message}` in its language, or
 * `notice.payload` as it is.
 */
export interface CloseRequest {
  rooms: string[];
  userId?: number;
  notice?: { event: string; code: string } | { event: string; payload: unknown };
}
/** To the client, just before the server closes a socket whose session or token ended: `{code, message}`. */
export const AUTH_ENDED_EVENT = 'auth:ended';

/**
 * The real-time gateway of one app: Socket.IO on the app's own port. Sockets prove who they are
 * with the access token in `handshake.auth.token`; each joins its user's room (an event for a user
 * reaches all their tabs and phones on every node) and its session's room (it closes with the
 * session). Devices (MIMO's cameras) sign in with a credential of their own through an app's
 * authenticator and stay out of their owner's rooms. Every socket is held to the same limits as
 * HTTP: handshakes per address, events per socket, payload size, and the input rules.
 */
export class Gateway<ServerEvents extends EventsMap = EventsMap, ClientEvents extends EventsMap = EventsMap> {
  /** Typed by the app's events: `io.to(room).emit(event, payload)` takes only its server events, with their payloads. */
  readonly io: Server<ClientEvents, ServerEvents, DefaultEventsMap, SocketData>;
  /** Messages to the app's other nodes, through the same adapter. */
  readonly cluster: ClusterBus;
  /** The app's message catalog: what its sockets are told is in its words. */
  readonly messages: MessageCatalog;
  private readonly connectionHandlers: Array<(socket: AppSocket<ServerEvents, ClientEvents>) => void | Promise<void>> = [];
  private readonly deviceHandlers: Array<(socket: AppSocket<ServerEvents, ClientEvents>) => void | Promise<void>> = [];
  private readonly endListeners: SessionsEndedListener[] = [];
  private readonly redis?: Redis;
  private readonly joined: Promise<void>;
  private readonly presence: Presence;
  private readonly recovery: Recovery;
  private readonly tokens: TokenLife;
  private readonly handshakes: RateLimiter;
  /** Event handlers still running: a node going away lets them finish before its stores close. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly closing: Array<() => Promise<void>> = [];
  private readonly eventRate = new RateMeter();

  constructor(private readonly options: GatewayOptions) {
    this.messages = options.errors.messages;
    if (options.redis) {
      this.redis = new AdapterClient(options.redis.url, options.logger);
    }
    const prefix = options.redis ? `${options.redis.keyPrefix}:${options.app}` : options.app;
    this.io = new Server(options.httpServer, {
      cors: { origin: options.corsOrigins, credentials: true },
      // A client that comes back within two minutes gets the events it missed, once it has signed
      // in again and may still be in each of its rooms (see Recovery).
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      adapter: this.redis
        ? createAdapter(this.redis, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io`, sessionKeyPrefix: `${prefix}:sio:session:` })
        : undefined,
      // Beyond the app's payload limit an event is refused with an error event; far beyond it (a
      // client that ignores those) the connection itself is closed.
      maxHttpBufferSize: Math.max(1_000_000, 4 * options.limits.maxPayload),
      // A draining node takes no new connections: the client's reconnection goes on to another node.
      allowRequest: (_req, done) => (this.accepting ? done(null, true) : done('draining', false)),
      // Upgrades to other paths may belong to another WebSocket server on this port (a plain one,
      // see plain/server.ts) that checks a token first: leave them that long before closing them.
      destroyUpgradeTimeout: 10_000,
    });
    this.cluster = new ClusterBus(this.untyped, Boolean(this.redis), options.logger);
    this.presence = new Presence(this.untyped, options.offlineGraceMs ?? 2_000, options.logger, (userId) => this.isOnline(userId));
    this.recovery = new Recovery(this.untyped, options.logger);
    this.tokens = new TokenLife(options.authenticate, options.errors, (socket, code) => this.endSocket(socket as AppSocket, code));
    this.handshakes = new RateLimiter(options.cache, 'socket-handshake', options.limits.handshakes);

    this.io.use(
      (socket, next) =>
        void this.signInSocket(socket).then(
          () => next(),
          (error) => next(this.refusal(socket, error)),
        ),
    );
    this.io.on('connection', (socket) => void this.connected(socket));
    this.cluster.on(SESSIONS_ENDED, (ended: SessionsEnded) => this.endHere(ended));
    this.cluster.on(CLOSE_SOCKETS, (request: CloseRequest) => this.closeHere(request));
    this.joined = this.redis ? this.joinNodes(this.redis, `${prefix}:socket.io`) : Promise.resolve();
    running.add(this);
  }

  /** The same server for the platform's own events (notices, presence…), which no app's event map names. */
  private get untyped(): Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData> {
    return this.io as unknown as Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
  }

  /** False while this node drains: every transport of the app refuses new connections then. */
  get accepting(): boolean {
    return this.options.accepting?.() !== false;
  }

  /** Sockets and signed-in users on this node, and the events its sockets sent in the last minute. */
  counters(): GatewayCounters {
    return { app: this.options.app, sockets: this.io.of('/').sockets.size, users: this.presence.localUsers, messagesPerMinute: this.eventRate.perMinute() };
  }

  /**
   * Who a handshake's `auth` signs in, for every transport of the app: counted against the
   * handshakes of `address` (across nodes), then a user by the access token in `token` (with the
   * token's expiry), else a device through the app's authenticators. Throws an AppError to refuse.
   */
  async signIn(auth: Record<string, unknown>, address: string): Promise<{ principal: Principal; device?: DeviceSignIn['device']; expiresAt?: Date }> {
    await this.handshakes.consume(address);
    if (typeof auth.token === 'string' && auth.token) return this.options.authenticate(auth.token);
    return this.signInDevice(auth);
  }

  /** The access token check of every transport (a socket re-authenticating before expiry, say). */
  authenticate(token: string): Promise<{ principal: Principal; expiresAt: Date }> {
    return this.options.authenticate(token);
  }

  /** Resolves once this node hears the other nodes: Redis connected and the adapter subscribed. */
  ready(): Promise<void> {
    return this.joined;
  }

  /**
   * Adds what an app does with each new socket (join its rooms, send its counts, listen). All
   * handlers start together as the socket connects; one that listens should do so before it awaits.
   */
  onConnection(handler: (socket: AppSocket<ServerEvents, ClientEvents>) => void | Promise<void>): void {
    this.connectionHandlers.push(handler);
  }

  /**
   * Adds what an app does with each new device socket. A device is not its owner: it joins no
   * user room, does not make its owner online, and the `onConnection` handlers never see it.
   */
  onDeviceConnection(handler: (socket: AppSocket<ServerEvents, ClientEvents>) => void | Promise<void>): void {
    this.deviceHandlers.push(handler);
  }

  /** Who may see a user's presence (userOnline/userOffline); without it nobody does. */
  presenceAudience(audience: PresenceAudience): void {
    this.presence.setAudience(audience);
  }

  /** Who may be back in the app's rooms named `prefix…` when a socket recovers its connection. */
  guardRooms(prefix: string, allows: (socket: AppSocket<ServerEvents, ClientEvents>, room: string) => Promise<boolean>): void {
    this.recovery.guard(prefix, allows as unknown as RoomGuard);
  }

  /**
   * Ends connections of sessions that ended (Identity.onSessionsEnded is wired here): on every node,
   * each socket of those sessions (or, for `account`, every socket acting for the user, devices
   * included) hears `auth:ended {code, message}` and is closed, and every `onSessionEnded`
   * listener is told, so other transports close theirs.
   */
  endSessions(ended: SessionsEnded): void {
    if (!running.has(this)) return;
    this.endHere(ended);
    this.cluster.publish(SESSIONS_ENDED, ended);
  }

  /**
   * Tells sockets something and closes them, on every node, in that order (an event sent to a
   * room and a close would otherwise race on the node that sends them). A closed socket does not
   * reconnect by itself.
   */
  closeSockets(request: CloseRequest): void {
    if (!running.has(this)) return;
    this.closeHere(request);
    this.cluster.publish(CLOSE_SOCKETS, request);
  }

  /**
   * Listens for ended sessions on this node, whichever node ended them: a transport of the app's
   * own (MIMO's plain WebSocket) closes its connections of `ended.sessionIds`, and of the user
   * `ended.userId` altogether when `ended.account`.
   */
  onSessionEnded(listener: SessionsEndedListener): void {
    this.endListeners.push(listener);
  }

  /** Sends one of the app's server events to every socket of a user, on any node. */
  toUser<E extends keyof ServerEvents & string>(userId: number, event: E, ...payload: Parameters<ServerEvents[E]>): void {
    this.io.to(userRoom(userId)).emit(event, ...payload);
  }

  /**
   * Listens to a socket's client events the app's one way (see socketListener): refusals are told
   * as this gateway tells every refusal, in the app's error event and spelling.
   */
  listener(socket: AppSocket<ServerEvents, ClientEvents>, options: ListenOptions = {}): SocketListener<ClientEvents> {
    return socketListener<ClientEvents>(socket as unknown as Socket, { errors: this.options.errors, logger: this.options.logger }, options);
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
    this.presence.close();
    this.tokens.close();
    this.reconnectElsewhere();
    // A message being saved when its socket went still gets saved and sent to its room; only the
    // acknowledgement is lost, and the client's retry on another node finds the message saved.
    await Promise.race([Promise.allSettled(this.inFlight), new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_GRACE_MS).unref())]);
    // The callback, not the promise, tells when the HTTP server has closed too.
    await new Promise<void>((resolve, reject) => {
      this.io.close(() => resolve()).catch(reject);
    });
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

  /** Wraps the socket's listeners so the gateway knows which of them are still at work. */
  private trackHandlers(socket: AppSocket) {
    const on = socket.on.bind(socket);
    socket.on = ((event: string, listener: (...args: unknown[]) => unknown) =>
      on(
        event as never,
        ((...args: unknown[]) => {
          const result = listener(...args);
          if (result instanceof Promise) {
            this.inFlight.add(result);
            void result.catch(() => undefined).finally(() => this.inFlight.delete(result));
          }
          return result;
        }) as never,
      )) as AppSocket['on'];
  }

  /** Tells the socket why, then closes it; a client closed by the server does not reconnect by itself. */
  private endSocket(socket: AppSocket, code: string): void {
    this.closeOne(socket, { event: AUTH_ENDED_EVENT, code });
  }

  private closeOne(socket: AppSocket, notice: CloseRequest['notice']): void {
    if (notice) {
      const payload =
        'code' in notice ? { code: this.options.errors.code(notice.code), message: this.messages.translate(socket.data.lang, notice.code) } : notice.payload;
      // Straight to this node's socket: through the adapter (as socket.emit goes when connections
      // are recoverable) the notice would arrive after the close.
      this.untyped.local.to(socket.id).emit(notice.event, payload);
    }
    socket.disconnect(true);
  }

  /** This node's part of closeSockets: the sockets are picked now, from the rooms as they are. */
  private closeHere({ rooms, userId, notice }: CloseRequest): void {
    const adapter = this.io.of('/').adapter;
    const ids = new Set(rooms.flatMap((room) => [...(adapter.rooms.get(room) ?? [])]));
    for (const id of ids) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket || (userId !== undefined && (socket.data.device || socket.data.principal.userId !== userId))) continue;
      this.closeOne(socket, notice);
    }
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

  /** The handshake: counted per address across nodes, signed in, and its earlier session restored if it may be. */
  private async signInSocket(socket: AppSocket): Promise<void> {
    socket.data.lang = languageOf(socket.handshake.headers['accept-language']);
    const { principal, device, expiresAt } = await this.signIn((socket.handshake.auth ?? {}) as Record<string, unknown>, this.addressOf(socket));
    socket.data.principal = principal;
    if (device) socket.data.device = device;
    if (expiresAt) this.tokens.expireAt(socket, expiresAt);
    await this.recovery.resume(socket);
  }

  private refusal(socket: AppSocket, error: unknown): Error {
    // A handshake we refuse is the client's to fix; a check we could not make (the database busy
    // or down) is ours, and the client should simply try again.
    const code = error instanceof AppError ? error.code : 'SERVICE_UNAVAILABLE';
    if (!(error instanceof AppError)) this.options.logger.warn({ err: error }, 'socket sign-in could not be checked');
    this.tokens.forget(socket);
    const params = error instanceof AppError ? error.params : undefined;
    // The reason reaches the client as connect_error: message is the code, data the words.
    return Object.assign(new Error(code), { data: { code, message: this.messages.translate(socket.data.lang ?? 'ko', code, params), ...params } });
  }

  private addressOf(socket: AppSocket): string {
    return this.clientAddress(socket.handshake.headers, socket.handshake.address);
  }

  /** The client's address a handshake is counted against: the proxy's X-Forwarded-For when trusted. */
  clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined): string {
    const forwarded = headers['x-forwarded-for'];
    const first = typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined;
    return (this.options.trustProxy && first) || remoteAddress || 'unknown';
  }

  /** A handshake without a user's token: a device by `auth.deviceCredential`, or nobody. */
  private async signInDevice(auth: Record<string, unknown>): Promise<DeviceSignIn> {
    if ('deviceCredential' in auth) return this.options.devices.signIn(auth.deviceCredential);
    throw new AppError(401, 'UNAUTHORIZED');
  }

  private connected(socket: AppSocket) {
    // Before anything can wait: the socket's events are held to the limits from its first one.
    guardPackets(socket, { events: this.options.limits.events, maxPayload: this.options.limits.maxPayload, errors: this.options.errors });
    socket.onAny(() => this.eventRate.tick());
    this.trackHandlers(socket);
    const { principal, device } = socket.data;
    if (device) {
      void socket.join(devicesRoom(principal.userId));
      this.recovery.replay(socket);
      return this.runHandlers(this.deviceHandlers, socket);
    }
    void socket.join([userRoom(principal.userId), sessionRoom(principal.sessionId)]);
    this.tokens.listen(socket);
    this.recovery.replay(socket);
    this.presence.arrived(principal.userId, socket.recovered);
    socket.on('disconnect', () => {
      this.tokens.forget(socket);
      this.presence.left(principal.userId);
    });
    return this.runHandlers(this.connectionHandlers, socket);
  }

  private async runHandlers(handlers: Array<(socket: AppSocket) => void | Promise<void>>, socket: AppSocket) {
    // Every handler starts in this tick, before any waits: a handler that listens for client events
    // must be listening before the client's first event arrives, whatever another handler awaits.
    const started = handlers.map(async (handler) => handler(socket));
    for (const result of await Promise.allSettled(started)) {
      if (result.status === 'rejected') this.options.logger.error({ err: result.reason }, 'socket connection handler failed');
    }
  }

  /** Closes this node's sockets of the ended sessions and tells this node's listeners. */
  private endHere(ended: SessionsEnded): void {
    const rooms = [...ended.sessionIds.map(sessionRoom), ...(ended.account ? [userRoom(ended.userId), devicesRoom(ended.userId)] : [])];
    const code = ended.reason === 'suspended' ? AuthMessage.ACCOUNT_SUSPENDED : AuthMessage.SESSION_REVOKED;
    this.closeHere({ rooms, notice: { event: AUTH_ENDED_EVENT, code } });
    for (const listener of this.endListeners) {
      void (async () => listener(ended))().catch((err) => this.options.logger.error({ err, userId: ended.userId }, 'session end listener failed'));
    }
  }
}
