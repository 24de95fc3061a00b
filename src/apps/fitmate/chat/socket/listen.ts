import type { Logger } from 'pino';
import type { ZodType, z } from 'zod';
import { AppError, ErrorCode, type FieldError } from '../../../../platform/http/errors';
import { type Lang, translate } from '../../../../platform/http/i18n';
import type { AppSocket } from '../../../../platform/realtime/gateway';
import { RequestValidationError } from '../../../../platform/http/validation';
import { ChatCode } from '../codes';

/** What a refused event answers, in the socket's language: on the `error` event and in the acknowledgement. */
export interface SocketFailure {
  /** The client event that failed. */
  event: string;
  code: string;
  message: string;
  details: FieldError[] | null;
  /** Echoed from sendMessage, so the client knows which of its messages failed. */
  clientMessageId?: string;
}

export type Ack = (answer: { ok: true; data: unknown } | { ok: false; error: SocketFailure }) => void;

/**
 * Listens for one client event: the payload is checked with its schema, the handler's answer goes
 * back in the acknowledgement (when the client asked for one), and any failure becomes an `error`
 * event and a failed acknowledgement with a code and words. Nothing a client sends can throw out
 * of a handler or end the socket.
 */
export function listen<S extends ZodType>(
  socket: AppSocket,
  logger: Logger,
  event: string,
  schema: S,
  handle: (payload: z.output<S>) => Promise<unknown>,
  options: { failureCode?: string } = {},
): void {
  socket.on(event, async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    const input = args[0];
    try {
      const parsed = schema.safeParse(input);
      if (!parsed.success) throw payloadError(schema, input);
      const data = await handle(parsed.data);
      ack?.({ ok: true, data });
    } catch (error) {
      if (!(error instanceof AppError || error instanceof RequestValidationError))
        logger.error({ err: error, event, userId: socket.data.principal.userId }, 'chat socket event failed');
      const failure = describe(error, socket.data.lang, event, options.failureCode ?? ChatCode.CHAT_EVENT_FAILED);
      const clientMessageId = (input as { clientMessageId?: unknown } | null)?.clientMessageId;
      if (typeof clientMessageId === 'string') failure.clientMessageId = clientMessageId;
      socket.emit('error', failure);
      ack?.({ ok: false, error: failure });
    }
  });
}

function payloadError(schema: ZodType, input: unknown): RequestValidationError {
  const error = new RequestValidationError(schema, input);
  error.validationContext = 'payload';
  return error;
}

function describe(error: unknown, lang: Lang, event: string, unexpected: string): SocketFailure {
  if (error instanceof RequestValidationError) {
    return { event, code: ErrorCode.VALIDATION_ERROR, message: translate(lang, ErrorCode.VALIDATION_ERROR), details: error.fieldErrors(lang) };
  }
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? (error.details as FieldError[]).map((d) => ({ field: d.field, message: translate(lang, d.message) })) : null;
    return { event, code: error.code, message: translate(lang, error.code, error.params), details };
  }
  // What went wrong stays in the log; the client learns only that it did.
  return { event, code: unexpected, message: translate(lang, unexpected), details: null };
}
