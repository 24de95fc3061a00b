import type { CameraAccess } from '../cameras/access';
import { defineFeature } from '../feature';
import { AppLock } from './app-lock';
import { CameraSettingsService } from './camera-settings';
import { settingsRoutes } from './routes';
import { SettingsService } from './service';
import * as tables from './tables';
import { SettingsTransfer } from './transfer';

/** Document 003's settings: /api/settings*, /api/cameras/:id/settings. */
export const settingsFeature = defineFeature({
  name: 'settings',
  tables,
  needs: ['cache', 'gateway', 'audit', 'identity'],
  services: ({ core, db }, { access }: { access: CameraAccess }) => ({
    settings: new SettingsService(db, core.identity.passwords),
    appLock: new AppLock(db, core.cache, core.identity.passwords),
    cameraSettings: new CameraSettingsService(db, access, core.gateway),
    transfer: new SettingsTransfer(db),
    audit: core.audit,
  }),
  routes: settingsRoutes,
});
