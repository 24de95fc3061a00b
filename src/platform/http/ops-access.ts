import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OpsAccess } from '../../config';
import { safeEqual } from '../auth/crypto';
import { AppError, ErrorCode, unauthorized } from './errors';

/** What tells about the server rather than serving its users: metrics, the API documents, store health. */
const OPS_PATH = /^\/(metrics|docs|api\/health\/db)(\/|$|\?)/;

// Loopback, private and link-local networks: where a scraper or a probe inside the deployment is.
const internal = new BlockList();
for (const [net, prefix] of [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  internal.addSubnet(net, prefix, 'ipv6');

/**
 * A request from inside the deployment: its peer is on a loopback or private network and it came
 * through no proxy (a proxy says so in X-Forwarded-For or Forwarded, and a public request relayed
 * by a proxy on the same host would otherwise look local).
 */
export function isInternalRequest(req: FastifyRequest): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const family = isIP(peer);
  return family !== 0 && internal.check(peer, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Guards /metrics, /docs and /api/health/db (OPS_TOKEN, or NODE_ENV=production): with a token they
 * answer only `Authorization: Bearer <OPS_TOKEN>` (401 otherwise); `internal` answers only requests
 * from inside the deployment and tells anyone else there is no such route; `public` answers all.
 */
export function registerOpsAccess(app: FastifyInstance, ops: OpsAccess): void {
  if (ops.access === 'public') return;
  app.addHook('onRequest', async (req) => {
    if (!OPS_PATH.test(req.url)) return;
    if (ops.access === 'token') {
      if (!safeEqual(req.headers.authorization ?? '', `Bearer ${ops.token}`)) throw unauthorized();
      return;
    }
    if (!isInternalRequest(req)) throw new AppError(404, ErrorCode.ROUTE_NOT_FOUND, { method: req.method, url: req.url.split('?')[0] });
  });
}
