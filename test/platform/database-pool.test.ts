import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database';
import { pause } from '../support/sockets';
import { onServices } from '../support/stores';

describe.runIf(onServices())('the PostgreSQL pool', () => {
  it("keeps an unused connection open past pg's default 10 s, so an idle node's work each minute opens none", { timeout: 30_000 }, async () => {
    const database = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 2 });
    try {
      const backend = async () => ((await database.executeSql('select pg_backend_pid() as pid')).rows[0] as { pid: number }).pid;
      const first = await backend();
      await pause(12_000);
      expect(await backend()).toBe(first);
    } finally {
      await database.close();
    }
  });
});
