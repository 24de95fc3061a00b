import { defineFeature } from '../feature';
import { notificationsRoutes } from './routes';
import * as tables from './tables';

/** The user's inbox: document 003's /api/notifications routes over the platform's inbox. */
export const notificationsFeature = defineFeature({
  name: 'notifications',
  tables,
  needs: ['notifications'],
  services: (kit) => ({ inbox: kit.core.notifications }),
  routes: notificationsRoutes,
});
