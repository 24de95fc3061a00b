import { defineConfig } from 'vitest/config';

// Every test runs on the embedded stores (PGlite, in-process cache); with TEST_DATABASE_URL and
// TEST_REDIS_URL set, every test runs a second time on PostgreSQL and Redis.
const services = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Measured at load 8-18 on 2 cores (BENCHMARKS.md): a test database from the template is ready
    // in 2.3-3.6 s (15-25 s when each was migrated), so a hook starting six apps needs about 25 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One fork on 2 cores (vitest's default, cores - 1): two gained nothing on a busy machine.
    pool: 'forks',
    // A temp DATA_DIR for the run, the migrated template databases, and a check that nothing was
    // written into the project.
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      { extends: true as const, test: { name: 'embedded', env: { MADANG_TEST_STORES: 'embedded' } } },
      ...(services ? [{ extends: true as const, test: { name: 'services', env: { MADANG_TEST_STORES: 'services' } } }] : []),
    ],
  },
});
