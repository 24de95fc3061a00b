import { defineConfig } from 'vitest/config';

// Every test runs on the embedded stores (PGlite, in-process cache); with TEST_DATABASE_URL and
// TEST_REDIS_URL set, every test runs a second time on PostgreSQL and Redis.
const services = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

// Files that change process-wide state for good run with a fresh module graph each (and never
// share a process with the other files): the Sentry SDK is started once per process, and a
// vi.mock of a platform module must not meet a copy the other files already loaded.
const OWN_MODULES = ['test/platform/error-reporting.test.ts', 'test/fitmate/otp.test.ts'];

const stores = (name: string) => [
  { extends: true as const, test: { name, include: ['test/**/*.test.ts'], exclude: OWN_MODULES, env: { MADANG_TEST_STORES: name } } },
  { extends: true as const, test: { name: `${name}-own-modules`, include: OWN_MODULES, isolate: true, env: { MADANG_TEST_STORES: name } } },
];

export default defineConfig({
  test: {
    // Measured at load 8-18 on 2 cores (BENCHMARKS.md): a test database from the template is ready
    // in 2.3-3.6 s (15-25 s when each was migrated), so a hook starting six apps needs about 25 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One fork on 2 cores (vitest's default, cores - 1): two gained nothing on a busy machine.
    pool: 'forks',
    // The files share their fork: the platform's modules and node_modules are loaded, and PGlite's
    // WebAssembly compiled, once per fork instead of once per file.
    isolate: false,
    // A temp DATA_DIR for the run, the migrated template databases, and a check that nothing was
    // written into the project.
    globalSetup: ['test/support/global-setup.ts'],
    projects: [...stores('embedded'), ...(services ? stores('services') : [])],
  },
});
