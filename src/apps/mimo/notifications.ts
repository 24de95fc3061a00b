import { eq } from 'drizzle-orm';
import type { AppCore } from '../../platform/app';
import type { Db } from '../../platform/db/database';
import type { ChannelSwitches } from '../../platform/notify/inbox/inbox';
import { inboxRoutes } from '../../platform/notify/inbox/routes';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES, users } from './schema';
import { settingsOfUser } from './settings/service';

/** The user's settings (document 003): notification_enabled → push, email_notification → email; no SMS. */
export async function mimoSwitches(db: Db, userId: number): Promise<ChannelSwitches | undefined> {
  const [[user], settings] = await Promise.all([db.select({ email: users.email }).from(users).where(eq(users.id, userId)), settingsOfUser(db, userId)]);
  return user && { recipient: { userId, email: user.email }, push: settings.notificationEnabled, sms: false, email: settings.emailNotification };
}

/** Document 003's notification routes. */
export function registerNotificationRoutes({ router, notifications }: AppCore) {
  const routes = inboxRoutes(router, {
    inbox: notifications,
    tags: ['notifications'],
    types: NOTIFICATION_TYPES,
    priorities: NOTIFICATION_PRIORITIES,
    dataKey: 'metadata',
  });
  routes.list('/api/notifications');
  routes.create('/api/notifications');
  routes.unreadCount('/api/notifications/unread-count');
  routes.stats('/api/notifications/stats');
  routes.readAll('/api/notifications/read-all', 'put');
  routes.get('/api/notifications/:id');
  routes.read('/api/notifications/:id/read', 'put');
  routes.remove('/api/notifications/:id');
}
