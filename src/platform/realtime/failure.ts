import type { Envelope } from '../http/envelope';
import { AppError, ErrorCode, type FieldError } from '../http/errors';
import type { Lang, MessageCatalog } from '../http/i18n';
import { RequestValidationError } from '../http/validation';

/**
 * What a socket client is told when one of its events is refused: the app's envelope failure
 * (`{ok: false, error: {code, message, details?}}` for MIMO), in the client's language and the
 * app's words. Anything that is not an AppError or a validation error is told only that it went
 * wrong.
 */
export function describeFailure(error: unknown, lang: Lang, envelope: Envelope, messages: MessageCatalog): unknown {
  const { translate } = messages;
  if (error instanceof RequestValidationError) {
    return envelope.failure(ErrorCode.VALIDATION_ERROR, translate(lang, ErrorCode.VALIDATION_ERROR), error.fieldErrors(lang, messages));
  }
  if (error instanceof AppError) {
    const details = Array.isArray(error.details)
      ? (error.details as FieldError[]).map((d) => ({ field: d.field, message: translate(lang, d.message) }))
      : undefined;
    return envelope.failure(error.code, translate(lang, error.code, error.params), details);
  }
  return envelope.failure(ErrorCode.INTERNAL_ERROR, translate(lang, ErrorCode.INTERNAL_ERROR), undefined);
}

/** Whether the failure is the client's (refused input) rather than ours (worth a log line). */
export const isClientFailure = (error: unknown) => error instanceof AppError || error instanceof RequestValidationError;
