import { eq } from 'drizzle-orm';
import { type PgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { Db } from './database';

/**
 * Values the platform makes for itself and every node must share (the VAPID key pair, say):
 * one row per key in the app's schema, written once and never changed by the platform.
 */
export function settingsTables(schema: PgSchema) {
  const platformSettings = schema.table('platform_settings', {
    key: varchar('key', { length: 100 }).primaryKey(),
    value: text('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  });
  return { platformSettings };
}

export type PlatformSettingsTable = ReturnType<typeof settingsTables>['platformSettings'];

/**
 * The stored value of `key`, made by `make` and stored when there is none. Insert-if-absent, so
 * nodes starting together all end up with the value of whichever wrote first.
 */
export async function storedSetting(db: Db, table: PlatformSettingsTable, key: string, make: () => string): Promise<string> {
  const [existing] = await db.select({ value: table.value }).from(table).where(eq(table.key, key));
  if (existing) return existing.value;
  await db.insert(table).values({ key, value: make() }).onConflictDoNothing();
  const [row] = await db.select({ value: table.value }).from(table).where(eq(table.key, key));
  return row!.value;
}
