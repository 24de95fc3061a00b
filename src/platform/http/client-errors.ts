import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Envelope } from './envelope';
import { ErrorCode } from './errors';
import type { MessageCatalog } from './i18n';

/**
 * What Node answers itself, before any route runs, to a request it cannot parse (headers or URL
 * too long, a malformed request line, a client too slow): the app's envelope, like every other
 * refusal, in its words, instead of Fastify's own `{error, message, statusCode}`. No request was
 * read, so no language either: Korean.
 */
export function clientErrorHandler(envelope: Envelope, messages: MessageCatalog) {
  return (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, ErrorCode.HEADERS_TOO_LARGE]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, ErrorCode.REQUEST_TIMEOUT]
          : [400, ErrorCode.BAD_REQUEST];
    const body = JSON.stringify(envelope.failure(code, messages.translate('ko', code), undefined));
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
