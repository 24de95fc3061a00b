import type { Logger } from 'pino';
import type { ZodType, z } from 'zod';
import { mimoEnvelope } from '../../../platform/http/envelope';
import { AppError, ErrorCode, type FieldError } from '../../../platform/http/errors';
import { type Lang, translate } from '../../../platform/http/i18n';
import { RequestValidationError } from '../../../platform/http/validation';
import type { AppSocket } from '../../../platform/realtime/gateway';
import { SocketBudget } from './budget';
import { LiveSocketEvent } from './events';

/** Signalling and joins a socket may send: a call needs a few dozen; a flood is cut off. */
export const SOCKET_EVENT_LIMIT = { count: 100, windowMs: 10_000 };

type Ack = (answer: unknown) => void;
export type Listen = <S extends ZodType>(event: string, schema: S, handle: (payload: z.output<S>) => Promise<unknown>) => void;

/**
 * The live view's way of listening to one socket: every event is counted against the socket's
 * budget and checked against its schema, and answered in MIMO's envelope in the acknowledgement
 * (`{ok: true, data}` or `{ok: false, error: {code: 'E_…', message}}`), or as `live:error` when
 * the client asked for none. Nothing a client sends can throw out of a handler.
 */
export function listenerFor(socket: AppSocket, logger: Logger): Listen {
  const budget = new SocketBudget(SOCKET_EVENT_LIMIT.count, SOCKET_EVENT_LIMIT.windowMs);
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
        if (!(error instanceof AppError || error instanceof RequestValidationError)) {
          logger.error({ err: error, event, userId: socket.data.principal.userId }, 'live socket event failed');
        }
        const failure = describe(error, socket.data.lang);
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

function describe(error: unknown, lang: Lang): unknown {
  if (error instanceof RequestValidationError) {
    return mimoEnvelope.failure(ErrorCode.VALIDATION_ERROR, translate(lang, ErrorCode.VALIDATION_ERROR), error.fieldErrors(lang));
  }
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? (error.details as FieldError[]).map((d) => ({ field: d.field, message: translate(lang, d.message) })) : undefined;
    return mimoEnvelope.failure(error.code, translate(lang, error.code, error.params), details);
  }
  // What went wrong stays in the log; the client learns only that it did.
  return mimoEnvelope.failure(ErrorCode.INTERNAL_ERROR, translate(lang, ErrorCode.INTERNAL_ERROR), undefined);
}
