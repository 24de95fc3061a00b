/**
 * HOT updates of a PostgreSQL table (issue 17): n_tup_hot_upd / n_tup_upd from pg_stat_user_tables
 * over a stretch of load. Each backend reports its counters when it goes idle (at most once a
 * second, or 10 s later), so a reading waits until two in a row agree.
 */
import pg from 'pg';

export interface UpdateCounts {
  updates: number;
  hot: number;
}

export async function updateCounts(databaseUrl: string, schema: string, table: string): Promise<UpdateCounts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async () => {
      await client.query('select pg_stat_clear_snapshot()');
      const { rows } = await client.query<{ upd: string; hot: string }>(
        'select n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables where schemaname = $1 and relname = $2',
        [schema, table],
      );
      return { updates: Number(rows[0]?.upd ?? 0), hot: Number(rows[0]?.hot ?? 0) };
    };
    let last = await read();
    for (let i = 0; i < 30; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const now = await read();
      if (now.updates === last.updates && i >= 11) return now;
      last = now;
    }
    return last;
  } finally {
    await client.end();
  }
}

/** The share of updates between two readings that were HOT. */
export const hotRatio = (before: UpdateCounts, after: UpdateCounts) => {
  const updates = after.updates - before.updates;
  return { updates, hot: after.hot - before.hot, ratio: updates > 0 ? (after.hot - before.hot) / updates : Number.NaN };
};
