import type { AppContext, AppCore } from '../../../platform/app';
import { CameraAccess } from './access';

/** Document 003's camera routes: /api/cameras, heartbeat, stats; the offline sweeper. */
export function registerCameras(core: AppCore, ctx: AppContext) {
  const access = new CameraAccess(ctx.database.db);
  return { access };
}
