import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';
import { MotionAlerts } from './motion';
import { registerEventRoutes } from './routes';
import { Events } from './service';

/** Document 003's events: /api/events, pin, stats; motion notifications. */
export function registerEvents(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }): { events: Events } {
  const { db } = ctx.database;
  const motion = new MotionAlerts({ db, cache: core.cache, notifier: core.notifications, logger: ctx.logger });
  const events = new Events({ db, cache: core.cache, access: deps.access, storage: core.storage, motion, logger: ctx.logger });
  registerEventRoutes(core, { db, access: deps.access, events });
  return { events };
}
