import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Helmet's default security headers (CSP, HSTS, nosniff, frame and referrer policies, …). They
 * never change, so helmet runs once at start-up and every answer gets the same set: helmet
 * itself would rebuild the CSP string on each request.
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
