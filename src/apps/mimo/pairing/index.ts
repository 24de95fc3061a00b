import { deriveKey } from '../../../platform/auth/crypto';
import type { CameraAccess } from '../cameras/access';
import type { Cameras } from '../cameras/service';
import { defineFeature } from '../feature';
import type { LiveHub } from '../live/hub';
import { connectionCodesCleanup } from './cleanup';
import { PairingCodes } from './codes';
import { Connections } from './connections';
import { PairingLimits } from './limits';
import { RENEWAL_JOB, PairingRenewal, renewalJob } from './renewal';
import { pairingRoutes } from './routes';
import { PairingSecrets } from './secrets';
import * as tables from './tables';

/** Document 003's pairing: /api/qr/*, /api/connection/*, codes that renew themselves; the MIMO app's /api/cameras/generate-pin and /connect/pin/:pin. */
export const pairingFeature = defineFeature({
  name: 'pairing',
  tables,
  needs: ['jobs', 'gateway', 'notifications', 'cache', 'audit', 'cleanup'],
  services({ core, db, config, logger }, { access, cameras, hub }: { access: CameraAccess; cameras: Cameras; hub: LiveHub }) {
    const secrets = new PairingSecrets(deriveKey(config.appSecret, 'pairing:mimo'));
    const renewal = new PairingRenewal({ jobs: core.jobs, gateway: core.gateway });
    const codes = new PairingCodes({ db, access, secrets, notifications: core.notifications, renewal, logger });
    core.cleanup.push(connectionCodesCleanup(db));
    return { codes, cameras, connections: new Connections(db, access, hub), limits: new PairingLimits(core.cache), audit: core.audit };
  },
  routes: pairingRoutes,
  jobs: ({ codes }) => ({ [RENEWAL_JOB]: renewalJob(codes) }),
});
