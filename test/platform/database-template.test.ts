import { describe, expect, it } from 'vitest';
import { dumpPgliteTemplate, openDatabase } from '../../src/platform/db/database';
import { captureTemplate, resetToTemplate } from '../support/database-reset';

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

describe('putting a test database back as its template left it (test/support/database-reset.ts)', () => {
  const TEMPLATE = `
    create schema kept;
    create type kept.mood as enum ('good', 'bad');
    create table kept.person (id integer generated always as identity primary key, name text not null, mood kept.mood, shout text generated always as (upper(name)) stored);
    create table kept.pet (id serial primary key, owner integer not null references kept.person (id), name text);
    create sequence kept.ticket;
    insert into kept.person (name, mood) values ('하나', 'good'), ('둘', 'bad');
    insert into kept.pet (owner, name) values (1, '나비');
    select nextval('kept.ticket'), nextval('kept.ticket');`;

  it('undoes rows, ids, sequences, new objects and session settings, and refuses what it cannot undo', { timeout: 120_000 }, async () => {
    const source = await openDatabase({});
    await source.executeSql(TEMPLATE);
    const template = await dumpPgliteTemplate(source);
    await source.close();
    const [used, fresh] = [await openDatabase({ pgliteTemplate: template }), await openDatabase({ pgliteTemplate: template })];
    const rows = async (database: typeof used, text: string) => (await database.executeSql(text)).rows;
    const look = (database: typeof used) =>
      Promise.all([
        rows(database, 'select * from kept.person order by id'),
        rows(database, 'select * from kept.pet order by id'),
        rows(database, `select count(*)::int as n from pg_namespace where nspname = 'scratch'`),
        rows(database, `select count(*)::int as n from pg_class where relname = 'extra'`),
        rows(database, 'show timezone'),
      ]);
    try {
      const state = await captureTemplate(used);
      await used.executeSql(`
        insert into kept.person (name) values ('셋');
        update kept.person set name = '바뀜' where id = 1;
        delete from kept.pet;
        insert into kept.pet (owner, name) select max(id), '고양이' from kept.person;
        select nextval('kept.ticket');
        create schema scratch; create table scratch.note (body text); insert into scratch.note values ('x');
        create table kept.extra (id int);
        set timezone = 'Asia/Seoul';`);
      expect(await resetToTemplate(used, state)).toBe(true);
      expect(await look(used)).toEqual(await look(fresh));
      // The next ids and sequence values are those a fresh copy gives.
      const next = (database: typeof used) =>
        rows(database, `insert into kept.person (name) values ('넷') returning id, shout; select nextval('kept.ticket') as ticket`).then(async (inserted) => [
          inserted,
          await rows(database, `select nextval('kept.ticket')::int as ticket`),
          await rows(database, `insert into kept.pet (owner) values (1) returning id`),
        ]);
      expect(await next(used)).toEqual(await next(fresh));

      // A change of shape it does not undo: the database is not to be used again.
      await used.executeSql('alter table kept.pet add column age integer');
      expect(await resetToTemplate(used, state)).toBe(false);
      await used.close();
      expect(await resetToTemplate(used, state)).toBe(false);
    } finally {
      await Promise.all([used.close(), fresh.close()]);
    }
  });
});
