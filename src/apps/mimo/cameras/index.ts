import type { AppContext, AppCore } from '../../../platform/app';
import type { LiveHub } from '../live/hub';
import type { CameraAccess } from './access';
import { statusLogCleanup } from './cleanup';
import { registerCameraFleet } from './fleet';
import { registerCameraRoutes } from './routes';
import { Cameras } from './service';
import { CameraStats } from './stats';
import type { CameraStatus } from './status';
import { defineCameraSweeper } from './sweeper';

/** Document 003's camera routes: /api/cameras, heartbeat, stats; the offline sweeper; the fleet for admins. */
export function registerCameras(core: AppCore, ctx: AppContext, deps: { access: CameraAccess; status: CameraStatus; live: LiveHub }) {
  const { db } = ctx.database;
  const { access, status, live } = deps;
  const cameras = new Cameras({ db, access, live, storage: core.storage, logger: ctx.logger });
  registerCameraRoutes(core.router, { cameras, access, status, stats: new CameraStats(db, live) });
  registerCameraFleet(core.router, db);
  defineCameraSweeper(core.jobs, status, core.notifications, ctx.logger);
  core.cleanup.push(statusLogCleanup(db));
  return { cameras };
}
