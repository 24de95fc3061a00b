import { describe, expect, it } from 'vitest';
import { dumpPgliteTemplate, openDatabase } from '../../src/platform/db/database';

describe('PGlite from a template (what every embedded test database starts from)', () => {
  it('starts a copy with the template’s tables and rows; copies do not share writes', { timeout: 120_000 }, async () => {
    const source = await openDatabase({});
    await source.executeSql(`create schema kept; create table kept.item (name text primary key); insert into kept.item values ('from template')`);
    const template = await dumpPgliteTemplate(source);
    await source.close();

    const [first, second] = [await openDatabase({ pgliteTemplate: template }), await openDatabase({ pgliteTemplate: template })];
    try {
      await first.executeSql(`insert into kept.item values ('only in the first')`);
      expect((await first.executeSql('select name from kept.item order by name')).rows).toEqual([{ name: 'from template' }, { name: 'only in the first' }]);
      expect((await second.executeSql('select name from kept.item order by name')).rows).toEqual([{ name: 'from template' }]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('refuses a template with a data folder, and a dump of a database that is not in memory', async () => {
    await expect(openDatabase({ dataDir: '/nonexistent', pgliteTemplate: new Blob([]) })).rejects.toThrow(/only an in-memory database/);
    await expect(dumpPgliteTemplate({ driver: 'postgres' } as never)).rejects.toThrow(/only an in-memory PGlite database/);
  });
});
