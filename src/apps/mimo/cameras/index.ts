import type { AppContext, AppCore } from '../../../platform/app';
import { CameraAccess } from './access';
import { CameraStatus } from './status';

/** Document 003's camera routes: /api/cameras, heartbeat, stats; the offline sweeper. */
export function registerCameras(core: AppCore, ctx: AppContext) {
  const access = new CameraAccess(ctx.database.db);
  const status = new CameraStatus(ctx.database.db, core.gateway);
  return { access, status };
}
