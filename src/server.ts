import type { Logger } from 'pino';
import { APPS } from './apps';
import type { AppName, Config } from './config';
import type { BuiltApp } from './platform/app';
import { type Cache, openCache } from './platform/cache';
import { type Database, openDatabase } from './platform/db/database';

export interface RunningApps {
  apps: Map<AppName, BuiltApp>;
  database: Database;
  cache: Cache;
  /** Stops taking requests, lets those in flight finish, then closes the database and cache. */
  close(): Promise<void>;
}

export interface StartOptions {
  listen: boolean;
  /** Already opened stores (tests use these); otherwise they are opened from the settings. */
  database?: Database;
  cache?: Cache;
}

/** Opens the database and cache, applies pending migrations, and builds (and listens) each app. */
export async function startApps(config: Config, names: readonly AppName[], logger: Logger, options: StartOptions = { listen: true }): Promise<RunningApps> {
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize }));
  const cache =
    options.cache ??
    (await openCache(config.redisUrl, config.redisKeyPrefix).catch(async (error) => {
      await database.close();
      throw error;
    }));
  const apps = new Map<AppName, BuiltApp>();
  const close = async () => {
    await Promise.allSettled([...apps.values()].map((app) => app.http.close()));
    await Promise.allSettled([cache.close(), database.close()]);
  };
  try {
    for (const name of names) {
      const module = APPS[name];
      await database.migrate(module.schema, module.migrationsFolder);
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
