// The app's Socket.IO, with the client script the server itself serves (/socket.io/socket.io.min.js).
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { Api } from './api';

declare global {
  interface Window {
    io?: (options: Partial<ManagerOptions & SocketOptions>) => Socket;
  }
}

/** What the page says when the server ended its session, by the code of `auth:ended`. */
const ENDED: Record<string, string> = {
  ACCOUNT_SUSPENDED: '계정이 정지되어 세션이 종료되었습니다.',
  SESSION_REVOKED: '로그아웃되었거나 다른 곳에서 세션이 종료되었습니다.',
};

/**
 * A socket signed in as the page's person. When the server ends the session (a suspension, a
 * sign-out elsewhere) the socket hears `auth:ended {code, message}`, is closed, and the page signs
 * out with the server's message. An access token about to expire is renewed and handed to the open
 * socket (`auth:refresh {token}`), so a long visit keeps its socket; one that expired while away is
 * renewed before the next try.
 */
export function openSocket(api: Api): Socket {
  if (!window.io) throw new Error('Socket.IO client is missing');
  const socket = window.io({ auth: { token: api.session?.accessToken }, transports: ['websocket'] });
  socket.on('auth:ended', async ({ code, message }: { code: string; message: string }) => {
    if (code === 'TOKEN_EXPIRED') {
      // Only the access token ran out: renew it and come back with the new one.
      try {
        await api.refresh();
        socket.auth = { token: api.session?.accessToken };
        socket.connect();
      } catch {
        // api.refresh has signed the page out
      }
      return;
    }
    socket.disconnect();
    api.end(ENDED[code] ?? (message || '세션이 종료되었습니다.'));
  });
  socket.on('connect_error', async (error: Error & { data?: { code?: string } }) => {
    if (!['TOKEN_EXPIRED', 'INVALID_TOKEN'].includes(error.message)) {
      if (['SESSION_REVOKED', 'ACCOUNT_SUSPENDED'].includes(error.message)) api.end('세션이 종료되었습니다.');
      return;
    }
    try {
      await api.refresh();
      socket.auth = { token: api.session?.accessToken };
      socket.connect();
    } catch {
      // api.refresh has signed the page out
    }
  });
  return socket;
}

/** Emits with an acknowledgement and answers its `data`, or throws its error's words. */
export async function ask<T>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  const answer = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; data?: T; error?: { message: string } };
  if (!answer.ok) throw new Error(answer.error?.message ?? event);
  return answer.data as T;
}
