import PgBoss from 'pg-boss';
import { APP_NAMES } from '../../src/config';
import { type Database, appMigrationsFolder } from '../../src/platform/db/database';

/**
 * What every test database starts from: each app's migrations applied and its job queue's
 * tables (pg-boss, schema `<app>_jobs`) installed, with no rows of any test. Apps started on a
 * copy still run their migrations, which find nothing pending.
 */
export async function prepareTemplate(database: Database): Promise<void> {
  for (const name of APP_NAMES) {
    await database.migrate(name, appMigrationsFolder(name));
    const schema = `${name}_jobs`;
    await database.executeSql(`create schema if not exists ${schema}`);
    const boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
      schema,
      supervise: false,
      schedule: false,
    } as PgBoss.ConstructorOptions);
    await boss.start();
    await boss.stop({ graceful: false, wait: true });
  }
}
