import type { Database } from '../../src/platform/db/database';

/**
 * How an embedded test database is put back as it was copied from the template, so the next test
 * file of the worker can use it: opening a PGlite copy costs 2–3 s of CPU (a thread, its
 * WebAssembly, the template's files), putting one back a few statements.
 *
 * What a file may have changed, and how it is undone:
 * - rows: every table that has any is emptied, with the checks of foreign keys off, and the
 *   template's rows are put back in it (all columns but generated ones, with their ids);
 * - sequences: each set back to where the template left it;
 * - objects made by the tests or the apps (schemas of their own, a job queue's partition): dropped;
 * - the connection's settings, prepared statements, temporary tables and locks: `DISCARD ALL`.
 * Then the whole shape (every schema, relation, column, constraint, trigger, function, type,
 * extension and role) and every table's row count are compared with the template's. A database
 * that differs, or that could not be reset (closed by its test, say), is not used again.
 */
export interface TemplateState {
  /** Every user schema, and every relation, function and type in them, by kind and name. */
  shape: string;
  schemas: Set<string>;
  relations: Set<string>;
  /** Each table with rows: its columns (generated ones left out) and its rows as JSON. */
  rows: Array<{ table: string; columns: string; json: string }>;
  sequences: Array<{ name: string; value: string; called: boolean }>;
  counts: string;
}

const USER_SCHEMA = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

/** Every object a file could have added, altered or dropped, as one text. */
const SHAPE = `
  select md5(string_agg(item, '|' order by item)) as shape from (
    select 'schema ' || n.nspname as item from pg_namespace n where ${USER_SCHEMA}
    union all
    select format('relation %s.%s %s %s', n.nspname, c.relname, c.relkind,
      (select string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text || ':' || a.attgenerated::text, ',' order by a.attnum)
         from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped))
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMA}
    union all
    select format('constraint %s.%s %s', n.nspname, co.conname, pg_get_constraintdef(co.oid))
      from pg_constraint co join pg_namespace n on n.oid = co.connamespace where ${USER_SCHEMA}
    union all
    select format('trigger %s %s', t.tgrelid::regclass, t.tgname) from pg_trigger t where not t.tgisinternal
    union all
    select format('function %s.%s(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${USER_SCHEMA}
    union all
    select format('type %s.%s %s', n.nspname, t.typname, t.typtype) from pg_type t join pg_namespace n on n.oid = t.typnamespace where ${USER_SCHEMA}
    union all
    select 'extension ' || extname from pg_extension
    union all
    select 'role ' || rolname from pg_roles
  ) shape`;

/** Every table's row count, as one text (one statement: each count through query_to_xml). */
const COUNTS = `
  select coalesce(string_agg(format('%s=%s', t, n), ',' order by t), '') as counts from (
    select format('%I.%I', n.nspname, c.relname) as t,
      (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from only %I.%I', n.nspname, c.relname), false, true, '')))[1]::text as n
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and ${USER_SCHEMA}
  ) counted where n <> '0'`;

const rowsOf = async (database: Database, text: string, values?: unknown[]) => (await database.executeSql(text, values)).rows as Array<Record<string, unknown>>;
const one = async (database: Database, text: string) => (await rowsOf(database, text))[0]!;

/** What a database freshly copied from the template holds (before any test has used it). */
export async function captureTemplate(database: Database): Promise<TemplateState> {
  const schemas = new Set((await rowsOf(database, `select nspname from pg_namespace n where ${USER_SCHEMA}`)).map((r) => String(r.nspname)));
  const relations = new Set(
    (
      await rowsOf(
        database,
        `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMA}`,
      )
    ).map((r) => String(r.name)),
  );
  const counts = String((await one(database, COUNTS)).counts);
  const rows: TemplateState['rows'] = [];
  for (const entry of counts ? counts.split(',') : []) {
    const table = entry.slice(0, entry.lastIndexOf('='));
    const [{ columns }] = (await rowsOf(
      database,
      `select string_agg(quote_ident(attname), ', ' order by attnum) as columns from pg_attribute
        where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''`,
      [table],
    )) as [{ columns: string }];
    const [{ json }] = (await rowsOf(database, `select json_agg(t)::text as json from only ${table} t`)) as [{ json: string }];
    rows.push({ table, columns, json });
  }
  const sequences = (
    await rowsOf(
      database,
      `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and ${USER_SCHEMA}`,
    )
  ).map((r) => String(r.name));
  const values = [];
  for (const name of sequences) {
    const [state] = await rowsOf(database, `select last_value::text as value, is_called as called from ${name}`);
    values.push({ name, value: String(state!.value), called: Boolean(state!.called) });
  }
  return { shape: String((await one(database, SHAPE)).shape), schemas, relations, rows, sequences: values, counts };
}

/** Puts the database back as `template` found it; false when it cannot be used again. */
export async function resetToTemplate(database: Database, template: TemplateState): Promise<boolean> {
  try {
    const extraSchemas = (await rowsOf(database, `select nspname as name, quote_ident(nspname) as quoted from pg_namespace n where ${USER_SCHEMA}`)).filter(
      (r) => !template.schemas.has(String(r.name)),
    );
    const extraRelations = (
      await rowsOf(
        database,
        `select format('%I.%I', n.nspname, c.relname) as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${USER_SCHEMA} and n.nspname = any($1)`,
        [[...template.schemas]],
      )
    ).filter((r) => !template.relations.has(String(r.name)));
    const drop = [
      ...extraSchemas.map((r) => `drop schema if exists ${String(r.quoted)} cascade`),
      ...extraRelations.map((r) => `drop ${DROP_KIND[String(r.kind)]} if exists ${String(r.name)} cascade`),
    ];
    if (drop.length) await database.executeSql(drop.join(';\n'));

    const filled = String((await one(database, COUNTS)).counts);
    // With the checks of foreign keys off (this connection only), in any order.
    await database.executeSql('set session_replication_role = replica');
    if (filled)
      await database.executeSql(
        filled
          .split(',')
          .map((entry) => `delete from only ${entry.slice(0, entry.lastIndexOf('='))}`)
          .join(';\n'),
      );
    for (const { table, columns, json } of template.rows) {
      await database.executeSql(
        `insert into ${table} (${columns}) overriding system value select ${columns} from json_populate_recordset(null::${table}, $1::json)`,
        [json],
      );
    }
    if (template.sequences.length)
      await database.executeSql(template.sequences.map(({ name, value, called }) => `select setval('${name}', ${value}, ${called})`).join(';\n'));
    await database.executeSql('discard all');
    const [shape, counts] = [String((await one(database, SHAPE)).shape), String((await one(database, COUNTS)).counts)];
    return shape === template.shape && counts === template.counts;
  } catch {
    return false;
  }
}

const DROP_KIND: Record<string, string> = { r: 'table', p: 'table', f: 'foreign table', v: 'view', m: 'materialized view', S: 'sequence' };
