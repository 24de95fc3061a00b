import type { AppContext, AppCore } from '../../../platform/app';
import { LiveMembers } from '../live/members';
import { CameraAccess } from './access';
import { statusLogCleanup } from './cleanup';
import { registerCameraFleet } from './fleet';
import { registerCameraRoutes } from './routes';
import { Cameras } from './service';
import { CameraStats } from './stats';
import { CameraStatus } from './status';
import { defineCameraSweeper } from './sweeper';

/** Document 003's camera routes: /api/cameras, heartbeat, stats; the offline sweeper; the fleet for admins. */
export function registerCameras(core: AppCore, ctx: AppContext) {
  const { db } = ctx.database;
  const access = new CameraAccess(db);
  const status = new CameraStatus(db, core.gateway);
  const members = new LiveMembers(core.gateway);
  const cameras = new Cameras({ db, access, gateway: core.gateway, members, storage: core.storage, logger: ctx.logger });
  registerCameraRoutes(core.router, { cameras, access, status, stats: new CameraStats(db, members) });
  registerCameraFleet(core.router, db);
  defineCameraSweeper(core.jobs, status, core.notifications, ctx.logger);
  core.cleanup.push(statusLogCleanup(db));
  return { access, status };
}
