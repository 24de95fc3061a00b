import type { Inbox } from '../../../platform/notify/inbox/inbox';
import { inboxRoutes } from '../../../platform/notify/inbox/routes';
import type { Router } from '../../../platform/http/router';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES } from '../schema';
import type { NotificationType } from '../types';

/** Document 002's Phase 5.1 routes. */
export function notificationsRoutes(router: Router, { inbox }: { inbox: Inbox<NotificationType> }): void {
  const routes = inboxRoutes(router, {
    inbox,
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
