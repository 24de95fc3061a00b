import { defineMessages } from './i18n';

export const ErrorCode = defineMessages({
  VALIDATION_ERROR: { ko: '입력값이 유효하지 않습니다.', en: 'The input is not valid.' },
  MALFORMED_JSON: { ko: '요청 본문이 올바른 JSON이 아닙니다.', en: 'The request body is not valid JSON.' },
  BAD_REQUEST: { ko: '잘못된 요청입니다.', en: 'Bad request.' },
  UNAUTHORIZED: { ko: '인증이 필요합니다.', en: 'Authentication is required.' },
  FORBIDDEN: { ko: '이 작업을 수행할 권한이 없습니다.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { ko: '요청한 리소스를 찾을 수 없습니다.', en: 'The requested resource was not found.' },
  ROUTE_NOT_FOUND: { ko: '존재하지 않는 경로입니다: {method} {url}', en: 'No such route: {method} {url}' },
  CONFLICT: { ko: '요청이 현재 상태와 충돌합니다.', en: 'The request conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { ko: '요청 본문이 너무 큽니다. (최대 {limit}바이트)', en: 'The request body is too large (at most {limit} bytes).' },
  UNSUPPORTED_MEDIA_TYPE: { ko: '지원하지 않는 Content-Type입니다.', en: 'Unsupported content type.' },
  HEADERS_TOO_LARGE: { ko: '요청 주소나 헤더가 너무 깁니다.', en: 'The request line or headers are too long.' },
  REQUEST_TIMEOUT: { ko: '요청이 제시간에 도착하지 않았습니다.', en: 'The request did not arrive in time.' },
  RATE_LIMITED: {
    ko: '요청이 너무 많습니다. {retryAfter}초 후에 다시 시도해 주세요.',
    en: 'Too many requests. Try again in {retryAfter} seconds.',
  },
  INTERNAL_ERROR: { ko: '서버 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.', en: 'Something went wrong on our side. Please try again.' },
  SERVICE_UNAVAILABLE: { ko: '서비스를 일시적으로 사용할 수 없습니다.', en: 'The service is temporarily unavailable.' },
});

/**
 * An error a client can act on. `code` is a stable string and also the catalog key of its
 * message; each app's envelope decides how the code is spelled (MIMO adds E_).
 */
export class AppError extends Error {
  retryAfterSec?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly params?: Record<string, unknown>,
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string = ErrorCode.BAD_REQUEST, params?: Record<string, unknown>) => new AppError(400, code, params);
export const unauthorized = (code: string = ErrorCode.UNAUTHORIZED) => new AppError(401, code);
export const forbidden = (code: string = ErrorCode.FORBIDDEN) => new AppError(403, code);
export const notFound = (code: string = ErrorCode.NOT_FOUND) => new AppError(404, code);
export const conflict = (code: string = ErrorCode.CONFLICT) => new AppError(409, code);

export function tooManyRequests(retryAfterMs: number, code: string = ErrorCode.RATE_LIMITED): AppError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const error = new AppError(429, code, { retryAfter });
  error.retryAfterSec = retryAfter;
  return error;
}

/** One field that failed validation: `field` is a dotted path such as "body.email". */
export interface FieldError {
  field: string;
  message: string;
}

export function fieldError(field: string, messageKey: string, status = 400): AppError {
  return new AppError(status, ErrorCode.VALIDATION_ERROR, undefined, [{ field, message: messageKey }]);
}
