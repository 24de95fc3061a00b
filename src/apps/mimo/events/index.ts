import type { CameraAccess } from '../cameras/access';
import { defineFeature } from '../feature';
import { MotionAlerts } from './motion';
import { eventsRoutes } from './routes';
import { Events } from './service';
import * as tables from './tables';

/** Document 003's events: /api/events, pin, stats; motion notifications. */
export const eventsFeature = defineFeature({
  name: 'events',
  tables,
  needs: ['cache', 'notifications', 'storage'],
  services({ core, db, logger }, { access }: { access: CameraAccess }) {
    const motion = new MotionAlerts({ db, cache: core.cache, notifier: core.notifications, logger });
    return { db, access, events: new Events({ db, cache: core.cache, access, storage: core.storage, motion, logger }) };
  },
  routes: eventsRoutes,
});
