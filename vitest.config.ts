import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/sequencer';

// Every test runs on the embedded stores (PGlite, in-process cache); with TEST_DATABASE_URL and
// TEST_REDIS_URL set, every test runs a second time on PostgreSQL and Redis.
const services = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

// Files that change process-wide state for good run with a fresh module graph each (and never
// share a process with the other files): the Sentry SDK is started once per process, and a
// vi.mock of a platform module must not meet a copy the other files already loaded.
const OWN_MODULES = ['test/platform/error-reporting.test.ts', 'test/fitmate/otp.test.ts'];

// Files that open no store (pure functions, the lint rules, PGlite's own template files): the
// services pass would run them a second time to the same end.
const STORE_FREE = [
  'test/config.test.ts',
  'test/config-example.test.ts',
  'test/lint/*.test.ts',
  'test/auth/passwords.test.ts',
  'test/fitmate/periods.test.ts',
  'test/fitmate/catalog-data.test.ts',
  'test/platform/cron.test.ts',
  'test/platform/console-counters.test.ts',
  'test/platform/loop-delay.test.ts',
  'test/platform/feature.test.ts',
  'test/platform/database-template.test.ts',
];

const stores = (name: string) => [
  {
    extends: true as const,
    test: { name, include: ['test/**/*.test.ts'], exclude: [...OWN_MODULES, ...(name === 'services' ? STORE_FREE : [])], env: { MADANG_TEST_STORES: name } },
  },
  { extends: true as const, test: { name: `${name}-own-modules`, include: OWN_MODULES, isolate: true, env: { MADANG_TEST_STORES: name } } },
];

export default defineConfig({
  test: {
    // Limits a busy machine never reaches; a test's own waits end it sooner, saying what it waited
    // for (support/waits.ts). Measured on 2 cores at load 15-19 (other suites running beside): a
    // store opened from the template in 6-14 s and an app built in 3-6 s, so a test that starts an
    // app took 30 s (and timed out at the former 30 s), and the slowest tests without a limit of
    // their own 25 s; a hook starting three apps needs about 60 s.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Two forks on 2 cores: a fork keeps one core about 90 % busy (its main thread and PGlite's
    // together), so the second core ran idle with one; each fork runs whole files.
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    // The files share their fork: the platform's modules and node_modules are loaded, and PGlite's
    // WebAssembly compiled, once per fork instead of once per file.
    isolate: false,
    // A temp DATA_DIR for the run, the migrated template databases, and a check that nothing was
    // written into the project.
    globalSetup: ['test/support/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
    projects: [...stores('embedded'), ...(services ? stores('services') : [])],
  },
});
