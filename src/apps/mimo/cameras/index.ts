import { defineFeature } from '../feature';
import type { LiveHub } from '../live/hub';
import type { CameraAccess } from './access';
import { statusLogCleanup } from './cleanup';
import { camerasRoutes } from './routes';
import { Cameras } from './service';
import { CameraStats } from './stats';
import type { CameraStatus } from './status';
import { SWEEPER_JOB, sweeperJob } from './sweeper';
import * as tables from './tables';

/** What the cameras build on: the live feature's hub, with the access rules and status it keeps. */
export interface CamerasUses {
  access: CameraAccess;
  status: CameraStatus;
  hub: LiveHub;
  /** Serves the MIMO app's live protocol, which registers cameras through this feature's service. */
  serveApp(cameras: Cameras): void;
}

/** Document 003's camera routes: /api/cameras, heartbeat, stats; the offline sweeper; the fleet for admins. */
export const camerasFeature = defineFeature({
  name: 'cameras',
  tables,
  needs: ['storage', 'notifications', 'cleanup'],
  services({ core, db, logger }, { access, status, hub, serveApp }: CamerasUses) {
    const cameras = new Cameras({ db, access, live: hub, storage: core.storage, logger });
    core.cleanup.push(statusLogCleanup(db));
    serveApp(cameras);
    return { cameras, access, status, stats: new CameraStats(db, hub), db };
  },
  routes: camerasRoutes,
  jobs: ({ status }, { core, logger }) => ({ [SWEEPER_JOB]: sweeperJob(status, core.notifications, logger) }),
});
