import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { type Cron, parseCron } from './cron';
import type { FailedJob, JobDefinition, JobMap, JobSummary, SendOptions } from './types';

/** Where every job lands after its last failed try, besides its own `failed` state. */
export const DEAD_LETTER = 'dead-letter';
const FINAL_STATES = new Set(['completed', 'cancelled', 'failed']);
/**
 * Seconds past each minute when each node sends that minute's scheduled jobs. The send is a
 * singleton for the minute (the database's clock), so with several nodes one wins; the margin
 * keeps a node whose clock runs a little ahead from sending into the minute before.
 */
const CRON_SEND_SECOND = 10;
/**
 * How long a worker with nothing to do waits before asking for work on its own: a day, as the
 * node wakes it instead (a send, a retry's or a delayed job's time, a cron minute, and the
 * queue-wide look for work every `pollIntervalSeconds`). One statement per look for the whole
 * queue, not one per kind of job (about 25 over three apps, each a statement a minute, which on
 * PGlite is CPU of this process: issue 17).
 */
const WORKER_IDLE_SECONDS = 86_400;

export interface JobsOptions {
  database: Database;
  /** The Postgres schema of the app's queue tables (`fitmate_jobs`, …). */
  schema: string;
  logger: Logger;
  /** First retry delay, doubled for each further try, unless a definition says otherwise. */
  retryDelaySeconds: number;
  /**
   * How often the node looks for work it was not told of: one statement for all the app's kinds
   * of job, waking the workers of those with work waiting. A job sent on this node wakes its
   * worker at once, a failed try at its retry time and a scheduled job at its minute, so this is
   * a safety net (for jobs sent by another node, which every node works as well).
   */
  pollIntervalSeconds: number;
  /** How often expired tries are looked for (default 300 s). */
  maintenanceIntervalSeconds?: number;
}

/**
 * What a statement that failed while the queue stops answers pg-boss: no rows to map, and a zero
 * count where it reads one (its completion and failure commands read `rows[0].count`).
 */
const NO_ROWS: unknown[] = new Proxy([], { get: (rows, key) => (key === '0' ? { count: '0' } : Reflect.get(rows, key)) });

/**
 * An app's durable jobs on pg-boss, in its own database (PGlite or PostgreSQL): retries with
 * exponential backoff, a dead letter after the last try, and cron in Asia/Seoul that fires once
 * per tick however many nodes run. Jobs are defined while the app is built and worked once it starts.
 */
export class Jobs<M extends JobMap = JobMap> {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private started = false;
  private stopping = false;
  /**
   * pg-boss's statements still running. It settles a finished job (complete or fail) without
   * waiting, so `stop` waits for these too: the database is never closed under one.
   */
  private readonly statements = new Set<Promise<unknown>>();
  /** Each job's worker on this node, by job name. */
  private readonly workers = new Map<string, string>();
  /** Wake-ups to come (a retry's time, a delayed job's, the next cron minute). */
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly crons = new Map<string, Cron>();

  constructor(private readonly options: JobsOptions) {
    const { database, schema } = options;
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => this.statement(database.executeSql(text, values)) },
      schema,
      // Cron is ours (cronTick): pg-boss's checks every few seconds, each a time-zone computation
      // per schedule, were most of an idle server's CPU.
      schedule: false,
      // Tries that outlived their expiry (a node that died mid-job; 5 min by default) are failed, and
      // so retried, this often; old jobs are archived and dropped then too. Each round is several
      // statements, which on PGlite are CPU of this process: every 5 min, not every 30 s.
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 300,
    } as PgBoss.ConstructorOptions);
    this.boss.on('error', (err) => options.logger.error({ err }, 'job queue error'));
  }

  /** Defines one of the app's jobs: its name is one the app declares, its handler takes that job's data. */
  define<N extends keyof M & string>(definition: JobDefinition<M[N]> & { name: N }): void {
    if (this.started) throw new Error(`job ${definition.name} defined after the queue started`);
    if (this.definitions.has(definition.name)) throw new Error(`job ${definition.name} defined twice`);
    if (definition.cron) this.crons.set(definition.name, parseCron(definition.cron));
    this.definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  async start(): Promise<void> {
    this.stopping = false;
    // pg-boss installs its tables under a lock, but not the schema: two nodes starting on a fresh
    // database would both create it.
    await settleRace(() => this.options.database.executeSql(`create schema if not exists ${this.options.schema}`));
    await this.boss.start();
    // Nodes starting together create the same queues at once; Postgres may pick one as a deadlock
    // victim, and its second attempt finds the work done.
    await settleRace(() => this.boss.createQueue(DEAD_LETTER));
    for (const definition of this.definitions.values()) {
      const queue = { name: definition.name, ...this.policyOf(definition) };
      await settleRace(async () => {
        await this.boss.createQueue(definition.name, queue);
        // An edited definition takes effect on the next start, on every node alike.
        await this.boss.updateQueue(definition.name, queue);
        // Schedules pg-boss kept for earlier versions: ours are sent by cronTick.
        await this.boss.unschedule(definition.name);
      });
      const name = definition.name;
      const worker = await this.boss.work(name, { pollingIntervalSeconds: WORKER_IDLE_SECONDS, includeMetadata: true }, async ([job]) => {
        try {
          return await definition.handler(job!.data as object, { id: job!.id, retryCount: job!.retryCount });
        } catch (error) {
          this.wakeForRetry(definition, job!.retryCount);
          throw error;
        } finally {
          // The next job may be waiting already (several sent at once): look again at once.
          this.wake(name);
        }
      });
      this.workers.set(name, worker);
    }
    this.started = true;
    // This minute's tick too, unless the minute is nearly over (its send could land in the next).
    if (new Date().getSeconds() < 50) void this.cronTick(new Date());
    this.cronEachMinute();
    this.lookForWorkEach(this.options.pollIntervalSeconds * 1000);
  }

  /** Queues a job; null when one with the same singleton key was already sent in its window. */
  async send<N extends keyof M & string>(name: N, data: M[N], options: SendOptions = {}): Promise<string | null> {
    this.definitionOf(name);
    const { singletonKey, singletonSeconds, startAfter } = options;
    const id = await this.boss.send(name, data, { singletonKey, singletonSeconds, startAfter });
    if (id) {
      const delayMs = startAfter ? startAfter.getTime() - Date.now() : 0;
      if (delayMs > 0) this.wakeLater(name, delayMs + 100);
      else this.wake(name);
    }
    return id;
  }

  /** Runs a job now (an admin's "run it"), with its cron data. */
  async runNow(name: string): Promise<string> {
    const definition = this.definitionOf(name);
    const id = await this.boss.send(name, definition.cronData ?? {});
    if (!id) throw new Error(`job ${name} was not queued`);
    this.wake(name);
    return id;
  }

  /** Waits for a job to reach a final state (completed, cancelled or failed) and returns it. */
  async wait(name: string, id: string, timeoutMs = 30_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const job = await this.boss.getJobById(name, id, { includeArchive: true });
      if (job && FINAL_STATES.has(job.state)) return job.state;
      if (performance.now() > deadline) throw new Error(`job ${name} ${id} is still ${job?.state ?? 'missing'} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** The kinds of job defined, by name. */
  names(): string[] {
    return [...this.definitions.keys()].sort();
  }

  /** Every kind of job with its counts by state and its last runs, for admins. */
  async summary(lastRuns = 5): Promise<JobSummary[]> {
    const schema = this.options.schema;
    const names = [...this.definitions.keys()].sort();
    const counts = await this.rows<{ name: string; state: string; count: number }>(
      `select name, state, count(*)::int as count from (select name, state from ${schema}.job where name = any($1) union all select name, state from ${schema}.archive where name = any($1)) j group by name, state`,
      [names],
    );
    const runs = await this.rows<{
      name: string;
      id: string;
      state: string;
      retry_count: number;
      created_on: Date;
      started_on: Date | null;
      completed_on: Date | null;
      output: unknown;
    }>(
      `select * from (select name, id, state, retry_count, created_on, started_on, completed_on, output,
         row_number() over (partition by name order by created_on desc) as n
       from (select name, id, state, retry_count, created_on, started_on, completed_on, output from ${schema}.job where name = any($1)
             union all select name, id, state, retry_count, created_on, started_on, completed_on, output from ${schema}.archive where name = any($1)) j) r
       where n <= $2 order by name, created_on desc`,
      [names, lastRuns],
    );
    return names.map((name) => {
      const definition = this.definitions.get(name)!;
      return {
        name,
        description: definition.description ?? null,
        cron: definition.cron ?? null,
        retryLimit: this.policyOf(definition).retryLimit,
        counts: Object.fromEntries(counts.filter((c) => c.name === name).map((c) => [c.state, c.count])),
        lastRuns: runs
          .filter((r) => r.name === name)
          .map((r) => ({
            id: r.id,
            state: r.state,
            retryCount: r.retry_count,
            createdOn: r.created_on,
            startedOn: r.started_on,
            completedOn: r.completed_on,
            output: r.output,
          })),
      };
    });
  }

  /** Jobs in the queue now by state (created, retry, active, failed, …); empty before the queue's first start. */
  async counts(): Promise<Record<string, number>> {
    try {
      const rows = await this.rows<{ state: string; n: number }>(`select state, count(*)::int as n from ${this.options.schema}.job group by state`, []);
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    } catch (error) {
      if ((error as { code?: string }).code === '42P01' || (error as { code?: string }).code === '3F000') return {};
      throw error;
    }
  }

  /** Whether this node works the queue (the server started it). */
  get running(): boolean {
    return this.started;
  }

  /** Jobs that failed their last try, newest first; those still in the queue's table can be retried. */
  async failed(query: { page: number; limit: number; name?: string }): Promise<{ items: FailedJob[]; total: number }> {
    const schema = this.options.schema;
    const names = query.name ? [query.name].filter((n) => this.definitions.has(n)) : [...this.definitions.keys()];
    const source = `select name, id, retry_count, created_on, started_on, completed_on, output, true as retryable from ${schema}.job where state = 'failed' and name = any($1)
      union all select name, id, retry_count, created_on, started_on, completed_on, output, false from ${schema}.archive where state = 'failed' and name = any($1)`;
    const [rows, [total]] = await Promise.all([
      this.rows<{
        name: string;
        id: string;
        retry_count: number;
        created_on: Date;
        started_on: Date | null;
        completed_on: Date | null;
        output: unknown;
        retryable: boolean;
      }>(`select * from (${source}) f order by completed_on desc nulls last, created_on desc limit $2 offset $3`, [
        names,
        query.limit,
        (query.page - 1) * query.limit,
      ]),
      this.rows<{ n: number }>(`select count(*)::int as n from (${source}) f`, [names]),
    ]);
    return {
      items: rows.map((r) => ({
        name: r.name,
        id: r.id,
        retryCount: r.retry_count,
        createdOn: r.created_on,
        startedOn: r.started_on,
        failedOn: r.completed_on,
        output: r.output,
        retryable: r.retryable,
      })),
      total: total?.n ?? 0,
    };
  }

  /** Puts a failed job back in the queue for one more try; false when no such failed job is there. */
  async retry(name: string, id: string): Promise<boolean> {
    this.definitionOf(name);
    const [row] = await this.rows<{ state: string }>(`select state from ${this.options.schema}.job where name = $1 and id = $2`, [name, id]);
    if (row?.state !== 'failed') return false;
    await this.boss.retry(name, id);
    this.wake(name);
    return true;
  }

  /** Lets the tries in progress finish (up to `timeoutMs`), then stops taking work. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (!this.started) return;
    this.started = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
    await Promise.allSettled([...this.statements]);
  }

  /** This node's worker of `name` looks for work now (no-op before start). */
  private wake(name: string): void {
    const worker = this.workers.get(name);
    if (worker && this.started) this.boss.notifyWorker(worker);
  }

  private wakeLater(name: string, delayMs: number): void {
    this.later(delayMs, () => this.wake(name));
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.started) run();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * pg-boss puts a failed try back for between d·2^n and d·2^(n+1) seconds later (d the retry
   * delay, n the try's retry count, a random point between): the worker looks five times across
   * that window, so a retry waits at most a quarter of it more.
   */
  private wakeForRetry(definition: JobDefinition<object>, retryCount: number): void {
    const { retryLimit, retryDelay } = this.policyOf(definition);
    if (retryCount >= retryLimit) return;
    const low = retryDelay * 2 ** Math.min(16, retryCount) * 1000;
    for (let step = 0; step <= 4; step++) this.wakeLater(definition.name, low + (low * step) / 4 + 100);
  }

  /**
   * Every `intervalMs`, wakes the workers of the kinds of job with work waiting (sent by another
   * node, or made due by hand). The looks keep to the clock, CRON_SEND_SECOND past the minute
   * for the default minute: an idle process wakes once for the minute's scheduled jobs and every
   * app's look, not at as many moments as apps started.
   */
  private lookForWorkEach(intervalMs: number): void {
    this.later(untilNext(intervalMs, CRON_SEND_SECOND * 1000), () => {
      void this.wakeThoseWithWork().finally(() => this.started && this.lookForWorkEach(intervalMs));
    });
  }

  private async wakeThoseWithWork(): Promise<void> {
    try {
      // What a worker's fetch asks for (pg-boss's fetchNextJob), for every kind of job at once.
      const waiting = await this.track(
        this.rows<{ name: string }>(`select distinct name from ${this.options.schema}.job where name = any($1) and state < 'active' and start_after < now()`, [
          [...this.workers.keys()],
        ]),
      );
      for (const { name } of waiting) this.wake(name);
    } catch (err) {
      if (!this.stopping) this.options.logger.error({ err }, 'looking for waiting jobs failed');
    }
  }

  /** At CRON_SEND_SECOND past every minute, that minute's scheduled jobs. */
  private cronEachMinute(): void {
    if (!this.crons.size) return;
    const delayMs = untilNext(60_000, CRON_SEND_SECOND * 1000);
    const at = new Date(Date.now() + delayMs);
    this.later(delayMs, () => {
      void this.cronTick(at);
      this.cronEachMinute();
    });
  }

  /** Sends each scheduled job due in the minute of `at`, once per minute across nodes (a singleton). */
  private async cronTick(at: Date): Promise<void> {
    for (const [name, cron] of this.crons) {
      if (!cron.matches(at)) continue;
      try {
        const due = this.definitions.get(name)!.due;
        if (due && !(await due(at))) continue;
        const id = await this.boss.send(name, this.definitions.get(name)!.cronData ?? {}, { singletonKey: 'cron', singletonSeconds: 60 });
        if (id) this.wake(name);
      } catch (err) {
        this.options.logger.error({ err, job: name }, 'scheduled job not sent');
      }
    }
  }

  /**
   * One of pg-boss's statements. Once the queue is stopping, a failure is dropped (pg-boss fires
   * some statements without waiting for them, so a failure would otherwise go unhandled while the
   * database closes); nothing is lost, as an unsettled job is tried again after its expiry.
   */
  private async statement(run: Promise<{ rows: unknown[] }>): Promise<{ rows: unknown[] }> {
    try {
      return await this.track(run);
    } catch (error) {
      if (this.stopping) return { rows: NO_ROWS };
      throw error;
    }
  }

  private track<T>(statement: Promise<T>): Promise<T> {
    this.statements.add(statement);
    statement.then(
      () => this.statements.delete(statement),
      () => this.statements.delete(statement),
    );
    return statement;
  }

  private definitionOf(name: string): JobDefinition<object> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`no job named ${name}`);
    return definition;
  }

  private policyOf(definition: JobDefinition<object>) {
    return {
      retryLimit: definition.retryLimit ?? 3,
      retryDelay: definition.retryDelaySeconds ?? this.options.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: definition.expireInSeconds ?? 300,
      deadLetter: DEAD_LETTER,
    };
  }

  private async rows<T>(text: string, values: unknown[]): Promise<T[]> {
    const result = (await this.options.database.executeSql(text, values)) as { rows: T[] };
    return result.rows;
  }
}

/** Milliseconds until the clock next reads a multiple of `periodMs` plus `offsetMs` (never 0). */
function untilNext(periodMs: number, offsetMs: number): number {
  const now = Date.now();
  const offset = offsetMs % periodMs;
  let next = Math.floor(now / periodMs) * periodMs + offset;
  if (next <= now) next += periodMs;
  return next - now;
}

/** Runs a step again when it lost a race with another node (deadlock or unique violation). */
async function settleRace(step: () => Promise<unknown>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step();
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '23505' && code !== '42P07')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}
