import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { AppConfig, Config } from '../../config';
import type { Cache } from '../cache';
import type { Envelope } from './envelope';
import { clientErrorHandler } from './client-errors';
import { AppError, ErrorCode, type FieldError } from './errors';
import { type MessageCatalog, requestLang } from './i18n';
import { reportRequestError } from '../monitoring/error-reporting';
import { registerInputGuard } from './input-guard';
import { registerMetrics } from './metrics';
import { registerOpsAccess } from './ops-access';
import { BatchedRateLimiter } from './rate-limit';
import { registerSecurityHeaders } from './security-headers';
import { refuseUnknownQueryParameters } from './strict-query';
import { RequestValidationError, bodyIsOptional, validatorCompiler } from './validation';

export interface HttpServerOptions {
  config: Config;
  app: AppConfig;
  title: string;
  description: string;
  envelope: Envelope;
  /** The app's messages: every answer's words come from them. */
  messages: MessageCatalog;
  cache: Cache;
  logger: FastifyBaseLogger;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's UPLOAD_LIMIT: the largest file a multipart request may carry. */
    uploadLimit: number;
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const OPTIONAL_BODY = 'x-body-optional';
// The console's and pages' files (/web) are not requests anyone could abuse to any effect.
const UNLIMITED = /^\/(health|metrics|docs|web)(\/|$|\?)/;
/** Probes are answered but not logged: a load balancer or Prometheus asking every few seconds would drown the log. */
const PROBES = new Set(['/health', '/health/live', '/health/ready', '/api/health', '/api/health/db', '/metrics', '/status']);

/** One log line per request, written when it is answered: what was asked, the status and the time taken. */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(req)) return;
    const line = { req, res: reply, responseTime: reply.elapsedTime };
    if (error) req.log.error({ ...line, err: error }, 'request errored');
    else req.log.info(line, 'request completed');
  }
}

/** One app's Fastify instance with everything every app shares; the app adds its routes. */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { config, app: appConfig, envelope, messages } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    forceCloseConnections: 'idle',
    logController: new RequestLog({ disableRequestLogging: (req) => PROBES.has(req.routeOptions?.url ?? '') }),
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler: clientErrorHandler(envelope, messages),
    // A URL the router cannot take (a path parameter too long, bad percent-encoding): a 400 like any other.
    frameworkErrors: (error, req, reply) => {
      fail(req, reply, 400, ErrorCode.BAD_REQUEST);
    },
  });
  app.decorate('messages', messages);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('device', null);
  refuseUnknownQueryParameters(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // Some clients send `Content-Type: application/json` with nothing after it on every POST. On a
  // route whose body is optional that means "no body" and reads as {}; where a body is required
  // it stays a 400. Everything else is parsed as Fastify always does (prototype poisoning refused).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '' && bodyIsOptional(req.routeOptions.schema?.body)) return done(null, {});
    // Fastify's own JSON parser answers through done() and returns nothing to wait for.
    void parseJson(req, body as string, done);
  });

  registerSecurityHeaders(app);
  registerOpsAccess(app, config.ops);
  registerInputGuard(app);
  await app.register(cors, {
    origin: (origin, done) => done(null, !origin || appConfig.corsOrigins.includes(origin) ? origin || false : false),
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
  });
  await app.register(cookie);
  // Files are read by the routes that take them (platform/storage/upload.ts), one per request.
  await app.register(multipart, { limits: { fileSize: appConfig.uploadLimit, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 40, headerPairs: 100 } });
  app.decorate('uploadLimit', appConfig.uploadLimit);

  const general = new BatchedRateLimiter(options.cache, 'general', appConfig.rateLimits.general);
  app.addHook('onClose', () => general.close());
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'OPTIONS' || UNLIMITED.test(req.url)) return;
    const state = await general.consume(req.ip);
    reply.header('x-ratelimit-limit', state.limit);
    reply.header('x-ratelimit-remaining', state.remaining);
    reply.header('x-ratelimit-reset', Math.ceil(state.resetMs / 1000));
  });

  const fail = (req: FastifyRequest, reply: FastifyReply, status: number, code: string, params?: Record<string, unknown>, details?: unknown) => {
    return reply.code(status).send(envelope.failure(code, messages.translate(requestLang(req), code, params), details));
  };

  app.setErrorHandler((error: FastifyError | AppError | RequestValidationError, req, reply) => {
    const lang = requestLang(req);
    if (error instanceof RequestValidationError) {
      return fail(req, reply, 400, ErrorCode.VALIDATION_ERROR, undefined, error.fieldErrors(lang, messages));
    }
    if (error instanceof AppError) {
      if (error.retryAfterSec) reply.header('retry-after', error.retryAfterSec);
      const details = Array.isArray(error.details)
        ? (error.details as FieldError[]).map((d) => ({ field: d.field, message: messages.translate(lang, d.message) }))
        : error.details;
      // A health route answering 503 reports a state (draining, a store down), not a failure of its own.
      if (error.status >= 500 && !req.routeOptions.url?.startsWith('/health')) req.log.error({ err: error }, 'request failed');
      return fail(req, reply, error.status, error.code, error.params, details);
    }
    const status = error.statusCode ?? 500;
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return fail(req, reply, 400, ErrorCode.MALFORMED_JSON);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return fail(req, reply, 413, ErrorCode.PAYLOAD_TOO_LARGE, { limit: config.bodyLimit });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return fail(req, reply, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
      case 'FST_REQ_FILE_TOO_LARGE':
        return fail(req, reply, 413, ErrorCode.PAYLOAD_TOO_LARGE, { limit: appConfig.uploadLimit });
    }
    if (status >= 400 && status < 500) {
      return fail(req, reply, status, status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.BAD_REQUEST);
    }
    if (isDataException(error)) {
      // A value the database refused (out of range, not text it can store): the input's fault, and
      // a route's validation should have caught it, so it is logged to be fixed there.
      req.log.warn({ err: error, route: req.routeOptions.url }, 'input refused by the database');
      return fail(req, reply, 400, ErrorCode.BAD_REQUEST);
    }
    // Whatever went wrong stays in the log (and goes to Sentry when set); the client learns only that it did.
    req.log.error({ err: error }, 'request failed');
    reportRequestError(error, req, appConfig.name);
    if (isStoreUnavailable(error)) {
      // Overloaded or unreachable: nothing the client did wrong, and worth trying again shortly.
      reply.header('retry-after', 1);
      return fail(req, reply, 503, ErrorCode.SERVICE_UNAVAILABLE);
    }
    return fail(req, reply, 500, ErrorCode.INTERNAL_ERROR);
  });

  app.setNotFoundHandler((req, reply) => fail(req, reply, 404, ErrorCode.ROUTE_NOT_FOUND, { method: req.method, url: req.url.split('?')[0] }));

  await app.register(swagger, {
    openapi: {
      info: { title: options.title, description: options.description, version: '1.0.0' },
      servers: [{ url: appConfig.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          deviceCredential: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Device-Credential',
            description: 'A device’s own credential, issued by the app when the device is registered',
          },
        },
      },
    },
    // Fastify-swagger calls every body required; one a route takes or leaves (see the JSON parser
    // above) is documented as optional.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      return input.schema?.body && bodyIsOptional(input.schema.body) ? { ...out, schema: { ...out.schema, [OPTIONAL_BODY]: true } } : out;
    },
    transformObject: (input) => {
      const doc = 'openapiObject' in input ? input.openapiObject : input.swaggerObject;
      for (const operations of Object.values(doc.paths ?? {})) {
        for (const operation of Object.values(operations as Record<string, Record<string, unknown>>)) {
          if (!operation?.[OPTIONAL_BODY]) continue;
          delete operation[OPTIONAL_BODY];
          if (operation.requestBody) (operation.requestBody as { required: boolean }).required = false;
        }
      }
      return doc;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  registerMetrics(app, { app: appConfig.name });
  return app;
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a number out of range, an invalid date, bytes
 * it cannot store as text) and a value nested too deeply for it (54001). Walks the causes.
 */
function isDataException(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22[0-9A-Z]{3}|54001)$/.test(code)) return true;
  }
  return false;
}

/**
 * The database or cache could not be reached in time: the pool's wait for a connection ran out,
 * or a connection was refused, reset or closed, or the store has been shut down under a request. Walks the causes (Drizzle wraps the driver's error).
 */
function isStoreUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '53300'].includes(code)) return true;
    if (
      /timeout exceeded when trying to connect|Connection terminated|Connection is closed|Cannot use a pool after calling end|PGlite is closed/.test(e.message)
    )
      return true;
  }
  return false;
}
