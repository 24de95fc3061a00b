import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { z, type ZodType } from 'zod';
import { DEVICE_CREDENTIAL_HEADER, type DeviceAuth, type DeviceSignIn } from '../auth/devices';
import type { Envelope } from './envelope';
import { forbidden, unauthorized } from './errors';
import { translateFor } from './i18n';
import { withRequestContext } from './request-context';

/** Who is calling: set from a verified access token, never from anything the client claims. */
export interface Principal {
  userId: number;
  sessionId: string;
  roles: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when a device signed the request with its own credential (see DeviceAuth). */
    device: DeviceSignIn['device'] | null;
  }
}

/**
 * Who may call a route: true, any signed-in user; a list, users holding one of those roles;
 * 'optional', anyone (the user when a token is sent); 'device', a device by its credential (it acts
 * for its owner: `principal` is the owner's, `device` its own ids); 'user-or-device', either (a
 * token wins when both are sent).
 */
type Auth = boolean | 'optional' | 'device' | 'user-or-device' | readonly string[];
type Out<S> = S extends ZodType ? z.output<S> : undefined;

export type RouteRequest<B, Q, P, A> = Omit<FastifyRequest, 'body' | 'query' | 'params' | 'principal'> & {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  principal: A extends true | readonly string[] | 'device' | 'user-or-device' ? Principal : Principal | null;
};

export interface RouteSpec<B, Q, P, R extends ZodType, A extends Auth> {
  summary: string;
  description?: string;
  tags?: string[];
  body?: B;
  query?: Q;
  params?: P;
  /** Schema of `data`; it is also an allow-list: fields it does not name never leave. */
  response: R;
  status?: 200 | 201 | 202;
  auth?: A;
  /** Runs after authentication and validation, e.g. a rate limit keyed by a body field. */
  preHandler?: preHandlerHookHandler[];
  /** Catalog key of the success message. */
  message?: string;
}

type Handler<B, Q, P, R extends ZodType, A> = (req: RouteRequest<B, Q, P, A>, reply: FastifyReply) => Promise<z.input<R> | FastifyReply>;

export interface RouterOptions {
  envelope: Envelope;
  authenticate(req: FastifyRequest): Promise<Principal>;
  /** The app's device-credential check, for routes that let devices call them. */
  devices: DeviceAuth;
  /**
   * Called after an ADMIN changed something (any method but GET) through a route restricted to
   * ADMINs, or through any route for another user (a `userId` in the path or body that is not
   * theirs), when the handler did not audit the change itself: every admin action is audited,
   * including those of routes added later.
   */
  onAdminChange?(req: FastifyRequest): Promise<void>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Define = <
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  P extends ZodType | undefined = undefined,
  R extends ZodType = ZodType,
  A extends Auth = false,
>(
  url: string,
  spec: RouteSpec<B, Q, P, R, A>,
  handler: Handler<B, Q, P, R, A>,
) => void;

export type Router = Record<'get' | 'post' | 'put' | 'patch' | 'delete', Define>;

/**
 * Registers routes that validate with zod, wrap answers in the app's envelope, check the
 * caller's token and roles, and describe themselves in the OpenAPI document.
 */
export function createRouter(app: FastifyInstance, { envelope, authenticate, devices, onAdminChange }: RouterOptions): Router {
  const signInDevice = async (req: FastifyRequest) => {
    const { principal, device } = await devices.signIn(req.headers[DEVICE_CREDENTIAL_HEADER]);
    req.principal = principal;
    req.device = device;
  };
  const authHook = (auth: Auth) =>
    async function checkAccess(req: FastifyRequest) {
      if (auth === 'optional') {
        if (req.headers.authorization) req.principal = await authenticate(req);
        return;
      }
      if (auth === 'device') return signInDevice(req);
      if (auth === 'user-or-device' && !req.headers.authorization) {
        if (req.headers[DEVICE_CREDENTIAL_HEADER] === undefined) throw unauthorized();
        return signInDevice(req);
      }
      const principal = await authenticate(req);
      if (Array.isArray(auth) && !auth.some((role) => principal.roles.includes(role))) throw forbidden();
      req.principal = principal;
    };

  const define =
    (method: Method): Define =>
    (url, spec, handler) => {
      const status = spec.status ?? 200;
      const adminRoute = Array.isArray(spec.auth) && spec.auth.includes('ADMIN');
      const adminChange = method !== 'GET' && onAdminChange;
      app.route({
        method,
        url,
        schema: {
          summary: spec.summary,
          ...(spec.description && { description: spec.description }),
          ...(spec.tags && { tags: spec.tags }),
          ...(spec.body && { body: spec.body }),
          ...(spec.query && { querystring: spec.query }),
          ...(spec.params && { params: spec.params }),
          ...(spec.auth && { security: securityOf(spec.auth) }),
          response: { [status]: envelope.successSchema(spec.response), '4XX': envelope.failureSchema },
        },
        onRequest: spec.auth ? authHook(spec.auth) : undefined,
        preHandler: spec.preHandler,
        handler: async (req, reply) => {
          const data = await withRequestContext(req, async (context) => {
            const answer = await handler(req as never, reply);
            if (adminChange && !context.audited && req.principal?.roles.includes('ADMIN') && (adminRoute || forAnotherUser(req))) await adminChange(req);
            return answer;
          });
          if (reply.sent || data === reply) return reply;
          const key = spec.message ?? envelope.defaultMessage;
          reply.code(status);
          return envelope.success(data, key && translateFor(req, key));
        },
      });
    };

  return { get: define('GET'), post: define('POST'), put: define('PUT'), patch: define('PATCH'), delete: define('DELETE') };
}

/** The OpenAPI security requirement of a route's `auth` (any one of the schemes listed will do). */
function securityOf(auth: Auth): Array<Record<string, string[]>> {
  if (auth === 'device') return [{ deviceCredential: [] }];
  if (auth === 'user-or-device') return [{ bearerAuth: [] }, { deviceCredential: [] }];
  return [{ bearerAuth: [] }];
}

/** Whether a request names a user other than its caller (`userId` in the path or body). */
function forAnotherUser(req: FastifyRequest): boolean {
  const named = [(req.params as { userId?: unknown } | undefined)?.userId, (req.body as { userId?: unknown } | null | undefined)?.userId];
  return named.some((userId) => userId !== undefined && userId !== null && Number(userId) !== req.principal?.userId);
}

/** Route parameter holding a numeric id: "/users/{id}" with id > 0. */
export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
