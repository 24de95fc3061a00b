import { z, type ZodType } from 'zod';
import { defineMessages } from './i18n';

const Message = defineMessages({
  REQUEST_OK: { ko: '요청이 성공적으로 처리되었습니다.', en: 'The request was processed successfully.' },
});

/**
 * The shape every answer of an app takes. FitMate and MindPause use the standard envelope of
 * their documents; MIMO uses its own `{ok, data}` form and spells error codes with an E_ prefix.
 */
export interface Envelope {
  /** Which of the two shapes: clients that serve every app (the console) read it from /status. */
  readonly name: 'standard' | 'mimo';
  success(data: unknown, message: string | undefined): unknown;
  failure(code: string, message: string, details: unknown): unknown;
  successSchema(data: ZodType): ZodType;
  /** How the app spells an error code (MIMO adds E_), wherever a code reaches a client outside an answer. */
  code(code: string): string;
  readonly failureSchema: ZodType;
  /** Message key used when a route names none; undefined leaves the message out. */
  readonly defaultMessage?: string;
}

const details = z.array(z.object({ field: z.string(), message: z.string() })).or(z.record(z.string(), z.unknown()));

export const standardEnvelope: Envelope = {
  name: 'standard',
  success: (data, message) => ({ success: true, data, message, timestamp: new Date().toISOString() }),
  failure: (code, message, details) => ({
    success: false,
    error: { code, message, details: details ?? null },
    timestamp: new Date().toISOString(),
  }),
  successSchema: (data) => z.object({ success: z.literal(true), data, message: z.string(), timestamp: z.string() }),
  failureSchema: z.object({
    success: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: details.nullable() }),
    timestamp: z.string(),
  }),
  code: (code) => code,
  defaultMessage: Message.REQUEST_OK,
};

/** VALIDATION_ERROR → E_VALIDATION, NOT_FOUND → E_NOT_FOUND, INTERNAL_ERROR → E_INTERNAL. */
export const mimoCode = (code: string) => `E_${code.replace(/_ERROR$/, '')}`;

export const mimoEnvelope: Envelope = {
  name: 'mimo',
  success: (data, message) => (message === undefined ? { ok: true, data } : { ok: true, data, message }),
  failure: (code, message, details) => ({
    ok: false,
    error: details === undefined ? { code: mimoCode(code), message } : { code: mimoCode(code), message, details },
  }),
  successSchema: (data) => z.object({ ok: z.literal(true), data, message: z.string().optional() }),
  code: mimoCode,
  failureSchema: z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: details.optional() }),
  }),
};
