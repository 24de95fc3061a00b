/** The messages between the main thread (pglite-thread.ts) and the embedded database's thread (pglite-worker.ts). */
export interface WorkerOptions {
  /** PGlite's data directory; in memory when absent. */
  dataDir?: string;
  postgresqlConf: string[];
  /** A dump of another in-memory database (dumpDataDir) to start from instead of an empty one. */
  template?: Uint8Array;
}

/**
 * `tx`: the transaction a statement belongs to. `ambient`: it was not sent through the transaction
 * but from code running inside one (see PgliteThread): it joins the transaction while that is open.
 */
type Scoped = { id: number; tx?: number; ambient?: boolean };

export type Request =
  | (Scoped & { op: 'query'; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; textTypes?: number[] })
  | (Scoped & { op: 'exec'; sql: string })
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

export type Reply =
  { id: number; result: unknown } | { id: number; error: { message: string; name?: string; fields: Record<string, string | number | boolean> } };
