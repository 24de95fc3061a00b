import type { Logger } from 'pino';
import { APPS } from './apps';
import { type AppName, type Config, ConfigError } from './config';
import type { BuiltApp } from './platform/app';
import { type Cache, openCache } from './platform/cache';
import { type Database, openDatabase, pendingMigrations } from './platform/db/database';
import { startErrorReporting } from './platform/monitoring/error-reporting';

export interface RunningApps {
  apps: Map<AppName, BuiltApp>;
  database: Database;
  cache: Cache;
  /**
   * Stops taking requests, lets those in flight finish, then closes the database and cache. With
   * `drainDelayMs` the apps first fail readiness and keep serving that long, so a load balancer
   * moves new traffic away before the listeners close.
   */
  close(options?: { drainDelayMs?: number }): Promise<void>;
}

export interface StartOptions {
  listen: boolean;
  /** Already opened stores (tests use these); otherwise they are opened from the settings. */
  database?: Database;
  cache?: Cache;
  /** Apply pending migrations (the `migrate` command always does); by default MIGRATE_ON_START. */
  migrate?: boolean;
}

/** Opens the database and cache, applies pending migrations, and builds (and listens) each app. */
export async function startApps(config: Config, names: readonly AppName[], logger: Logger, options: StartOptions = { listen: true }): Promise<RunningApps> {
  await startErrorReporting(config.sentry);
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize }));
  const cache =
    options.cache ??
    (await openCache(config.redisUrl, config.redisKeyPrefix).catch(async (error) => {
      await database.close();
      throw error;
    }));
  const apps = new Map<AppName, BuiltApp>();
  const close = async ({ drainDelayMs = 0 } = {}) => {
    for (const app of apps.values()) app.drain();
    if (drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
    await Promise.allSettled([...apps.values()].map((app) => app.http.close()));
    await Promise.allSettled([cache.close(), database.close()]);
  };
  try {
    for (const name of names) {
      const module = APPS[name];
      if (options.migrate ?? config.migrateOnStart) await database.migrate(module.schema, module.migrationsFolder);
      else {
        const pending = await pendingMigrations(database, module.schema, module.migrationsFolder);
        if (pending)
          throw new ConfigError('MIGRATE_ON_START', `is false and ${module.name} has ${pending} pending migration(s): run \`npm run cli -- migrate\` first`);
      }
      const app = await module.build({ config, app: config.apps[name], database, cache, logger: logger.child({ app: name }) });
      apps.set(name, app);
      if (options.listen) {
        // Workers and cron start with the server; a `migrate` run builds the app but works no jobs.
        await app.jobs.start();
        await app.http.listen({ host: config.host, port: config.apps[name].port });
      } else {
        await app.http.ready();
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { apps, database, cache, close };
}
