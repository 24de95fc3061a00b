import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { account } from '../support/mimo';
import { camera } from '../support/mimo-cameras';
import { onServices } from '../support/stores';
import { eventually } from '../support/sockets';

interface Counts {
  upd: number;
  hot: number;
}

// HOT updates are a PostgreSQL storage matter, measured from its statistics views (the server's).
describe.skipIf(!onServices())('MIMO heartbeats on PostgreSQL', () => {
  let t: TestApp;
  let stats: pg.Client;
  beforeAll(async () => {
    t = await startTestApp('mimo');
    stats = new pg.Client({ connectionString: t.stores.databaseUrl });
    await stats.connect();
  });
  afterAll(async () => {
    await stats?.end();
    await t?.close();
  });

  /** mimo.cameras' update counters as the server has them now (each backend sends its own at idle, within seconds). */
  const counts = async (): Promise<Counts> => {
    await stats.query('select pg_stat_clear_snapshot()');
    const { rows } = await stats.query<{ upd: string; hot: string }>(
      `select n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables where schemaname = 'mimo' and relname = 'cameras'`,
    );
    return { upd: Number(rows[0]!.upd), hot: Number(rows[0]!.hot) };
  };

  it('keeps at least 90 % of heartbeats HOT: a beat writes no indexed column', async () => {
    const me = await account(t);
    const cams = await Promise.all([1, 2, 3, 4].map(() => camera(t, me)));
    const beat = (cam: (typeof cams)[number]) => t.api.post(`/api/cameras/${cam.id}/heartbeat`, { headers: { 'x-device-credential': cam.credential } });
    // The first beat turns each camera online (a change of status, which an index's predicate reads).
    for (const cam of cams) expect((await beat(cam)).status).toBe(200);
    let before = await counts();
    await eventually(async () => {
      const now = await counts();
      const settled = now.upd === before.upd;
      before = now;
      return settled && now.upd >= cams.length;
    }, 30_000);

    const rounds = 25;
    for (let round = 0; round < rounds; round++) for (const cam of cams) expect((await beat(cam)).status).toBe(200);
    const beats = rounds * cams.length;
    let after = before;
    await eventually(async () => {
      after = await counts();
      return after.upd - before.upd >= beats;
    }, 30_000);
    const updates = after.upd - before.upd;
    const hot = after.hot - before.hot;
    expect(updates).toBeGreaterThanOrEqual(beats);
    expect(hot / updates).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the cameras table a fillfactor, and the sweeper an index without the heartbeat time', async () => {
    const { rows: options } = await stats.query<{ reloptions: string[] | null }>(`select reloptions from pg_class where oid = 'mimo.cameras'::regclass`);
    expect(options[0]!.reloptions).toContain('fillfactor=90');
    const { rows: indexes } = await stats.query<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = 'mimo' and tablename = 'cameras'`);
    expect(indexes.map((i) => i.indexdef).join('\n')).not.toMatch(/last_heartbeat|last_seen|updated_at/);
  });
});
