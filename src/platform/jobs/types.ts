/**
 * The jobs an app declares, by name, with the data each carries: `define` and `send` accept only
 * these names and that data, so a mistyped name or a wrong payload is a compile error.
 */
export type JobMap = Record<string, object>;

/** What a job handler learns about the run it is in. */
export interface JobRun {
  id: string;
  /** How many times this job has failed before (0 on the first try). */
  retryCount: number;
}

/** A kind of job an app runs: its handler and how it is retried (and, for cron, when it runs). */
export interface JobDefinition<T extends object = object> {
  /** Unique in the app: letters, digits, `.`, `-` and `_` (e.g. `sms.send`, `cleanup.daily`). */
  name: string;
  /**
   * Throws to fail the try; the job is retried with exponential backoff, then dead-lettered.
   * What it returns is kept as the run's output (admins see it).
   */
  handler(data: T, run: JobRun): Promise<unknown>;
  /** Tries after the first (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry, doubled for each further one (default JOB_RETRY_DELAY, 5 s). */
  retryDelaySeconds?: number;
  /** A try that takes longer fails (default 5 minutes). */
  expireInSeconds?: number;
  /** Cron expression in Asia/Seoul; the job then runs once per tick however many nodes run. */
  cron?: string;
  /**
   * For cron: whether a tick has anything to do, asked before it is sent. A tick with nothing to
   * do is then one read on each node instead of a run through the queue (a send, a fetch and a
   * completion: on PGlite, CPU of this process every minute; issue 17). An admin's "run it" runs anyway.
   */
  due?(at: Date): Promise<boolean>;
  /** Data a cron run starts with. */
  cronData?: T;
  /** What an admin reads next to the name. */
  description?: string;
}

export interface SendOptions {
  /**
   * With `singletonSeconds`: at most one job with this key in each window of that many seconds
   * (a second send in the window is dropped and returns null), e.g. one reminder per user per day.
   */
  singletonKey?: string;
  singletonSeconds?: number;
  /** Not before this time. */
  startAfter?: Date;
}

/** One kind of job, as an admin sees it. */
export interface JobSummary {
  name: string;
  description: string | null;
  cron: string | null;
  retryLimit: number;
  /** Jobs in each state now: created, retry, active, completed, cancelled, failed (dead-lettered). */
  counts: Record<string, number>;
  lastRuns: Array<{ id: string; state: string; retryCount: number; createdOn: Date; startedOn: Date | null; completedOn: Date | null; output: unknown }>;
}

/** A job that failed its last try, as an admin sees it; `output` holds the error. */
export interface FailedJob {
  name: string;
  id: string;
  retryCount: number;
  createdOn: Date;
  startedOn: Date | null;
  failedOn: Date | null;
  output: unknown;
  /** Still in the queue's table (not yet archived): it can be tried again. */
  retryable: boolean;
}
