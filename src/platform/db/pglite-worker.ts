/**
 * The embedded database's own thread: it owns the PGlite instance and runs what
 * pglite-thread.ts sends it. PGlite executes every statement synchronously in WebAssembly, so on
 * the main thread each query (and a queue of them, resolved back to back as microtasks) held up
 * HTTP parsing, sockets and timers; here it runs beside them, on another core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Reply, Request, WorkerOptions } from './pglite-protocol';

const port = parentPort!;
const { dataDir, postgresqlConf, template } = workerData as WorkerOptions;

const open = async () => {
  const options = { extensions: { pg_trgm }, postgresqlconf: postgresqlConf };
  const pg = template ? new PGlite({ ...options, loadDataDir: new Blob([template]) }) : new PGlite(dataDir ?? 'memory://', options);
  await pg.waitReady;
  return pg;
};

/** Open transactions by id, each with how to end it (commit or roll back) and its outcome. */
const transactions = new Map<number, { tx: Transaction; end(commit: boolean): Promise<void> }>();
let nextTransaction = 1;

function send(reply: Reply) {
  port.postMessage(reply);
}

/** What survives the thread boundary of a PostgreSQL error: its message and its fields (code, constraint…). */
function errorOf(error: unknown): Extract<Reply, { error: unknown }>['error'] {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string | number | boolean;
  }
  return { message: error.message, name: error.name, fields };
}

/** Drizzle's parsers keep these types as the text PostgreSQL sent; they are identity functions, so they are rebuilt here. */
const identityParsers = (types: number[] | undefined) => (types ? Object.fromEntries(types.map((type) => [type, (value: string) => value])) : undefined);

async function begin(pg: PGlite): Promise<number> {
  const id = nextTransaction++;
  return new Promise<number>((started, failed) => {
    let finish: (commit: boolean) => void = () => {};
    const outcome = pg
      .transaction(async (tx) => {
        const decided = new Promise<boolean>((resolve) => (finish = resolve));
        transactions.set(id, { tx, end: (commit) => (finish(commit), outcome) });
        started(id);
        // PGlite commits when this returns and rolls back when it throws.
        if (!(await decided)) throw new RollBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      })
      .finally(() => transactions.delete(id));
    // BEGIN itself failed (the database closed): the caller hears of it.
    outcome.catch(failed);
  });
}

class RollBack extends Error {}

async function handle(pg: PGlite, request: Request): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const target = targetOf(pg, request);
      const { rows, fields, affectedRows } = await target.query(request.sql, request.params, {
        rowMode: request.rowMode,
        parsers: identityParsers(request.textTypes),
      });
      return { rows, fields, affectedRows };
    }
    case 'exec': {
      const target = targetOf(pg, request);
      return (await target.exec(request.sql)).map(({ rows, fields, affectedRows }) => ({ rows, fields, affectedRows }));
    }
    case 'begin':
      return begin(pg);
    case 'end': {
      const open = transactions.get(request.tx);
      if (!open) throw new Error(`transaction ${request.tx} is not open`);
      await open.end(request.commit);
      return null;
    }
    case 'dump':
      return new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer());
    case 'close':
      await pg.close();
      // Once the answer is out the thread ends by itself, its WebAssembly idle (not terminated mid-run).
      setImmediate(() => port.close());
      return null;
  }
}

/** Where a statement runs: its transaction, or the database (also for ambient statements whose transaction has ended). */
function targetOf(pg: PGlite, request: { tx?: number; ambient?: boolean }): PGlite | Transaction {
  if (request.tx === undefined) return pg;
  if (request.ambient && !transactions.has(request.tx)) return pg;
  return transactionOf(request.tx);
}

function transactionOf(id: number): Transaction {
  const open = transactions.get(id);
  if (!open) throw new Error(`transaction ${id} is not open`);
  return open.tx;
}

try {
  const pg = await open();
  port.on('message', (request: Request) => {
    handle(pg, request).then(
      (result) => send({ id: request.id, result }),
      (error: unknown) => send({ id: request.id, error: errorOf(error) }),
    );
  });
  send({ id: 0, result: 'ready' });
} catch (error) {
  send({ id: 0, error: errorOf(error) });
}
