import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { loopDelayGate, withGatedLoopDelay } from './loop-delay';

const HEALTH_PROBE = /^(\/api)?\/health(\/|$)/;

/** Prometheus figures for one app: requests and latency per route, and the process. Who may read them: ops-access.ts. */
export function registerMetrics(app: FastifyInstance, options: { app: string }) {
  const registry = new Registry();
  registry.setDefaultLabels({ app: options.app });
  // The event-loop delay histogram samples on a timer: every 10 ms by default, which with one per
  // app cost about 6 ms of CPU a second with nothing to do (issue 17). Every 100 ms still sees a
  // blocked loop; its percentiles are the coarser for it. It samples only while requests come
  // (loop-delay.ts): even every 100 ms was most of an idle server's CPU.
  withGatedLoopDelay(() => collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 }));
  app.addHook('onRequest', async (req) => {
    // A load balancer's probe every few seconds would keep it sampling an idle loop.
    if (!HEALTH_PROBE.test(req.routeOptions.url ?? '')) loopDelayGate.active();
  });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the raw URL: ids in paths would make unbounded label sets.
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: reply.statusCode };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
