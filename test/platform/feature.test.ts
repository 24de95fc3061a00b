import { describe, expect, it } from 'vitest';
import type { AppContext, AppCore } from '../../src/platform/app';
import { FeatureHost, featureDefiner } from '../../src/platform/feature';
import type { JobDefinition } from '../../src/platform/jobs/types';

// How FeatureHost builds a feature, on stand-ins for the core's parts: the contract itself (what a
// feature receives, in which order its hooks run, what it may not do). The apps' features run on
// the real core in every app test.
type Types = { jobs: { 'report.send': { to: string } }; notifications: 'hello' };
const defineFeature = featureDefiner<Types>();

function host(schema: Record<string, unknown> = {}) {
  const defined: JobDefinition<object>[] = [];
  const calls: string[] = [];
  const core = {
    router: { name: 'router' },
    gateway: { name: 'gateway' },
    cache: { name: 'cache' },
    notifications: { name: 'notifications' },
    jobs: { define: (definition: JobDefinition<object>) => defined.push(definition) },
  } as unknown as AppCore<Types>;
  const ctx = { database: { db: { name: 'db' } }, config: { name: 'config' }, logger: { name: 'logger' } } as unknown as AppContext;
  return { host: new FeatureHost(core, ctx, schema), core, defined, calls };
}

describe('FeatureHost', () => {
  it('hands a feature only the capabilities it declared, with the database, config and logger', () => {
    const { host: app, core } = host();
    let seen: Record<string, unknown> = {};
    app.add(
      defineFeature({
        name: 'reports',
        needs: ['cache'],
        services: (kit) => {
          seen = { ...kit, core: { ...kit.core } };
        },
      }),
    );
    expect(Object.keys(seen.core as object)).toEqual(['cache']);
    expect((seen.core as { cache: unknown }).cache).toBe(core.cache);
    expect(seen).toMatchObject({ db: { name: 'db' }, config: { name: 'config' }, logger: { name: 'logger' } });
  });

  it("builds services first, then routes, sockets and jobs with them, and returns the services to the app's wiring", () => {
    const { host: app, core, defined } = host();
    const order: string[] = [];
    const services = app.add(
      defineFeature({
        name: 'reports',
        needs: [],
        services: (_kit, uses: { prefix: string }) => {
          order.push('services');
          return { label: `${uses.prefix}-reports` };
        },
        routes(router, { label }) {
          order.push(`routes:${label}`);
          expect(router).toBe(core.router);
        },
        sockets(gateway, { label }) {
          order.push(`sockets:${label}`);
          expect(gateway).toBe(core.gateway);
        },
        jobs: ({ label }) => {
          order.push(`jobs:${label}`);
          return { 'report.send': { retryLimit: 1, handler: async ({ to }) => `${label} to ${to}` } };
        },
      }),
      { prefix: 'weekly' },
    );
    expect(services).toEqual({ label: 'weekly-reports' });
    expect(order).toEqual(['services', 'routes:weekly-reports', 'sockets:weekly-reports', 'jobs:weekly-reports']);
    expect(defined.map((d) => [d.name, d.retryLimit])).toEqual([['report.send', 1]]);
  });

  it('refuses a feature added twice and a table the app schema does not hold', () => {
    const inSchema = { name: 'reports_table' };
    const { host: app } = host({ reports: inSchema });
    app.add(defineFeature({ name: 'reports', tables: { reports: inSchema }, needs: [], services: () => undefined }));
    expect(() => app.add(defineFeature({ name: 'reports', needs: [], services: () => undefined }))).toThrow('feature reports added twice');
    expect(() => app.add(defineFeature({ name: 'drafts', tables: { drafts: { name: 'drafts_table' } }, needs: [], services: () => undefined }))).toThrow(
      "feature drafts: table drafts is not in the app's schema",
    );
  });
});
