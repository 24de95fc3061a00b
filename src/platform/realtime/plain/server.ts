import { randomUUID } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES, type Server as HttpServer, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { z, type ZodType } from 'zod';
import type { Envelope } from '../../http/envelope';
import type { SessionsEnded } from '../../auth/session-end';
import { AuthMessage } from '../../auth/messages';
import { AppError, ErrorCode, forbidden, unauthorized } from '../../http/errors';
import { type MessageCatalog, defineMessages, languageOf } from '../../http/i18n';
import { RequestValidationError } from '../../http/validation';
import { type EventLimit, EventBudget } from '../budget';
import { describeFailure, isClientFailure } from '../failure';
import type { Gateway } from '../gateway';
import { AUTH_REFRESH_EVENT, TokenLifeMessage } from '../token-life';
import { type PlainConnection, PlainCloseCode, PlainConnections } from './registry';

const Message = defineMessages({
  UNKNOWN_MESSAGE_TYPE: { ko: '알 수 없는 메시지 종류입니다: {type}', en: 'Unknown message type: {type}' },
  MESSAGE_FORMAT: { ko: '메시지는 {"type", "data"} 형식의 JSON 텍스트여야 합니다.', en: 'A message is JSON text of the form {"type", "data"}.' },
});

/** A client's frame: a type and its data, nothing else. */
const frameSchema = z.strictObject({ type: z.string().min(1).max(64), data: z.unknown().optional() });

const PING_INTERVAL_MS = 30_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** `auth:refresh {token}`: a fresh access token of the same user, before the connection's expires. */
const refreshSchema = z.strictObject({ token: z.string().min(1).max(4096) });
const TOKEN_MAX_LENGTH = 4096;

type Handler = (connection: PlainConnection, data: never) => unknown;

export interface PlainServerOptions {
  /** The path served, e.g. "/" (Socket.IO keeps /socket.io/ on the same port). */
  path: string;
  /** The handshake `auth` the `token` query parameter stands for (a user's access token, or a device's credential). */
  credentials(token: string): Record<string, unknown>;
  /** Signs connections in exactly as the app's Socket.IO sockets are, and carries messages between nodes. */
  gateway: Gateway;
  /** Refusals are written in the app's envelope: `{type: "error", data: {event, code, message, details?}}`. */
  envelope: Envelope;
  /** Frames a connection may send in a window; more are refused with 429 in an `error` frame. */
  limit: EventLimit;
  /** A bigger frame closes the connection (1009). */
  maxMessageBytes: number;
  logger: Logger;
}

interface OpenConnection extends PlainConnection {
  principal: PlainConnection['principal'];
  groups: Map<string, unknown>;
  /** Closes the connection when its access token expires (none for a device's credential). */
  expiry?: NodeJS.Timeout;
  ws: WebSocket;
  budget: EventBudget;
  alive: boolean;
  /** Frames are handled one after another, in the order they came. */
  queue: Promise<void>;
}

/**
 * A plain WebSocket endpoint of an app, for clients that speak JSON frames `{type, data}` rather
 * than Socket.IO. The client signs in with `?token=` on the URL: checked before the upgrade like a
 * Socket.IO handshake (a refusal is an HTTP 401 in the app's envelope); no frame is read from a
 * client that has not. Each frame is counted against the connection's budget, parsed, checked
 * against its type's schema and handed to the app's handler, in order; whatever goes wrong is
 * answered with an `error` frame and the connection stays open. Dead connections are found by
 * ping and closed.
 */
export class PlainSocketServer {
  readonly connections: PlainConnections;
  /** The app's message catalog, the gateway's: refusals are in the app's words. */
  private readonly messages: MessageCatalog;
  private readonly wss: WebSocketServer;
  private readonly handlers = new Map<string, { schema: ZodType; handle: Handler }>();
  private readonly openHandlers: Array<(connection: PlainConnection) => unknown> = [];
  private readonly servers: HttpServer[] = [];
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly o: PlainServerOptions) {
    this.messages = o.gateway.messages;
    this.connections = new PlainConnections(o.gateway.cluster);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: o.maxMessageBytes, perMessageDeflate: false });
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS).unref();
    // Closed before the gateway, while the other nodes can still hear of the departures.
    o.gateway.onClose(() => this.close());
    // A session that ended anywhere closes its connections here, as it closes Socket.IO sockets.
    o.gateway.onSessionEnded((ended) => this.endSessions(ended));
    this.on(AUTH_REFRESH_EVENT, refreshSchema, (connection, { token }) => this.refresh(connection as OpenConnection, token));
  }

  /** Handles frames of one type; the data is checked against the schema first. */
  on<S extends ZodType>(type: string, schema: S, handle: (connection: PlainConnection, data: z.output<S>) => unknown): void {
    this.handlers.set(type, { schema, handle });
  }

  /** Runs as each connection opens, before its first frame is read. */
  onOpen(handler: (connection: PlainConnection) => unknown): void {
    this.openHandlers.push(handler);
  }

  /** Serves the path on an existing server (the app's port); other upgrades are left to their owners. */
  attach(server: HttpServer): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (pathOf(req) === this.o.path) void this.upgrade(req, socket, head);
    });
  }

  /** Serves the path on a port of its own; everything else there is answered 404 (426 at the path). */
  async listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      const status = pathOf(req) === this.o.path ? 426 : 404;
      const code = status === 426 ? ErrorCode.BAD_REQUEST : ErrorCode.NOT_FOUND;
      const body = JSON.stringify(this.o.envelope.failure(code, this.messages.translate(languageOf(req.headers['accept-language']), code), undefined));
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(status === 426 ? { upgrade: 'websocket' } : {}) }).end(body);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (pathOf(req) === this.o.path) void this.upgrade(req, socket, head);
      else refuse(socket, 404, this.o.envelope.failure(ErrorCode.NOT_FOUND, this.messages.translate('ko', ErrorCode.NOT_FOUND), undefined));
    });
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
    return (server.address() as AddressInfo).port;
  }

  /** Closes every connection (their departures told before it resolves) and the ports of its own. */
  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const connection of this.connections.all()) {
      connection.close(PlainCloseCode.GOING_AWAY, 'server closing');
      this.connections.remove(connection);
    }
    await this.connections.drained();
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const lang = languageOf(req.headers['accept-language']);
    // A draining node takes no new connections: the client's retry goes to another node.
    if (!this.o.gateway.accepting)
      return refuse(
        socket,
        503,
        this.o.envelope.failure(ErrorCode.SERVICE_UNAVAILABLE, this.messages.translate(lang, ErrorCode.SERVICE_UNAVAILABLE), undefined),
      );
    let signedIn;
    try {
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
      if (!token || token.length > TOKEN_MAX_LENGTH) throw unauthorized();
      signedIn = await this.o.gateway.signIn(this.o.credentials(token), this.o.gateway.clientAddress(req.headers, req.socket.remoteAddress));
    } catch (error) {
      // A token we refuse is the client's to fix; a check we could not make is ours.
      if (!(error instanceof AppError)) this.o.logger.warn({ err: error }, 'plain socket sign-in could not be checked');
      const status = error instanceof AppError ? error.status : 503;
      const code = error instanceof AppError ? error.code : ErrorCode.SERVICE_UNAVAILABLE;
      return refuse(socket, status, this.o.envelope.failure(code, this.messages.translate(lang, code), undefined));
    }
    if (socket.destroyed) return;
    const { principal, device, expiresAt } = signedIn;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, { principal, ...(device ? { device } : {}), lang }, expiresAt));
  }

  private opened(ws: WebSocket, who: Pick<PlainConnection, 'principal' | 'device' | 'lang'>, expiresAt: Date | undefined): void {
    const connection: OpenConnection = {
      id: `ws_${randomUUID()}`,
      ...who,
      groups: new Map(),
      ws,
      budget: new EventBudget(this.o.limit),
      alive: true,
      queue: Promise.resolve(),
      send: (type, data) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(data === undefined ? { type } : { type, data }));
      },
      close: (code, reason) => ws.close(code, reason),
    };
    this.connections.add(connection);
    if (expiresAt) this.expireAt(connection, expiresAt);
    ws.on('pong', () => (connection.alive = true));
    ws.on('error', (err) => this.o.logger.debug({ err, connectionId: connection.id }, 'plain socket error'));
    ws.on('close', () => {
      clearTimeout(connection.expiry);
      this.connections.remove(connection);
    });
    ws.on('message', (raw, isBinary) => this.received(connection, raw as Buffer, isBinary));
    for (const handler of this.openHandlers) {
      try {
        handler(connection);
      } catch (err) {
        this.o.logger.error({ err }, 'plain socket open handler failed');
      }
    }
  }

  /** Tells the connection why (an `error` frame with the code) and closes it as signed out. */
  private end(connection: PlainConnection, code: string): void {
    connection.send('error', { code: this.o.envelope.code(code), message: this.messages.translate(connection.lang, code) });
    connection.close(PlainCloseCode.SIGNED_OUT, code);
  }

  private endSessions(ended: SessionsEnded): void {
    const code = ended.reason === 'suspended' ? AuthMessage.ACCOUNT_SUSPENDED : AuthMessage.SESSION_REVOKED;
    for (const connection of this.connections.endedHere(ended)) this.end(connection, code);
  }

  /** The access token's expiry ends the connection, unless `auth:refresh` brings a fresh one first. */
  private expireAt(connection: OpenConnection, expiresAt: Date): void {
    clearTimeout(connection.expiry);
    const delay = Math.min(Math.max(0, expiresAt.getTime() - Date.now()), MAX_TIMER_MS);
    connection.expiry = setTimeout(() => this.end(connection, AuthMessage.TOKEN_EXPIRED), delay).unref();
  }

  private async refresh(connection: OpenConnection, token: string): Promise<void> {
    if (connection.device) throw forbidden(TokenLifeMessage.SOCKET_TOKEN_OTHER_USER);
    const { principal, expiresAt } = await this.o.gateway.authenticate(token);
    if (principal.userId !== connection.principal.userId) throw forbidden(TokenLifeMessage.SOCKET_TOKEN_OTHER_USER);
    if (principal.sessionId !== connection.principal.sessionId) this.connections.moveSession(connection, principal.sessionId);
    connection.principal = principal;
    this.expireAt(connection, expiresAt);
    connection.send('auth:refreshed', { expiresAt: expiresAt.toISOString() });
  }

  private received(connection: OpenConnection, raw: Buffer, isBinary: boolean): void {
    try {
      // Counted as it arrives, so a flood is refused at once rather than queued.
      connection.budget.spend();
    } catch (error) {
      return this.fail(connection, undefined, error);
    }
    connection.queue = connection.queue.then(() => this.handle(connection, raw, isBinary));
  }

  private async handle(connection: OpenConnection, raw: Buffer, isBinary: boolean): Promise<void> {
    let type: string | undefined;
    try {
      if (isBinary) throw new AppError(400, Message.MESSAGE_FORMAT);
      const json = parseJson(raw.toString('utf8'));
      if (json === undefined) throw new AppError(400, ErrorCode.MALFORMED_JSON);
      const frame = frameSchema.safeParse(json);
      if (!frame.success) throw new AppError(400, Message.MESSAGE_FORMAT);
      type = frame.data.type;
      const handler = this.handlers.get(type);
      if (!handler) throw new AppError(400, Message.UNKNOWN_MESSAGE_TYPE, { type: type.slice(0, 64) });
      const data = handler.schema.safeParse(frame.data.data);
      if (!data.success) {
        const error = new RequestValidationError(handler.schema, frame.data.data);
        error.validationContext = 'data';
        throw error;
      }
      await handler.handle(connection, data.data as never);
    } catch (error) {
      this.fail(connection, type, error);
    }
  }

  private fail(connection: PlainConnection, event: string | undefined, error: unknown): void {
    if (!isClientFailure(error)) this.o.logger.error({ err: error, event, userId: connection.principal.userId }, 'plain socket message failed');
    const { error: details } = describeFailure(error, connection.lang, this.o.envelope, this.messages) as { error: Record<string, unknown> };
    connection.send('error', event === undefined ? details : { event, ...details });
  }

  private ping(): void {
    for (const connection of this.connections.all() as OpenConnection[]) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }
}

const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0];

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Answers an upgrade with a plain HTTP refusal (the client never becomes a WebSocket). */
function refuse(socket: Duplex, status: number, body: unknown): void {
  if (socket.destroyed) return;
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
