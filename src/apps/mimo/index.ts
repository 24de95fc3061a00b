import { defineApp } from '../../platform/app';
import { mimoEnvelope } from '../../platform/http/envelope';
import { camerasFeature } from './cameras';
import { eventsFeature } from './events';
import { liveFeature } from './live';
import { notificationsFeature } from './notifications';
import { mimoSwitches } from './notifications/switches';
import { pairingFeature } from './pairing';
import { recordingsFeature } from './recordings';
import * as schema from './schema';
import { settingsFeature } from './settings';
import { mimoSite } from './site';
import type { MimoTypes } from './types';
import { usersFeature } from './users';
import { providerColumns } from './users/provider-columns';

export const mimoApp = defineApp<MimoTypes>({
  name: 'mimo',
  schema,
  title: 'MIMO Camera API',
  description: '항상 대기 중인 홈캠과 뷰어를 QR/PIN으로 연결하는 MIMO 백엔드 (document 003)',
  displayName: 'MIMO',
  site: mimoSite,
  apiPrefix: '/api',
  envelope: mimoEnvelope,
  // As the live view answers (the platform's socket listener): `{code, message}` in the acknowledgement, `live:error` otherwise.
  socketErrors: { event: 'live:error', body: ({ code, message, details }) => (details ? { code, message, details } : { code, message }) },
  providerColumns,
  notificationSwitches: mimoSwitches,
  features(app) {
    app.add(notificationsFeature);
    app.add(usersFeature);
    const live = app.add(liveFeature);
    const { cameras } = app.add(camerasFeature, live);
    app.add(pairingFeature, { access: live.access, cameras, hub: live.hub });
    app.add(eventsFeature, live);
    app.add(recordingsFeature, live);
    app.add(settingsFeature, live);
  },
});
