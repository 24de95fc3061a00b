import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromRoot } from '../root';
import type { Reply, Request, WorkerOptions } from './pglite-protocol';

interface Results {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** Drizzle's parsers: identity functions keeping dates, intervals and numeric arrays as text. */
  parsers?: Record<number, unknown>;
}

/** The part of PGlite's interface Drizzle, the migrator and executeSql use, for a statement scope (the database or one transaction). */
export interface PgliteLike {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(run: (tx: PgliteLike) => Promise<T>): Promise<T>;
}

// From the server bundle (npm start: dist/, scripts/build.mjs) the worker is dist/pglite-worker.js.
// From the sources the worker is TypeScript: a worker does not inherit the main thread's loaders, so
// it registers tsx itself before loading it, whatever started this process (node --import tsx,
// vitest). Either way it takes none of the process's own --import flags (a preloaded probe is the
// main thread's business).
const bundled = !import.meta.url.endsWith('.ts');
const bootstrap = bundled ? pathToFileURL(fromRoot('dist', 'pglite-worker.js')) : sourceBootstrap();

function sourceBootstrap(): URL {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const workerEntry = new URL('./pglite-worker.ts', import.meta.url).href;
  return new URL(
    `data:text/javascript,${encodeURIComponent(`(await import(${JSON.stringify(tsxApi)})).register(); await import(${JSON.stringify(workerEntry)});`)}`,
  );
}

/**
 * The thread's young generation (new objects, collected often and cheaply). V8's default lets it
 * grow to 32 MB under load, resident once touched; PGlite's JavaScript side makes short-lived
 * objects only (each statement's rows, copied to the main thread), so 12 MB serves it: about 20 MB
 * less RSS after a benchmark run, with the same CPU per request (BENCHMARKS.md, "Memory after the cuts").
 */
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 12 };

/**
 * The transaction whose callback is running. The embedded database has one connection, and PGlite
 * makes every statement outside a transaction wait for it to end: a statement sent to the database
 * (not the transaction) from inside a transaction's callback would wait for ever. It joins the
 * transaction instead, as it would have on the one connection.
 */
const insideTransaction = new AsyncLocalStorage<number>();

const scopeOf = (tx: number | undefined): { tx?: number; ambient?: boolean } => {
  if (tx !== undefined) return { tx };
  const ambient = insideTransaction.getStore();
  return ambient === undefined ? {} : { tx: ambient, ambient: true };
};

/**
 * PGlite in its own worker thread (pglite-worker.ts), seen from the main thread as a PGlite.
 * Statements still run one at a time on the single embedded connection, and a transaction holds
 * it until it ends, as before; what changes is that their execution no longer blocks the event loop.
 */
export class PgliteThread implements PgliteLike {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  #closed = false;
  readonly #exited: Promise<void>;
  readonly waitReady: Promise<void>;

  constructor(options: WorkerOptions) {
    this.#worker = new Worker(bootstrap, { workerData: options, execArgv: [], resourceLimits: THREAD_LIMITS });
    this.#worker.unref();
    this.waitReady = new Promise<void>((resolve, reject) => {
      this.#pending.set(0, { resolve: () => resolve(), reject });
    });
    this.#worker.ref();
    this.#worker.on('message', (reply: Reply) => this.#settle(reply));
    this.#worker.on('error', (error) => this.#fail(error));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on('exit', () => this.#fail(new Error('PGlite is closed')));
  }

  get closed(): boolean {
    return this.#closed;
  }

  query(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results> {
    const textTypes = options?.parsers ? Object.keys(options.parsers).map(Number) : undefined;
    return this.#call({ op: 'query', sql, params, rowMode: options?.rowMode, textTypes, ...scopeOf(tx) }) as Promise<Results>;
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.#call({ op: 'exec', sql, ...scopeOf(tx) }) as Promise<Results[]>;
  }

  /** Commits when `run` resolves, rolls back when it throws; the connection is the transaction's meanwhile. */
  async transaction<T>(run: (tx: PgliteLike) => Promise<T>): Promise<T> {
    const id = (await this.#call({ op: 'begin' })) as number;
    const scope: PgliteLike = {
      query: (sql, params, options) => this.query(sql, params, options, id),
      exec: (sql) => this.exec(sql, id),
      transaction: () => Promise.reject(new Error('nested transactions use savepoints')),
    };
    let result: T;
    try {
      result = await insideTransaction.run(id, () => run(scope));
    } catch (error) {
      await this.#call({ op: 'end', tx: id, commit: false }).catch(() => {});
      throw error;
    }
    await this.#call({ op: 'end', tx: id, commit: true });
    return result;
  }

  /** The whole in-memory database as a tarball PGlite can start from (WorkerOptions.template). */
  async dump(): Promise<Blob> {
    return new Blob([(await this.#call({ op: 'dump' })) as Uint8Array]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#call({ op: 'close' });
    } finally {
      this.#closed = true;
      // The thread ends once PGlite has closed; terminated only if it does not within 5 s.
      const stuck = setTimeout(() => void this.#worker.terminate(), 5_000);
      await this.#exited;
      clearTimeout(stuck);
    }
  }

  #call(request: Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('PGlite is closed'));
    const id = this.#nextId++;
    // The thread keeps the process alive only while an answer is awaited, as a socket would.
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as Request);
    });
  }

  #settle(reply: Reply) {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if ('error' in reply) {
      const error = Object.assign(new Error(reply.error.message), reply.error.fields);
      if (reply.error.name) error.name = reply.error.name;
      waiting.reject(error);
    } else {
      waiting.resolve(reply.result);
    }
  }

  #fail(error: Error) {
    this.#closed = true;
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }
}
