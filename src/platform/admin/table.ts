import { type PgSchema, bigint, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { UsersTable } from '../auth/tables';
import { createdAtColumn } from '../db/columns';

/**
 * Why and until when an account is suspended; the account itself is off through the identity's
 * `is_active`. A row without `endsAt` lasts until an admin lifts it.
 */
export function suspensionTables(schema: PgSchema, usersTable: unknown) {
  const users = usersTable as UsersTable;
  const userSuspensions = schema.table('user_suspensions', {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: varchar('reason', { length: 500 }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    suspendedBy: bigint('suspended_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  });
  return { userSuspensions };
}

export type SuspensionsTable = ReturnType<typeof suspensionTables>['userSuspensions'];
