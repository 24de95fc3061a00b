import type { Socket } from 'socket.io';
import type { RateLimit } from '../../config';
import { AppError, ErrorCode, type FieldError, tooManyRequests } from '../http/errors';
import type { Lang, MessageCatalog } from '../http/i18n';
import { inspectInput, unsafeInputError } from '../http/input-guard';
import { RequestValidationError } from '../http/validation';

/** How an app tells a socket that an event was refused: its error event, how it spells codes, in which words, what an error holds. */
export interface SocketErrors {
  /** FitMate and MindPause `error`, MIMO `live:error`. */
  event: string;
  code(code: string): string;
  /** The app's message catalog. */
  messages: MessageCatalog;
  /** The error as the app's clients read it (default: all of it); the error event adds `event`. */
  body?(failure: SocketFailure): Record<string, unknown>;
}

export interface SocketFailure {
  event: string;
  code: string;
  message: string;
  details: FieldError[] | null;
  /** Fields of the refused payload the app echoes back (FitMate's clientMessageId), so the client knows which of its events failed. */
  echoed?: Record<string, string>;
}

export type Ack = (answer: unknown) => void;

/**
 * What a refusal says, in the socket's language and the app's spelling: refused input with every
 * field's problem, an AppError with its code, and anything else only as `unexpected` (what went
 * wrong stays in the log).
 */
export function failureOf(error: unknown, event: string, lang: Lang, errors: SocketErrors, unexpected: string = ErrorCode.INTERNAL_ERROR): SocketFailure {
  const { translate } = errors.messages;
  if (error instanceof RequestValidationError) {
    return {
      event,
      code: errors.code(ErrorCode.VALIDATION_ERROR),
      message: translate(lang, ErrorCode.VALIDATION_ERROR),
      details: error.fieldErrors(lang, errors.messages),
    };
  }
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? (error.details as FieldError[]).map((d) => ({ field: d.field, message: translate(lang, d.message) })) : null;
    return { event, code: errors.code(error.code), message: translate(lang, error.code, error.params), details };
  }
  return { event, code: errors.code(unexpected), message: translate(lang, unexpected), details: null };
}

/**
 * Tells a socket one of its events was refused: `{ok: false, error}` in its acknowledgement when
 * the client asked for one, and the app's error event when `emit` says so.
 */
export function tellFailure(socket: Socket, errors: SocketErrors, failure: SocketFailure, ack: Ack | undefined, emit: boolean): void {
  const { echoed, ...told } = failure;
  const body = { ...(errors.body ? errors.body(told) : told), ...echoed };
  // The event refused comes first, as the error event has always put it.
  if (emit) socket.emit(errors.event, Object.assign({ event: failure.event }, body));
  ack?.({ ok: false, error: body });
}

/** Refuses one event before its handler: told in the acknowledgement, and as the error event unless `quiet` (a flood is told once per window, not once per event). */
export function refuse(socket: Socket, errors: SocketErrors, event: string, ack: Ack | undefined, error: AppError, quiet = false): void {
  tellFailure(socket, errors, failureOf(error, event, (socket.data as { lang?: Lang }).lang ?? 'ko', errors), ack, !quiet);
}

export interface PacketLimits {
  /** Events one socket may send, of all kinds together. */
  events: RateLimit;
  /** Largest payload of one event, in bytes (about its size as JSON). */
  maxPayload: number;
  errors: SocketErrors;
}

/**
 * The same rules for every event of every socket, before any handler sees it: at most
 * `events.limit` events per window (the socket lives on one node, so its count does too), no
 * payload larger than `maxPayload`, none nested deeper than MAX_INPUT_DEPTH and no NUL anywhere.
 * A refused event never reaches its handler; the client hears why.
 */
export function guardPackets(socket: Socket, limits: PacketLimits): void {
  let used = 0;
  let resetAt = 0;
  let told = false;
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    const now = Date.now();
    if (now >= resetAt) {
      used = 0;
      resetAt = now + limits.events.windowMs;
      told = false;
    }
    used += 1;
    if (used > limits.events.limit) {
      refuse(socket, limits.errors, String(event), ack, tooManyRequests(resetAt - now), told);
      told = true;
      return;
    }
    const { problem, bytes } = inspectInput(args.length === 1 ? args[0] : args, 'payload');
    if (problem) return refuse(socket, limits.errors, String(event), ack, unsafeInputError(problem));
    if (bytes > limits.maxPayload)
      return refuse(socket, limits.errors, String(event), ack, new AppError(413, ErrorCode.PAYLOAD_TOO_LARGE, { limit: limits.maxPayload }));
    next();
  });
}
