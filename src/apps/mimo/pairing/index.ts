import type { AppContext, AppCore } from '../../../platform/app';
import { deriveKey } from '../../../platform/auth/crypto';
import type { CameraAccess } from '../cameras/access';
import type { Cameras } from '../cameras/service';
import type { LiveHub } from '../live/hub';
import { connectionCodesCleanup } from './cleanup';
import { PairingCodes } from './codes';
import { Connections } from './connections';
import { PairingLimits } from './limits';
import { PairingRenewal } from './renewal';
import { registerAppPairingRoutes } from './app-routes';
import { registerPairingRoutes } from './routes';
import { PairingSecrets } from './secrets';

/** Document 003's pairing: /api/qr/*, /api/connection/*, codes that renew themselves; the MIMO app's /api/cameras/generate-pin and /connect/pin/:pin. */
export function registerPairing(core: AppCore, ctx: AppContext, { access, cameras, live }: { access: CameraAccess; cameras: Cameras; live: LiveHub }) {
  const { db } = ctx.database;
  const secrets = new PairingSecrets(deriveKey(ctx.config.appSecret, `pairing:${ctx.app.name}`));
  const renewal = new PairingRenewal({ jobs: core.jobs, gateway: core.gateway });
  const codes = new PairingCodes({ db, access, secrets, notifications: core.notifications, renewal, logger: ctx.logger });
  renewal.define(codes);
  const connections = new Connections(db, access, live);
  const limits = new PairingLimits(core.cache);
  registerPairingRoutes(core.router, { codes, connections, limits, audit: core.audit });
  registerAppPairingRoutes(core.router, { codes, cameras, limits });
  core.cleanup.push(connectionCodesCleanup(db));
}
