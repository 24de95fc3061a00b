import { z } from 'zod';
import type { AppConfig, Config } from '../../config';
import type { Cache } from '../cache';
import { type Database, pingDatabase } from '../db/database';
import type { Jobs } from '../jobs/jobs';
import type { Gateway } from '../realtime/gateway';

/** A page of the app for people, listed on the landing page. */
export interface SitePage {
  path: string;
  title: string;
  description: string;
}

/** How an app presents itself at `/`, and what its console shows besides the platform's sections. */
export interface SiteSpec {
  /** One line, Korean. */
  tagline: string;
  /** A few short paragraphs, Korean first. */
  about: string[];
  /** Its pages for people (besides the console and the API docs). */
  pages: SitePage[];
  /** The entry of the front-end build (web/dist/<entry>.html) served at /app, if the app has one. */
  webApp?: string;
  /** The console sections particular to the app (reports, flags, support, cameras). */
  consoleSections: string[];
}

/** The sections every app's console has. */
export const PLATFORM_SECTIONS = ['overview', 'users', 'jobs', 'notifications', 'sms'] as const;

const probe = z.object({ driver: z.string(), status: z.enum(['up', 'down']), latencyMs: z.number().nullable() });
export const siteInfoSchema = z.object({
  app: z.string(),
  displayName: z.string(),
  title: z.string(),
  tagline: z.string(),
  about: z.array(z.string()),
  env: z.string(),
  apiPrefix: z.string(),
  envelope: z.enum(['standard', 'mimo']),
  status: z.object({
    database: probe,
    cache: probe,
    channels: z.object({ sms: z.string(), email: z.enum(['smtp', 'recording']), push: z.enum(['vapid', 'vapid-generated']) }),
    jobs: z.object({ running: z.boolean(), kinds: z.number(), counts: z.record(z.string(), z.number()) }),
    realtime: z.object({ sockets: z.number(), users: z.number() }),
  }),
  pages: z.array(z.object({ path: z.string(), title: z.string(), description: z.string() })),
  console: z.object({ path: z.string(), sections: z.array(z.string()) }),
  docs: z.string(),
  apps: z.array(z.object({ name: z.string(), url: z.string(), current: z.boolean() })),
});
export type SiteInfo = z.infer<typeof siteInfoSchema>;

export interface SiteStatusDeps {
  config: Config;
  app: AppConfig;
  displayName: string;
  title: string;
  apiPrefix: string;
  envelope: 'standard' | 'mimo';
  spec: SiteSpec;
  database: Database;
  cache: Cache;
  gateway: Gateway;
  jobs: Jobs;
}

const FRESH_MS = 2_000;
const PROBE_TIMEOUT_MS = 1_000;

async function timed(driver: string, check: () => Promise<unknown>): Promise<z.infer<typeof probe>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS)))]);
    return { driver, status: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch {
    return { driver, status: 'down', latencyMs: null };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the landing page and `/status` tell: the app, how it runs (drivers only: no hosts, keys or
 * addresses) and whether its parts answer. Kept for two seconds, so it always answers fast.
 */
export class SiteStatus {
  private cached?: { at: number; info: Promise<SiteInfo> };

  constructor(private readonly d: SiteStatusDeps) {}

  info(): Promise<SiteInfo> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > FRESH_MS) {
      const info = this.collect();
      this.cached = { at: now, info };
      info.catch(() => (this.cached = undefined));
    }
    return this.cached.info;
  }

  private async collect(): Promise<SiteInfo> {
    const { config, app, spec, database, cache, gateway, jobs } = this.d;
    const [db, store, counts] = await Promise.all([
      timed(database.driver, () => pingDatabase(database.db)),
      timed(cache.driver, () => cache.ping()),
      jobs.counts().catch(() => ({})),
    ]);
    const { sockets, users } = gateway.counters();
    return {
      app: app.name,
      displayName: this.d.displayName,
      title: this.d.title,
      tagline: spec.tagline,
      about: spec.about,
      env: config.env,
      apiPrefix: this.d.apiPrefix,
      envelope: this.d.envelope,
      status: {
        database: db,
        cache: store,
        channels: { sms: config.sms.provider, email: config.smtp ? 'smtp' : 'recording', push: config.push.vapid ? 'vapid' : 'vapid-generated' },
        jobs: { running: jobs.running, kinds: jobs.names().length, counts },
        realtime: { sockets, users },
      },
      pages: spec.pages,
      console: { path: '/console', sections: [...PLATFORM_SECTIONS, ...spec.consoleSections] },
      docs: '/docs',
      apps: Object.values(config.apps).map((other) => ({ name: other.name, url: other.publicUrl, current: other.name === app.name })),
    };
  }
}
