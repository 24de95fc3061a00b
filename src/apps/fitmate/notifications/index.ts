import { defineFeature } from '../feature';
import { type NotificationsServices, fitmateNotices } from './notices';
import { notificationsRoutes } from './routes';
import * as tables from './tables';

/** The notification inbox's routes, and document 004's notices, which later features raise. */
export const notificationsFeature = defineFeature({
  name: 'notifications',
  tables,
  needs: ['notifications'],
  services: ({ core }): NotificationsServices => ({ inbox: core.notifications, notices: fitmateNotices(core.notifications) }),
  routes: (router, services) => notificationsRoutes(router, services),
});
