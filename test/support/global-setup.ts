import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { dumpPgliteTemplate, openDatabase } from '../../src/platform/db/database';
import { prepareTemplate } from './template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DATA_DIR of every app a test starts: a temp folder of this run, removed after it. */
    dataDir: string;
    /** A dump of a migrated PGlite database (embedded tests): each test database starts from it. */
    pgliteTemplate?: string;
    /** A migrated PostgreSQL database (services tests): each test database is created from it. */
    postgresTemplate?: string;
  }
}

/**
 * What a stray write would leave: a new entry at the top of the project (a file written relative
 * to the working directory) or anything under ./data, the default DATA_DIR. Files a developer
 * adds to src/ or test/ meanwhile are not the tests' doing.
 */
function paths(root: string): Set<string> {
  const found = new Set(readdirSync(root).filter((name) => name !== 'node_modules' && name !== '.git'));
  const data = join(root, 'data');
  if (existsSync(data)) for (const path of readdirSync(data, { recursive: true, encoding: 'utf8' })) found.add(join('data', path));
  return found;
}

/** A developer's own server running on ./data meanwhile writes there; that is not the tests' doing. */
function serverOnData(root: string): boolean {
  const lock = join(root, 'data', 'pglite.lock');
  if (!existsSync(lock)) return false;
  try {
    process.kill(Number(readFileSync(lock, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a template is made of: the migrations, how it is prepared, the versions of PGlite and
 * pg-boss, the platform's jobs and each app's job names (its queues), and FitMate's shipped
 * catalogue (its rows). Anything else an app's start writes is written again on a copy if missing.
 */
function templateKey(root: string): string {
  const hash = createHash('sha256');
  const files = ['test/support/template.ts', 'node_modules/@electric-sql/pglite/package.json', 'node_modules/pg-boss/package.json'];
  const under = (folder: string, wanted: (path: string) => boolean) => {
    for (const path of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).sort()) if (wanted(path)) files.push(join(folder, path));
  };
  under('drizzle', (path) => path.endsWith('.sql') || path.endsWith('.json'));
  under('src/platform/jobs', (path) => path.endsWith('.ts'));
  under('src/apps', (path) => path.endsWith('/types.ts') || (path.includes('/shipped/') && path.endsWith('.ts')));
  for (const path of files) hash.update(path).update(readFileSync(join(root, path)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Migrates one PGlite database and keeps its files in the temp folder, named by what it is made
 * of: the next run reuses them (minutes on a busy machine), and a changed migration makes a new one.
 */
async function pgliteTemplate(root: string): Promise<string> {
  const file = join(tmpdir(), `madang-pglite-template-${templateKey(root)}.tar`);
  if (existsSync(file)) return file;
  const database = await openDatabase({});
  try {
    await prepareTemplate(database);
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await (await dumpPgliteTemplate(database)).arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await database.close();
  }
  // Templates of other migrations a day old: no run (of another checkout) reads them any more.
  for (const old of readdirSync(tmpdir())) {
    const path = join(tmpdir(), old);
    if (old.startsWith('madang-pglite-template-') && path !== file && Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { force: true });
  }
  return file;
}

async function onAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Migrates one PostgreSQL database and keeps it, named by what it is made of (as the PGlite
 * template): the next run, and the run's other services project, copy it without building it
 * again. It is built under a name of its own and renamed once complete, so a run that stops
 * half-way leaves nothing a later one would take for a template.
 */
async function postgresTemplate(root: string): Promise<string> {
  const name = `madang_template_${templateKey(root)}`;
  const exists = async () => onAdmin(async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (await exists()) return name;
  const building = `madang_building_${randomBytes(6).toString('hex')}`;
  await onAdmin((client) => client.query(`create database ${building}`));
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${building}`;
  try {
    const database = await openDatabase({ url: url.toString(), poolSize: 2 });
    try {
      await prepareTemplate(database);
    } finally {
      await database.close();
    }
    await onAdmin(async (client) => {
      await client.query(`comment on database ${building} is '${Date.now()}'`);
      // Another run may have finished the same template meanwhile: then that one is kept.
      if (!(await exists())) await client.query(`alter database ${building} rename to ${name}`);
    });
  } finally {
    await onAdmin((client) => client.query(`drop database if exists ${building} with (force)`));
  }
  // Templates of other migrations a day old: no run (of another checkout) copies them any more.
  await onAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string; made: string | null }>(
      `select datname, shobj_description(oid, 'pg_database') as made from pg_database where datname like 'madang\\_template\\_%' and datname <> $1`,
      [name],
    );
    for (const old of rows) if (Date.now() - Number(old.made ?? 0) > 86_400_000) await client.query(`drop database if exists ${old.datname} with (force)`);
  });
  return name;
}

/**
 * Gives the tests a temp DATA_DIR and a migrated database to copy (see stores.ts), and fails the
 * run if anything new appeared in the project meanwhile: `npm test` writes only to temporary folders.
 */
export default async function setup(project: TestProject) {
  const root = project.config.root;
  const dataDir = mkdtempSync(join(tmpdir(), 'madang-test-'));
  project.provide('dataDir', dataDir);
  const services = project.config.env?.MADANG_TEST_STORES === 'services';
  const postgres = services ? await postgresTemplate(root) : undefined;
  if (postgres) project.provide('postgresTemplate', postgres);
  else project.provide('pgliteTemplate', await pgliteTemplate(root));
  const before = paths(root);
  return async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const ignoreData = serverOnData(root);
    const written = [...paths(root)].filter((path) => !before.has(path) && !(ignoreData && path.startsWith(`data${'/'}`)));
    if (written.length)
      throw new Error(`The tests wrote into the project (they must write only to temporary folders):\n  ${written.slice(0, 20).join('\n  ')}`);
  };
}
