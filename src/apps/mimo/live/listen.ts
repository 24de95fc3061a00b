import type { Logger } from 'pino';
import type { ZodType, z } from 'zod';
import { mimoEnvelope } from '../../../platform/http/envelope';
import { RequestValidationError } from '../../../platform/http/validation';
import { EventBudget, type EventLimit } from '../../../platform/realtime/budget';
import { describeFailure, isClientFailure } from '../../../platform/realtime/failure';
import type { AppSocket } from '../../../platform/realtime/gateway';
import { LiveSocketEvent } from './events';

/** Signalling and joins a connection may send, on either transport: a call needs a few dozen; a flood is cut off. */
export const SOCKET_EVENT_LIMIT: EventLimit = { count: 100, windowMs: 10_000 };

type Ack = (answer: unknown) => void;
export type Listen = <S extends ZodType>(event: string, schema: S, handle: (payload: z.output<S>) => Promise<unknown>) => void;

/**
 * The live view's way of listening to one socket: every event is counted against the socket's
 * budget and checked against its schema, and answered in MIMO's envelope in the acknowledgement
 * (`{ok: true, data}` or `{ok: false, error: {code: 'E_…', message}}`), or as `live:error` when
 * the client asked for none. Nothing a client sends can throw out of a handler.
 */
export function listenerFor(socket: AppSocket, logger: Logger): Listen {
  const budget = new EventBudget(SOCKET_EVENT_LIMIT);
  return (event, schema, handle) => {
    socket.on(event, async (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      try {
        budget.spend();
        const parsed = schema.safeParse(args[0]);
        if (!parsed.success) throw payloadError(schema, args[0]);
        const data = await handle(parsed.data);
        ack?.(mimoEnvelope.success(data ?? null, undefined));
      } catch (error) {
        if (!isClientFailure(error)) logger.error({ err: error, event, userId: socket.data.principal.userId }, 'live socket event failed');
        const failure = describeFailure(error, socket.data.lang, mimoEnvelope);
        if (ack) ack(failure);
        else socket.emit(LiveSocketEvent.ERROR, { event, ...(failure as { error: object }).error });
      }
    });
  };
}

function payloadError(schema: ZodType, input: unknown): RequestValidationError {
  const error = new RequestValidationError(schema, input);
  error.validationContext = 'payload';
  return error;
}
