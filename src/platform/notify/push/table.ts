import { type PgSchema, bigint, index, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { UsersTable } from '../../auth/tables';

/**
 * The browsers a user has allowed to receive push messages (the Push API's PushSubscription):
 * the push service's endpoint, unique, and the keys that encrypt a message for that browser.
 */
export function pushTables(schema: PgSchema, usersTable: unknown) {
  const users = usersTable as UsersTable;
  const pushSubscriptions = schema.table(
    'push_subscriptions',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      userId: bigint('user_id', { mode: 'number' })
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      endpoint: text('endpoint').notNull().unique('push_subscriptions_endpoint_unique'),
      /** The browser's P-256 public key, base64url (65 bytes). */
      p256dh: varchar('p256dh', { length: 100 }).notNull(),
      /** The browser's auth secret, base64url (16 bytes). */
      auth: varchar('auth', { length: 32 }).notNull(),
      userAgent: varchar('user_agent', { length: 500 }),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      /** When a push service last accepted a message for it. */
      lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    },
    (t) => [index('idx_push_subscriptions_user').on(t.userId)],
  );
  return { pushSubscriptions };
}

export type PushSubscriptionsTable = ReturnType<typeof pushTables>['pushSubscriptions'];
