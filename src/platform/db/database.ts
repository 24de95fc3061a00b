import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SQL, eq, sql } from 'drizzle-orm';
import { type PgColumn, type PgDatabase, type PgQueryResultHKT, type PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import type { PgliteThread } from './pglite-thread';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fromRoot } from '../root';

/** The Drizzle handle services use; the same type over PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  readonly driver: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * Applies the pending migrations of one app's schema; safe when several nodes start at once.
   * The history of each app is kept in drizzle.<app>_migrations.
   */
  migrate(schema: string, migrationsFolder: string): Promise<void>;
  /** Raw SQL for libraries that bring their own (pg-boss): `{ rows }`; several statements when no values. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. Stop it first, run the apps in one ` +
        'process (npm start), or give this process its own DATA_DIR.',
    );
  }
}

const drizzleOptions = { casing: 'snake_case' } as const;

/** An app's generated migrations (npm run db:generate): drizzle/<app>, building the schema of its name. */
export const appMigrationsFolder = (app: string) => fromRoot('drizzle', app);

export interface OpenDatabaseOptions {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  /**
   * An in-memory PGlite starts from this dump (`dumpPgliteTemplate`) instead of an empty cluster:
   * no initdb, and only the migrations the dump lacks are applied. The tests use it.
   */
  pgliteTemplate?: Blob;
}

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite under DATA_DIR (or in memory). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  if (options.pgliteTemplate && options.dataDir) throw new Error('a PGlite template starts only an in-memory database');
  return openPglite(options.dataDir, options.pgliteTemplate);
}

/**
 * The files of an in-memory PGlite database, to start others from (`pgliteTemplate`). The
 * database is not usable afterwards: close it.
 */
export async function dumpPgliteTemplate(database: Database): Promise<Blob> {
  const client = pgliteClients.get(database);
  if (!client) throw new Error('only an in-memory PGlite database can be dumped');
  return client.dump();
}

const pgliteClients = new WeakMap<Database, PgliteThread>();

/**
 * How long an unused connection stays open. An idle node's work comes once a minute (the cron
 * tick and the look for work, at the same second); with pg's default of 10 s each minute opened
 * its connections afresh (a PostgreSQL backend forked and its caches filled, the handshake here)
 * and closed them again. Longer than a minute, the connections that work uses stay open; those a
 * burst opened close 90 s after their last use.
 */
const IDLE_CONNECTION_MS = 90_000;

// Each driver is loaded only when used: a command on PGlite never loads pg, and the reverse.
async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000, idleTimeoutMillis: IDLE_CONNECTION_MS });
  // An idle client that loses its server must not take the process down.
  pool.on('error', () => {});
  const db = drizzlePg(pool, drizzleOptions);
  await pool.query('select 1');
  return {
    driver: 'postgres',
    db: db as unknown as Db,
    async migrate(schema, migrationsFolder) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(hashtext($1))', [`madang:migrate:${schema}`]);
        await migratePg(db, { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `${schema}_migrations` });
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [`madang:migrate:${schema}`]).catch(() => {});
        client.release();
      }
    },
    executeSql: (text, values) => pool.query(text, values),
    close: once(() => pool.end()),
  };
}

/**
 * PostgreSQL's default of 128 MB of shared buffers is, inside PGlite, 128 MB of WebAssembly memory
 * touched at start-up: the largest single holder of the embedded process's memory. The data
 * files stay in the operating system's page cache behind it, so a small pool costs little.
 */
const PGLITE_CONF = ['shared_buffers=16MB'];

async function openPglite(dataDir: string | undefined, template?: Blob): Promise<Database> {
  const [{ PgliteThread }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('./pglite-thread'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const dir = dataDir ? join(dataDir, 'pglite') : undefined;
  const lock = dir ? `${dir}.lock` : undefined;
  if (dir && lock) {
    mkdirSync(dataDir!, { recursive: true });
    claimLock(lock, dir);
  }
  // PGlite runs in a worker thread of its own: its statements execute synchronously in
  // WebAssembly, which on the main thread stalled every request behind every query.
  const client = new PgliteThread({
    dataDir: dir,
    postgresqlConf: PGLITE_CONF,
    ...(template ? { template: new Uint8Array(await template.arrayBuffer()) } : {}),
  });
  try {
    await client.waitReady;
  } catch (error) {
    await client.close().catch(() => {});
    if (lock) rmSync(lock, { force: true });
    throw error;
  }
  const db = drizzlePglite(client as never, drizzleOptions);
  const database: Database = {
    driver: 'pglite',
    db: db as unknown as Db,
    async migrate(schema, migrationsFolder) {
      await migratePglite(db, { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `${schema}_migrations` });
    },
    async executeSql(text, values) {
      if (values?.length) return client.query(text, values);
      return (await client.exec(text)).at(-1) ?? { rows: [] };
    },
    close: once(async () => {
      await client.close();
      if (lock) rmSync(lock, { force: true });
    }),
  };
  if (!dir) pgliteClients.set(database, client);
  return database;
}

/** Closing twice (a failed start, then shutdown) must not fail the second time. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/** PGlite has one writer: a second process on the same files would corrupt them. */
function claimLock(lock: string, dir: string) {
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirInUseError(dir, pid);
  }
  writeFileSync(lock, String(process.pid));
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * How many of an app's migrations the database has not applied yet (all of them on a new
 * database). Nodes started with MIGRATE_ON_START=false check this instead of migrating.
 */
export async function pendingMigrations(database: Database, schema: string, migrationsFolder: string): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const { rows } = await database.executeSql(`select max(created_at) as last from drizzle."${schema}_migrations"`).catch((error: { code?: string }) => {
    if (error.code === '42P01') return { rows: [] }; // never migrated
    throw error;
  });
  const last = Number((rows[0] as { last?: string | null } | undefined)?.last ?? 0);
  return migrations.filter((migration) => migration.folderMillis > last).length;
}

/** Round-trip time of a trivial query, in milliseconds. */
export async function pingDatabase(db: Db): Promise<number> {
  const started = performance.now();
  await db.execute(sql`select 1`);
  return performance.now() - started;
}

/** Whether a failed statement broke a unique constraint (optionally a named one). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return !constraint || e.constraint === constraint;
  }
  return false;
}

/**
 * A column as "schema"."table"."column". Drizzle leaves columns unqualified in single-table
 * selects, where inside a correlated subquery "id" would bind to the inner table.
 */
export function qualified(column: PgColumn): SQL {
  const { name, schema } = getTableConfig(column.table);
  return sql`${schema ? sql`${sql.identifier(schema)}.` : sql``}${sql.identifier(name)}.${sql.identifier(column.name)}`;
}

/** A prepared "one row by its id" for a table: `const user = await byId(42)`. */
export function preparedRowById<T extends PgTable & { id: PgColumn }>(db: Db, table: T, name: string): (id: number) => Promise<T['$inferSelect'] | undefined> {
  const statement = db
    .select()
    .from(table as PgTable)
    .where(eq(table.id, sql.placeholder('id')))
    .prepare(name);
  return async (id) => (await statement.execute({ id }))[0] as T['$inferSelect'] | undefined;
}

/** Rows of a hand-written statement; node-postgres and PGlite both answer `{ rows }`. */
export async function queryRows<T>(db: Pick<Db, 'execute'>, statement: SQL): Promise<T[]> {
  return ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
}
