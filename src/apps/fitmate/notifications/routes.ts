import type { Router } from '../../../platform/http/router';
import { inboxRoutes } from '../../../platform/notify/inbox/routes';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES } from '../vocabulary';
import type { NotificationsServices } from './notices';

/** Document 000's notification routes. */
export function notificationsRoutes(router: Router, { inbox }: NotificationsServices): void {
  const routes = inboxRoutes(router, { inbox, tags: ['notifications'], types: NOTIFICATION_TYPES, priorities: NOTIFICATION_PRIORITIES, dataKey: 'data' });
  routes.list('/api/notifications');
  routes.create('/api/notifications');
  routes.unreadCount('/api/notifications/unread-count');
  routes.readAll('/api/notifications/read-all', 'post');
  routes.read('/api/notifications/:id/read', 'put');
  routes.remove('/api/notifications/:id');
}
