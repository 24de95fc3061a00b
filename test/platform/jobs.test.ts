import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER, Jobs } from '../../src/platform/jobs/jobs';
import type { JobDefinition } from '../../src/platform/jobs/types';
import { createLogger } from '../../src/platform/logger';
import { eventually, pause } from '../support/sockets';
import { type TestStores, onServices, openTestStores } from '../support/stores';

// The job queue on the store the app runs on (PGlite, or PostgreSQL on services), as nodes see it:
// each `node()` is what one process would start.
describe('durable jobs', () => {
  let stores: TestStores;
  const running: Jobs[] = [];
  let schemas = 0;
  beforeAll(async () => {
    stores = await openTestStores();
  });
  afterAll(async () => {
    await Promise.all(running.map((jobs) => jobs.stop(1_000)));
    await stores.close();
  });

  const node = async (
    schema: string,
    definitions: JobDefinition<any>[],
    options: { maintenanceIntervalSeconds?: number; pollIntervalSeconds?: number } = {},
  ) => {
    const jobs = new Jobs({ database: stores.database, schema, logger: createLogger('silent'), retryDelaySeconds: 1, pollIntervalSeconds: 0.5, ...options });
    for (const definition of definitions) jobs.define(definition);
    await jobs.start();
    running.push(jobs);
    return jobs;
  };
  const freshSchema = () => `jobs_test_${process.pid}_${schemas++}`;

  it('retries a failing job with growing delays until it succeeds, and keeps its output', async () => {
    const tries: number[] = [];
    const jobs = await node(freshSchema(), [
      {
        name: 'flaky',
        retryLimit: 3,
        async handler(data: { n: number }, run) {
          tries.push(Date.now());
          if (run.retryCount < 2) throw new Error(`try ${run.retryCount} fails`);
          return { doubled: data.n * 2, retryCount: run.retryCount };
        },
      },
    ]);
    const id = (await jobs.send('flaky', { n: 21 }))!;
    expect(await jobs.wait('flaky', id, 20_000)).toBe('completed');
    expect(tries).toHaveLength(3);
    // Backoff: the first retry waits about a second, the second about two (lower bounds only).
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(900);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(1_800);
    const [flaky] = await jobs.summary();
    expect(flaky).toMatchObject({ name: 'flaky', retryLimit: 3, counts: { completed: 1 } });
    expect(flaky!.lastRuns[0]).toMatchObject({ id, state: 'completed', retryCount: 2, output: { doubled: 42, retryCount: 2 } });
  });

  it('fails a job for good after its last try and dead-letters it', async () => {
    let tries = 0;
    const schema = freshSchema();
    const jobs = await node(schema, [
      {
        name: 'doomed',
        retryLimit: 1,
        async handler() {
          tries++;
          throw new Error('provider down');
        },
      },
    ]);
    const id = (await jobs.send('doomed', { to: 'nobody' }))!;
    expect(await jobs.wait('doomed', id, 20_000)).toBe('failed');
    expect(tries).toBe(2);
    const [doomed] = await jobs.summary();
    expect(doomed!.counts).toEqual({ failed: 1 });
    expect(doomed!.lastRuns[0]!.output).toMatchObject({ message: 'provider down' });
    const letters = await stores.database.executeSql(`select data from ${schema}.job where name = $1`, [DEAD_LETTER]);
    expect(letters.rows).toEqual([{ data: { to: 'nobody' } }]);
  });

  it('sends a job once per singleton key and window', async () => {
    let runs = 0;
    const jobs = await node(freshSchema(), [{ name: 'once', handler: async () => void runs++ }]);
    const window = { singletonSeconds: 3_600 };
    const first = (await jobs.send('once', {}, { singletonKey: 'user:1', ...window }))!;
    expect(first).toEqual(expect.any(String));
    expect(await jobs.wait('once', first)).toBe('completed');
    // Done or not, the key's window is taken: a second reminder the same hour is not sent.
    expect(await jobs.send('once', {}, { singletonKey: 'user:1', ...window })).toBeNull();
    const other = (await jobs.send('once', {}, { singletonKey: 'user:2', ...window }))!;
    expect(await jobs.wait('once', other)).toBe('completed');
    expect(runs).toBe(2);
  });

  it('finishes after a restart a job whose retry was pending, and retries one a dead node left running', async () => {
    const schema = freshSchema();
    let attempts = 0;
    const definition = (hangOnFirstTry: boolean): JobDefinition<{ label: string }> => ({
      name: 'survivor',
      retryLimit: 3,
      expireInSeconds: 2,
      async handler(_data, run) {
        attempts++;
        if (hangOnFirstTry && run.retryCount === 0) return new Promise(() => {}); // the node dies mid-try
        if (run.retryCount === 0) throw new Error('first try fails');
        return { retryCount: run.retryCount };
      },
    });
    // A try fails, and the node stops before its retry is due.
    const first = await node(schema, [{ ...definition(false), retryDelaySeconds: 3 }]);
    const id = (await first.send('survivor', { label: 'retry' }))!;
    await eventually(() => attempts === 1, 10_000);
    await first.stop(1_000);
    // The next process takes it up.
    const second = await node(schema, [{ ...definition(false), retryDelaySeconds: 3 }]);
    expect(await second.wait('survivor', id, 20_000)).toBe('completed');
    expect(attempts).toBe(2);
    await second.stop(1_000);

    // A try that never ends (its node gone) expires and is tried again by a live node.
    attempts = 0;
    const hanging = await node(schema, [definition(true)], { maintenanceIntervalSeconds: 1 });
    const stuck = (await hanging.send('survivor', { label: 'hang' }))!;
    await eventually(() => attempts === 1, 10_000);
    await hanging.stop(500);
    const rescuer = await node(schema, [definition(true)], { maintenanceIntervalSeconds: 1 });
    expect(await rescuer.wait('survivor', stuck, 30_000)).toBe('completed');
    expect(attempts).toBe(2);
  });

  it('runs a job sent on this node at once though its worker polls once a minute, a burst of them, and a retry at its time', async () => {
    const done: number[] = [];
    const tries: number[] = [];
    const jobs = await node(
      freshSchema(),
      [
        { name: 'quick', handler: async (data: { n: number }) => void done.push(data.n) },
        {
          name: 'second-try',
          retryLimit: 1,
          async handler(_data, run) {
            tries.push(Date.now());
            if (run.retryCount === 0) throw new Error('first try fails');
          },
        },
      ],
      { pollIntervalSeconds: 60 },
    );
    // Let the workers' first look (at start) pass: from here on only a wake-up finds a job.
    await pause(500);
    const id = (await jobs.send('quick', { n: 0 }))!;
    // Far less than the 60 s poll: the send woke the worker.
    expect(await jobs.wait('quick', id, 10_000)).toBe('completed');
    // Five at once: one wake-up may find the worker busy; it looks again after each job.
    const burst = await Promise.all([1, 2, 3, 4, 5].map((n) => jobs.send('quick', { n })));
    for (const each of burst) expect(await jobs.wait('quick', each!, 10_000)).toBe('completed');
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // The retry is due 1–2 s after the failed try (delay 1 s); the worker looks within that window.
    const failing = (await jobs.send('second-try', {}))!;
    expect(await jobs.wait('second-try', failing, 15_000)).toBe('completed');
    expect(tries).toHaveLength(2);
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(900);
  });

  it('runs a delayed job at its time though its worker polls once a minute', async () => {
    const ran: number[] = [];
    const jobs = await node(freshSchema(), [{ name: 'later', handler: async () => void ran.push(Date.now()) }], { pollIntervalSeconds: 60 });
    await pause(500);
    const sent = Date.now();
    const id = (await jobs.send('later', {}, { startAfter: new Date(sent + 1_500) }))!;
    expect(await jobs.wait('later', id, 15_000)).toBe('completed');
    expect(ran[0]! - sent).toBeGreaterThanOrEqual(1_400);
  });

  it('works a job it was not told of (made due by hand, or sent by another node) at the next look for work', async () => {
    const schema = freshSchema();
    const ran: string[] = [];
    const jobs = await node(schema, [{ name: 'unannounced', handler: async () => void ran.push('ran') }], { pollIntervalSeconds: 1 });
    const id = (await jobs.send('unannounced', {}, { startAfter: new Date(Date.now() + 3_600_000) }))!;
    // Due now, with nothing on this node waking the worker: only the queue-wide look finds it.
    await stores.database.executeSql(`update ${schema}.job set start_after = now() where id = $1`, [id]);
    expect(await jobs.wait('unannounced', id, 15_000)).toBe('completed');
    expect(ran).toEqual(['ran']);
  }, 30_000);

  it('looks for work on the clock (every app of a process at the same moments), not at intervals from its start', async () => {
    const looks: number[] = [];
    const database = {
      ...stores.database,
      executeSql: (text: string, values?: unknown[]) => {
        if (text.startsWith('select distinct name')) looks.push(Date.now());
        return stores.database.executeSql(text, values);
      },
    };
    // Started half-way through a second: looks a second apart from the start would fall there too.
    await pause(1_500 - (Date.now() % 1_000));
    const jobs = new Jobs({ database, schema: freshSchema(), logger: createLogger('silent'), retryDelaySeconds: 1, pollIntervalSeconds: 1 });
    jobs.define({ name: 'waiting', handler: async () => undefined });
    await jobs.start();
    running.push(jobs);
    await eventually(() => looks.length >= 3, 10_000);
    // On the whole second (a millisecond early at most: timers run on the monotonic clock, not
    // Date's). A busy machine can make any one look late, never early, so the earliest says where
    // the looks are aimed: looks a second apart from the start would all be half a second off.
    expect(Math.min(...looks.map((at) => (at + 10) % 1_000))).toBeLessThan(300);
  });

  it("sends a scheduled job's tick only when it says it is due", async () => {
    // The tick sent at start (before :50 past the minute) is the one looked at.
    if (new Date().getSeconds() >= 45) await pause((60 - new Date().getSeconds()) * 1_000 + 500);
    const ran: string[] = [];
    const asked: string[] = [];
    const scheduled = (name: string, due: boolean): JobDefinition => ({
      name,
      cron: '* * * * *',
      due: async () => {
        asked.push(name);
        return due;
      },
      handler: async () => void ran.push(name),
    });
    const jobs = await node(freshSchema(), [scheduled('nothing-to-do', false), scheduled('work-waiting', true)]);
    await eventually(() => ran.includes('work-waiting'), 15_000);
    expect(asked.sort()).toEqual(['nothing-to-do', 'work-waiting']);
    const summary = await jobs.summary();
    expect(summary.find((s) => s.name === 'nothing-to-do')!.counts).toEqual({});
    expect(ran).toEqual(['work-waiting']);
  }, 40_000);

  // Cron ticks are whole minutes, so this takes up to a minute and a half; it runs once, on PostgreSQL.
  it.runIf(onServices())(
    'fires a cron job once per tick with two nodes running',
    async () => {
      // Start in the first 20 s of a minute: this minute's tick (sent at start, and again at :10
      // past by each node, a singleton) is then the only one due until its end.
      const secondOfMinute = () => new Date().getSeconds();
      if (secondOfMinute() >= 20) await pause((60 - secondOfMinute()) * 1_000 + 500);
      const minute = Math.floor(Date.now() / 60_000);
      const schema = freshSchema();
      const runs: Array<{ node: string; at: number }> = [];
      const ticker = (name: string): JobDefinition => ({
        name: 'tick',
        cron: '* * * * *',
        handler: async () => void runs.push({ node: name, at: Date.now() }),
      });
      // Workers that poll once a minute (the default): the send of the tick wakes them.
      const slow = { pollIntervalSeconds: 60 };
      await Promise.all([node(schema, [ticker('a')], slow), node(schema, [ticker('b')], slow)]);
      await eventually(() => runs.length >= 1, 45_000);
      // Both nodes send the tick at start and at :10 past; a second run of it would show by its end.
      await pause((minute + 1) * 60_000 - Date.now() - 1_000);
      expect(runs).toHaveLength(1);
      expect(Math.floor(runs[0]!.at / 60_000)).toBe(minute);
    },
    120_000,
  );
});
