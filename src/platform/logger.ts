import pino, { type Logger } from 'pino';

const SECRET_QUERY = /([?&](?:code|state|token|access_token|refresh_token|id_token|password|signature|x-amz-signature|x-amz-credential)=)[^&#]*/gi;

/** An opaque token in a path (MIMO's pairing code in /api/qr/:code/info): 32 or more base64url characters in a row. */
const SECRET_IN_PATH = /[A-Za-z0-9_-]{32,}/g;

/** A URL fit for the log: the values of secret query parameters and tokens in the path are blanked. */
export function redactUrl(url: string): string {
  const start = url.search(/[?#]/);
  const path = start === -1 ? url : url.slice(0, start);
  const rest = start === -1 ? '' : url.slice(start);
  return path.replace(SECRET_IN_PATH, '[REDACTED]') + rest.replace(SECRET_QUERY, '$1[REDACTED]');
}

const SECRET_KEYS = ['password', 'currentPassword', 'newPassword', 'passwordHash', 'token', 'accessToken', 'refreshToken', 'idToken', 'secret'];

interface LoggedError {
  type?: string;
  message?: string;
  stack?: string;
  code?: string;
  query?: string;
  params?: unknown;
  cause?: unknown;
}

/**
 * Errors as the log keeps them. A failed SQL statement keeps its text and the database's reason
 * but not its parameters (nor the message and stack that repeat them): they can hold password
 * hashes or token digests.
 */
function serializeError(error: unknown): LoggedError {
  const plain = pino.stdSerializers.err(error as Error) as LoggedError;
  if (plain && 'params' in plain) {
    const cause = (error as { cause?: Error & { code?: string } }).cause;
    return { type: plain.type, message: cause?.message ?? 'query failed', code: cause?.code, query: plain.query, stack: cause?.stack };
  }
  return plain;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`])],
        censor: '[REDACTED]',
      },
      serializers: {
        err: serializeError,
        req: (req: { method: string; url: string; ip?: string; id?: string; headers: Record<string, unknown> }) => ({
          method: req.method,
          url: redactUrl(req.url),
          ip: req.ip,
          userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
