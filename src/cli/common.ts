import type { Logger } from 'pino';
import { APP_NAMES, type AppName, type Config, ConfigError } from '../config';
import { type Database, appMigrationsFolder, openDatabase } from '../platform/db/database';

/** What main.ts hands a command: the settings, the arguments after the command's name and a logger. */
export interface CommandContext {
  config: Config;
  args: string[];
  logger: Logger;
}

/** App names from the command line; none means all three. */
export function appNames(args: string[]): AppName[] {
  for (const name of args) {
    if (!(APP_NAMES as readonly string[]).includes(name)) throw new ConfigError('app', `"${name}" is not one of ${APP_NAMES.join(', ')}`);
  }
  return args.length ? (args as AppName[]) : [...APP_NAMES];
}

/** The database with the named apps' migrations applied: all a command needs that only reads or writes rows. */
export async function openMigrated(config: Config, names: readonly AppName[]): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    for (const name of names) await database.migrate(name, appMigrationsFolder(name));
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
