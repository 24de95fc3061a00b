/* global process, fetch, AbortSignal */
// The container's HEALTHCHECK: every app port in HEALTHCHECK_PORTS (by default the three apps'
// ports from FITMATE_PORT, MINDPAUSE_PORT and MIMO_PORT) answers /health/live within 3 seconds.
const env = process.env;
const ports = (env.HEALTHCHECK_PORTS ?? [env.FITMATE_PORT ?? 8080, env.MINDPAUSE_PORT ?? 8000, env.MIMO_PORT ?? 4001].join(','))
  .split(/[\s,]+/)
  .filter(Boolean);
const live = (port) =>
  fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(3_000) }).then(
    (r) => r.ok,
    () => false,
  );
const results = await Promise.all(ports.map(live));
process.exit(results.every(Boolean) ? 0 : 1);
