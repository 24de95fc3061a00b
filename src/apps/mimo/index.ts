import { defineApp } from '../../platform/app';
import { mimoSwitches, registerNotificationRoutes } from './notifications';
import { mimoEnvelope } from '../../platform/http/envelope';
import { registerIdentityRoutes } from './routes';
import * as schema from './schema';
import { mimoSite } from './site';
import { MimoProfiles } from './users/profile';
import { registerCameras } from './cameras';
import { CameraAccess } from './cameras/access';
import { CameraStatus } from './cameras/status';
import { registerPairing } from './pairing';
import { registerLive } from './live';
import { registerEvents } from './events';
import { registerRecordings } from './recordings';
import { registerSettings } from './settings';

export const mimoApp = defineApp({
  name: 'mimo',
  schema,
  title: 'MIMO Camera API',
  description: '항상 대기 중인 홈캠과 뷰어를 QR/PIN으로 연결하는 MIMO 백엔드 (document 003)',
  displayName: 'MIMO',
  site: mimoSite,
  apiPrefix: '/api',
  envelope: mimoEnvelope,
  // As the live view answers (live/listen.ts): `{code, message}` in the acknowledgement, `live:error` otherwise.
  socketErrors: { event: 'live:error', body: ({ code, message, details }) => (details ? { code, message, details } : { code, message }) },
  providerColumns: (profile, joining) => ({
    ...(profile.provider === 'google' ? { googleId: profile.providerUserId } : {}),
    ...(joining === 'new' && profile.picture ? { picture: profile.picture } : {}),
  }),
  notificationSwitches: mimoSwitches,
  features(app) {
    const { core, ctx } = app.whole();
    registerNotificationRoutes(core);
    registerIdentityRoutes(core, new MimoProfiles(ctx.database.db));
    const db = ctx.database.db;
    const access = new CameraAccess(db);
    const status = new CameraStatus(db, core.gateway);
    const live = registerLive(core, ctx, { access, status });
    const { cameras } = registerCameras(core, ctx, { access, status, live: live.hub });
    live.serveApp(cameras);
    registerPairing(core, ctx, { access, cameras, live: live.hub });
    registerEvents(core, ctx, { access });
    registerRecordings(core, ctx, { access });
    registerSettings(core, ctx, { access });
  },
});
