import type { Socket } from 'socket.io';
import { AuthMessage } from '../auth/messages';
import { AppError, ErrorCode, forbidden } from '../http/errors';
import { defineMessages } from '../http/i18n';
import type { Principal } from '../http/router';
import { sessionRoom } from './rooms';
import { type SocketErrors, refuse } from './socket-guard';

export const TokenLifeMessage = defineMessages({
  SOCKET_TOKEN_REQUIRED: { ko: '새 액세스 토큰(token)이 필요합니다.', en: 'A fresh access token (token) is required.' },
  SOCKET_TOKEN_OTHER_USER: { ko: '이 연결의 사용자와 다른 사용자의 토큰입니다.', en: 'The token is for another user than this connection’s.' },
});

/** From the client: `auth:refresh {token}`, with an acknowledgement, before the socket's token expires. */
export const AUTH_REFRESH_EVENT = 'auth:refresh';

type Authenticate = (token: string) => Promise<{ principal: Principal; expiresAt: Date }>;
type Ack = (answer: unknown) => void;
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * A user's socket lives as long as the access token it signed in with: when the token expires the
 * socket is closed (`auth:ended {code: TOKEN_EXPIRED}`), unless the client sent a fresh token of the
 * same user before then with `auth:refresh {token}`. The acknowledgement answers
 * `{ok: true, data: {expiresAt}}`, or `{ok: false, error}` and the socket keeps its old expiry.
 */
export class TokenLife {
  private readonly timers = new Map<Socket, NodeJS.Timeout>();
  private readonly signedIn = new WeakMap<Socket, Date>();

  constructor(
    private readonly authenticate: Authenticate,
    private readonly errors: SocketErrors,
    private readonly end: (socket: Socket, code: string) => void,
  ) {}

  /** At the handshake: the token the socket signed in with expires then. */
  expireAt(socket: Socket, expiresAt: Date): void {
    this.signedIn.set(socket, expiresAt);
  }

  /** On connection: the clock starts, and the socket may hand in fresh tokens. */
  listen(socket: Socket): void {
    const expiresAt = this.signedIn.get(socket);
    if (expiresAt) this.schedule(socket, expiresAt);
    socket.on(AUTH_REFRESH_EVENT, async (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      try {
        const token = (args[0] as { token?: unknown } | null)?.token;
        if (typeof token !== 'string' || !token)
          throw new AppError(400, ErrorCode.VALIDATION_ERROR, undefined, [{ field: 'token', message: TokenLifeMessage.SOCKET_TOKEN_REQUIRED }]);
        const { principal, expiresAt: next } = await this.authenticate(token);
        const current = socket.data.principal as Principal;
        if (principal.userId !== current.userId) throw forbidden(TokenLifeMessage.SOCKET_TOKEN_OTHER_USER);
        if (principal.sessionId !== current.sessionId) {
          // The socket now belongs to the new token's session, and closes when that one ends.
          void socket.leave(sessionRoom(current.sessionId));
          void socket.join(sessionRoom(principal.sessionId));
        }
        socket.data.principal = principal;
        this.schedule(socket, next);
        ack?.({ ok: true, data: { expiresAt: next.toISOString() } });
      } catch (error) {
        refuse(socket, this.errors, AUTH_REFRESH_EVENT, ack, error instanceof AppError ? error : new AppError(503, ErrorCode.SERVICE_UNAVAILABLE));
      }
    });
  }

  forget(socket: Socket): void {
    clearTimeout(this.timers.get(socket));
    this.timers.delete(socket);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(socket: Socket, expiresAt: Date): void {
    this.forget(socket);
    const delay = Math.min(Math.max(0, expiresAt.getTime() - Date.now()), MAX_DELAY_MS);
    const timer = setTimeout(() => {
      this.timers.delete(socket);
      this.end(socket, AuthMessage.TOKEN_EXPIRED);
    }, delay);
    timer.unref();
    this.timers.set(socket, timer);
  }
}
