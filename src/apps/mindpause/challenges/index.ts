import { defineFeature } from '../feature';
import { challengesRoutes } from './routes';
import { Challenges } from './service';
import * as tables from './tables';

/** Document 002's Phase 4.3: habits kept day by day, with a notice when one is completed. */
export const challengesFeature = defineFeature({
  name: 'challenges',
  tables,
  needs: ['notifications'],
  services: (kit) => ({ challenges: new Challenges(kit.db, kit.core.notifications) }),
  routes: (router, services) => challengesRoutes(router, services),
});
