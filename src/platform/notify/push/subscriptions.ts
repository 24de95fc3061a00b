import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database';
import type { PushSubscriptionsTable } from './table';

/** A browser's PushSubscription as `subscription.toJSON()` gives it. */
export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type StoredSubscription = PushSubscriptionsTable['$inferSelect'];

/** The push subscriptions of an app's users; each user reaches only their own. */
export class PushSubscriptions {
  constructor(
    private readonly db: Db,
    private readonly table: PushSubscriptionsTable,
  ) {}

  /**
   * Saves a browser's subscription for the user. The endpoint is the browser's: subscribing
   * again (new keys, or another account signed in on that browser) replaces the row.
   */
  async save(userId: number, subscription: BrowserSubscription, userAgent: string | undefined): Promise<StoredSubscription> {
    const t = this.table;
    const values = {
      userId,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      userAgent: userAgent?.slice(0, 500) ?? null,
    };
    const [row] = await this.db
      .insert(t)
      .values(values)
      .onConflictDoUpdate({ target: t.endpoint, set: { userId, p256dh: values.p256dh, auth: values.auth, userAgent: values.userAgent } })
      .returning();
    return row!;
  }

  /** Removes the user's subscription with this endpoint; false when they have none such. */
  async remove(userId: number, endpoint: string): Promise<boolean> {
    const t = this.table;
    const rows = await this.db
      .delete(t)
      .where(and(eq(t.userId, userId), eq(t.endpoint, endpoint)))
      .returning({ id: t.id });
    return rows.length > 0;
  }

  async ofUser(userId: number): Promise<StoredSubscription[]> {
    return this.db.select().from(this.table).where(eq(this.table.userId, userId)).orderBy(this.table.id);
  }

  /** Drops subscriptions a push service said are gone. */
  async forget(ids: number[]): Promise<void> {
    if (ids.length) await this.db.delete(this.table).where(inArray(this.table.id, ids));
  }

  async touch(ids: number[]): Promise<void> {
    if (ids.length) await this.db.update(this.table).set({ lastUsedAt: new Date() }).where(inArray(this.table.id, ids));
  }
}
