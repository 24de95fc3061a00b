import { ErrorCode } from '../http/errors';
import { defineMessages } from '../http/i18n';
import { type Gateway, type GatewayCounters, processCounters } from './gateway';

export const CONSOLE_ROOM = 'console';
const INTERVAL_MS = 2_000;

const Message = defineMessages({
  CONSOLE_ADMIN_ONLY: { ko: '관리자만 운영 콘솔 지표를 볼 수 있습니다.', en: 'Only admins may watch the console counters.' },
});

export interface ConsoleCounters {
  at: string;
  /** Every app running in this process (each app's console sees them all). */
  apps: GatewayCounters[];
}

export const consoleCounters = (): ConsoleCounters => ({ at: new Date().toISOString(), apps: processCounters() });

/**
 * The operator console's live counters: an ADMIN's socket sends `console:watch` (acknowledged
 * with the counters now) and then hears `console:counters` every two seconds. Roles are read
 * afresh, since a socket may outlive a change of roles. The timer runs only while this node has
 * watchers (issue 17: no wake-ups with nothing to do). Returns what stops it.
 */
export function serveConsoleCounters(gateway: Gateway, rolesOf: (userId: number) => Promise<string[]>): () => void {
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const tick = () => {
    // Only this node's watchers, with this process's counters; the last one gone stops the timer.
    if (gateway.io.of('/').adapter.rooms.get(CONSOLE_ROOM)?.size) gateway.io.local.to(CONSOLE_ROOM).emit('console:counters', consoleCounters());
    else stop();
  };
  gateway.onConnection((socket) => {
    socket.on('console:watch', async (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: unknown) => void) : () => undefined;
      try {
        if (!(await rolesOf(socket.data.principal.userId)).includes('ADMIN')) {
          return ack({
            ok: false,
            error: { code: Message.CONSOLE_ADMIN_ONLY, message: gateway.messages.translate(socket.data.lang, Message.CONSOLE_ADMIN_ONLY) },
          });
        }
        await socket.join(CONSOLE_ROOM);
        timer ??= setInterval(tick, INTERVAL_MS).unref();
        ack({ ok: true, data: consoleCounters() });
      } catch {
        ack({
          ok: false,
          error: { code: ErrorCode.SERVICE_UNAVAILABLE, message: gateway.messages.translate(socket.data.lang, ErrorCode.SERVICE_UNAVAILABLE) },
        });
      }
    });
  });
  return stop;
}
