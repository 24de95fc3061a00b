import type * as SentryModule from '@sentry/node';
import type { FastifyRequest } from 'fastify';

export interface ErrorReportingConfig {
  dsn: string;
  /** `madang@<version>` unless SENTRY_RELEASE names it (a commit, a tag). */
  release: string;
  environment: string;
}

/** The request headers an error report may carry; every other header (Authorization, Cookie, device credentials…) stays out. */
const HEADERS_KEPT = new Set(['user-agent', 'accept-language', 'content-type', 'content-length', 'x-request-id', 'host']);

/**
 * Errors only, and only what we capture ourselves: no request, framework or database
 * instrumentation (they would read requests, bodies and statements), no local variables.
 */
const INTEGRATIONS_KEPT = new Set([
  'EventFilters',
  'FunctionToString',
  'LinkedErrors',
  'Dedupe',
  'NodeSystemError',
  'OnUncaughtException',
  'OnUnhandledRejection',
  'Context',
]);

/** The SDK, loaded only when SENTRY_DSN is set (it is large, and a node without it has no use for it). */
let Sentry: typeof SentryModule | undefined;

/**
 * Sends errors to Sentry (SENTRY_DSN): unexpected failures of requests (with the route, method,
 * request id and the caller's user id, never their email, phone, tokens or body), and the
 * process's uncaught exceptions. Once per process; without a DSN nothing is sent.
 */
export async function startErrorReporting(config: ErrorReportingConfig | undefined): Promise<void> {
  if (!config || Sentry) return;
  Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: config.dsn,
    release: config.release,
    environment: config.environment,
    // Nothing about people unless we set it (the user id, below).
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: { request: { allow: [...HEADERS_KEPT] }, response: false },
      httpBodies: [],
      urlQueryParams: false,
      genAI: { inputs: false, outputs: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    },
    integrations: (defaults) => defaults.filter((integration) => INTEGRATIONS_KEPT.has(integration.name)),
    beforeSend: scrub,
    beforeBreadcrumb: () => null,
  });
}

/** Reports an unexpected failure of a request: what it was, who made it (id only), and the error. */
export function reportRequestError(error: unknown, req: FastifyRequest, app: string): void {
  if (!Sentry) return;
  const sdk = Sentry;
  sdk.withScope((scope) => {
    scope.setTag('app', app);
    scope.setTag('route', req.routeOptions.url ?? 'unmatched');
    scope.setTag('request_id', req.id);
    if (req.principal) scope.setUser({ id: String(req.principal.userId) });
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => HEADERS_KEPT.has(name))
        .map(([name, value]) => [name, String(value)]),
    );
    // The path without its query (which may carry codes, signatures or tokens), and no body.
    scope.addEventProcessor((event) => ({ ...event, request: { method: req.method, url: req.url.split('?')[0], headers } }));
    sdk.captureException(error);
  });
}

/** Sends what is queued, for a process about to exit. */
export async function flushErrorReports(timeoutMs = 2_000): Promise<void> {
  await Sentry?.flush(timeoutMs);
}

// Drizzle puts a failed statement's values in its message ("params: alice@example.com,…").
const PARAMS = /(\bparams:)[\s\S]*$/i;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const BEARER = /\b(bearer\s+)[\w.~+/-]+=*/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;

const clean = (text: string) =>
  text.replace(PARAMS, '$1 [removed]').replace(BEARER, '$1[removed]').replace(JWT, '[token removed]').replace(EMAIL, '[email removed]');

/** The last word on what leaves: user id only, allowed headers only, no body, no query, no values in messages. */
function scrub(event: SentryModule.ErrorEvent): SentryModule.ErrorEvent {
  if (event.user) event.user = event.user.id === undefined ? undefined : { id: event.user.id };
  if (event.request) {
    const { method, url, headers } = event.request;
    event.request = {
      method,
      url: url?.split('?')[0],
      headers: headers && Object.fromEntries(Object.entries(headers).filter(([name]) => HEADERS_KEPT.has(name.toLowerCase()))),
    };
  }
  if (event.message) event.message = clean(event.message);
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = clean(exception.value);
  }
  delete event.extra;
  delete event.breadcrumbs;
  return event;
}
