import type { Router } from '../../../platform/http/router';
import type { Inbox } from '../../../platform/notify/inbox/inbox';
import { inboxRoutes } from '../../../platform/notify/inbox/routes';
import type { NotificationType } from '../types';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES } from './tables';

/** Document 003's notification routes. */
export function notificationsRoutes(router: Router, { inbox }: { inbox: Inbox<NotificationType> }): void {
  const routes = inboxRoutes(router, {
    inbox,
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
