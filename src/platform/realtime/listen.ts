import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { ZodType, z } from 'zod';
import type { Lang } from '../http/i18n';
import { RequestValidationError } from '../http/validation';
import { isClientFailure } from './failure';
import { EventBudget, type EventLimit } from './budget';
import { type Ack, type SocketErrors, failureOf, tellFailure } from './socket-guard';

/** How an app's listeners answer, where apps differ; how a failure is spelled comes from the gateway's SocketErrors. */
export interface ListenOptions {
  /** The code of a failure that is not the client's (FitMate chat: CHAT_EVENT_FAILED); INTERNAL_ERROR by default. */
  unexpected?: string;
  /** When the error event goes out: `always` (FitMate), or only when the client asked for no acknowledgement (MIMO). */
  errorEvent?: 'always' | 'unacknowledged';
  /** A budget of the listener's own, besides the gateway's per-socket limit: its events together (MIMO's live view, shared with its plain socket's rule). */
  budget?: EventLimit;
  /** String fields of the payload a failure echoes (FitMate's clientMessageId). */
  echo?: readonly string[];
}

/** A socket's listener: one client event of the app's at a time. */
export interface SocketListener<ClientEvents> {
  /** Listens for `event`: its payload checked with `schema`, answered with what `handle` returns. */
  on<S extends ZodType>(
    event: keyof ClientEvents & string,
    schema: S,
    handle: (payload: z.output<S>) => Promise<unknown>,
    options?: { unexpected?: string },
  ): void;
}

/**
 * The one way an app listens to a socket's events: each is counted against the listener's budget
 * (if it has one), checked against its schema, and handled; the answer goes back in the
 * acknowledgement (`{ok: true, data}`), and a failure as `{ok: false, error}` and the app's error
 * event, in the socket's language and the app's spelling. Nothing a client sends can throw out of
 * a handler or end the socket.
 */
export function socketListener<ClientEvents>(
  socket: Socket,
  deps: { errors: SocketErrors; logger: Logger },
  options: ListenOptions = {},
): SocketListener<ClientEvents> {
  const budget = options.budget && new EventBudget(options.budget);
  const on: SocketListener<ClientEvents>['on'] = (event, schema, handle, own = {}) => {
    socket.on(event as string, async (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      const input = args[0];
      try {
        budget?.spend();
        const parsed = schema.safeParse(input);
        if (!parsed.success) throw payloadError(schema, input);
        const data = await handle(parsed.data);
        ack?.({ ok: true, data: data ?? null });
      } catch (error) {
        const data = socket.data as { lang: Lang; principal: { userId: number } };
        if (!isClientFailure(error)) deps.logger.error({ err: error, event, userId: data.principal.userId }, 'socket event failed');
        const failure = failureOf(error, event, data.lang, deps.errors, own.unexpected ?? options.unexpected);
        failure.echoed = echoed(input, options.echo);
        tellFailure(socket, deps.errors, failure, ack, options.errorEvent === 'always' || !ack);
      }
    });
  };
  return { on };
}

function echoed(input: unknown, keys: readonly string[] = []): Record<string, string> | undefined {
  const fields = Object.entries((input ?? {}) as Record<string, unknown>).filter(([key, value]) => keys.includes(key) && typeof value === 'string');
  return fields.length ? (Object.fromEntries(fields) as Record<string, string>) : undefined;
}

function payloadError(schema: ZodType, input: unknown): RequestValidationError {
  const error = new RequestValidationError(schema, input);
  error.validationContext = 'payload';
  return error;
}
