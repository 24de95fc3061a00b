import { defineFeature } from '../feature';
import { notificationsRoutes } from './routes';

/** The user's inbox of notices (the platform's inbox under /api/v1/notifications). */
export const notificationsFeature = defineFeature({
  name: 'notifications',
  needs: ['notifications'],
  services: (kit) => ({ inbox: kit.core.notifications }),
  routes: (router, services) => notificationsRoutes(router, services),
});
