import { eq } from 'drizzle-orm';
import type { AppCore } from '../../platform/app';
import type { Db } from '../../platform/db/database';
import type { ChannelSwitches } from '../../platform/notify/inbox/inbox';
import { inboxRoutes } from '../../platform/notify/inbox/routes';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES, users } from './schema';

/** MindPause has a push switch and an email switch on the user; no SMS. */
export async function mindpauseSwitches(db: Db, userId: number): Promise<ChannelSwitches | undefined> {
  const [user] = await db
    .select({ email: users.email, push: users.notificationEnabled, mail: users.emailNotificationEnabled })
    .from(users)
    .where(eq(users.id, userId));
  return user && { recipient: { userId, email: user.email }, push: user.push, sms: false, email: user.mail };
}

/** Document 002's Phase 5.1 routes. */
export function registerNotificationRoutes({ router, notifications }: AppCore) {
  const routes = inboxRoutes(router, {
    inbox: notifications,
    tags: ['notifications'],
    types: NOTIFICATION_TYPES,
    priorities: NOTIFICATION_PRIORITIES,
    dataKey: 'data',
  });
  routes.list('/api/v1/notifications');
  routes.readAll('/api/v1/notifications/read-all', 'patch');
  routes.read('/api/v1/notifications/:id/read', 'patch');
  routes.remove('/api/v1/notifications/:id');
}
