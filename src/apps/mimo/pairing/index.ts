import type { AppContext, AppCore } from '../../../platform/app';
import { deriveKey } from '../../../platform/auth/crypto';
import type { CameraAccess } from '../cameras/access';
import { LiveMembers } from '../live/members';
import { connectionCodesCleanup } from './cleanup';
import { PairingCodes } from './codes';
import { Connections } from './connections';
import { PairingLimits } from './limits';
import { PairingRenewal } from './renewal';
import { registerPairingRoutes } from './routes';
import { PairingSecrets } from './secrets';

/** Document 003's pairing: /api/qr/*, /api/connection/*, and codes that renew themselves. */
export function registerPairing(core: AppCore, ctx: AppContext, { access }: { access: CameraAccess }) {
  const { db } = ctx.database;
  const secrets = new PairingSecrets(deriveKey(ctx.config.appSecret, `pairing:${ctx.app.name}`));
  const renewal = new PairingRenewal({ jobs: core.jobs, gateway: core.gateway });
  const codes = new PairingCodes({ db, access, secrets, notifications: core.notifications, renewal, logger: ctx.logger });
  renewal.define(codes);
  const connections = new Connections(db, access, core.gateway, new LiveMembers(core.gateway));
  registerPairingRoutes(core.router, { codes, connections, limits: new PairingLimits(core.cache), audit: core.audit });
  core.cleanup.push(connectionCodesCleanup(db));
}
