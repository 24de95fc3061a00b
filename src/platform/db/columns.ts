import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** The columns most tables share, so each table names only what is its own. */

/** `id bigint generated always as identity primary key`. */
export const idColumn = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();

/** A timestamptz that is set when the row is made. */
export const createdAtColumn = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** `created_at` and an `updated_at` that Drizzle moves on every update. */
export const timestampColumns = () => ({
  createdAt: createdAtColumn(),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});
