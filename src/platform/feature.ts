import type { Logger } from 'pino';
import type { Config } from '../config';
import type { AppContext, AppCore, AppTypes } from './app';
import type { Db } from './db/database';
import type { Jobs } from './jobs/jobs';
import type { JobDefinition } from './jobs/types';

/** The platform services a feature may ask for: AppCore's parts, by name. */
export type Capability = keyof AppCore;

/** What a feature is built with: only the capabilities it declared, its database, and the services of the features it uses. */
export interface FeatureKit<T extends AppTypes, Needs extends Capability> {
  core: Pick<AppCore<T>, Needs>;
  db: Db;
  config: Config;
  logger: Logger;
}

/** The job definitions a feature contributes: each under a name the app declares, with that job's data. */
export type FeatureJobs<T extends AppTypes> = { [N in keyof T['jobs'] & string]?: Omit<JobDefinition<T['jobs'][N]>, 'name'> };

/**
 * One feature of an app (cameras, workouts, counselling…): its tables, the services it builds,
 * and the routes, socket listeners and jobs it adds. Every feature of every app has this shape,
 * and the app lists them in order in its `index.ts`.
 */
export interface Feature<T extends AppTypes, Needs extends Capability, Uses, Services> {
  /** The feature's folder name. */
  name: string;
  /** The feature's tables (its `tables.ts`); each must be in the app's schema. */
  tables?: Record<string, unknown>;
  /** The platform capabilities the feature uses; it receives these and no others. */
  needs: readonly Needs[];
  /** Builds the feature's services from the capabilities it declared and the services of the features it uses. */
  services(kit: FeatureKit<T, Needs>, uses: Uses): Services;
  /** Adds the feature's HTTP routes. */
  routes?(router: AppCore['router'], services: Services, kit: FeatureKit<T, Needs>): void;
  /** Listens to the app's sockets. */
  sockets?(gateway: AppCore<T>['gateway'], services: Services, kit: FeatureKit<T, Needs>): void;
  /** The feature's durable jobs and cron, by name. */
  jobs?(services: Services, kit: FeatureKit<T, Needs>): FeatureJobs<T>;
}

/**
 * `defineFeature` for one app's types: each app exports one (`src/apps/<app>/feature.ts`), so a
 * feature names only that app's jobs, notification types and socket events.
 */
export function featureDefiner<T extends AppTypes>() {
  return <const Needs extends Capability, Uses = Record<never, never>, Services = void>(feature: Feature<T, Needs, Uses, Services>) => feature;
}

/** Builds features in the order the app adds them: each gets its declared capabilities, and its services go to the features after it. */
export class FeatureHost<T extends AppTypes> {
  private readonly names = new Set<string>();
  private readonly schemaTables: Set<unknown>;

  constructor(
    private readonly core: AppCore<T>,
    private readonly ctx: AppContext,
    schema: Record<string, unknown>,
  ) {
    this.schemaTables = new Set(Object.values(schema));
  }

  add<Needs extends Capability, Uses, Services>(
    feature: Feature<T, Needs, Uses, Services>,
    ...uses: Record<never, never> extends Uses ? [Uses?] : [Uses]
  ): Services {
    if (this.names.has(feature.name)) throw new Error(`feature ${feature.name} added twice`);
    this.names.add(feature.name);
    for (const [name, table] of Object.entries(feature.tables ?? {})) {
      if (!this.schemaTables.has(table)) throw new Error(`feature ${feature.name}: table ${name} is not in the app's schema`);
    }
    const kit: FeatureKit<T, Needs> = {
      core: pick(this.core, feature.needs),
      db: this.ctx.database.db,
      config: this.ctx.config,
      logger: this.ctx.logger,
    };
    const services = feature.services(kit, (uses[0] ?? {}) as Uses);
    feature.routes?.(this.core.router, services, kit);
    feature.sockets?.(this.core.gateway, services, kit);
    const jobs = feature.jobs?.(services, kit) ?? {};
    const queue: Jobs = this.core.jobs;
    for (const [name, definition] of Object.entries(jobs)) queue.define({ ...(definition as JobDefinition<object>), name });
    return services;
  }
}

/** Only the named parts: a feature cannot reach a capability it did not declare, at compile time or at run time. */
function pick<T extends object, K extends keyof T>(whole: T, keys: readonly K[]): Pick<T, K> {
  const part = {} as Pick<T, K>;
  for (const key of keys) part[key] = whole[key];
  return part;
}
