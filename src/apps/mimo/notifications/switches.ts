import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import type { ChannelSwitches } from '../../../platform/notify/inbox/inbox';
import { settingsOfUser } from '../settings/service';
import { users } from '../users/tables';

/** The user's settings (document 003): notification_enabled → push, email_notification → email; no SMS. */
export async function mimoSwitches(db: Db, userId: number): Promise<ChannelSwitches | undefined> {
  const [[user], settings] = await Promise.all([db.select({ email: users.email }).from(users).where(eq(users.id, userId)), settingsOfUser(db, userId)]);
  return user && { recipient: { userId, email: user.email }, push: settings.notificationEnabled, sms: false, email: settings.emailNotification };
}
