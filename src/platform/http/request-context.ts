import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';

/** The request a route handler is serving, for code far below it (the audit log, error reports). */
export interface RequestContext {
  req: FastifyRequest;
  /** Set once the handler wrote an audit entry, so the router adds no generic one for the same action. */
  audited: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs a route handler with its request in context. */
export function withRequestContext<T>(req: FastifyRequest, run: (context: RequestContext) => Promise<T>): Promise<T> {
  const context: RequestContext = { req, audited: false };
  return storage.run(context, () => run(context));
}

/** The request being served, when there is one (none in jobs and socket events). */
export const currentRequest = (): RequestContext | undefined => storage.getStore();
