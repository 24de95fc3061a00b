import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (figures of BENCHMARKS.md, "The test suite"), longest first. Two
 * forks share each pass's files: one of these started last would leave the other fork idle
 * while it runs (process.test.ts alone takes a minute and a half on PGlite).
 */
const LONGEST = [
  'test/process.test.ts',
  'test/platform/jobs.test.ts',
  'test/durability.test.ts',
  'test/security/fuzz.test.ts',
  'test/platform/sms-providers.test.ts',
  'test/mimo/cameras-hot.test.ts',
  'test/deploy/topology.test.ts',
  'test/platform/push.test.ts',
  'test/mimo/live-browser.test.ts',
  'test/console/queues.test.ts',
  'test/platform/database-pool.test.ts',
  'test/platform/audit.test.ts',
  'test/console/admin-routes.test.ts',
  'test/demo.test.ts',
  'test/platform/lifecycle.test.ts',
];

/**
 * Vitest's order (the longest first by the last run's durations where it has them; on a fresh
 * clone, as in CI, the largest files first), with the known long files ahead of the rest.
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
      return index < 0 ? LONGEST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
