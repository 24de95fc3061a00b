import type { PhoneCodes } from '../../../platform/auth/phone-codes';
import { defineFeature } from '../feature';
import { usersRoutes } from './routes';
import { usersServices } from './service';
import * as tables from './tables';

/** Document 000's authentication, profile and avatar routes. */
export const usersFeature = defineFeature({
  name: 'users',
  tables,
  needs: ['identity', 'storage'],
  services: ({ core, db }, { phoneCodes }: { phoneCodes: PhoneCodes }) => usersServices(db, core.identity, core.storage, phoneCodes),
  routes: (router, services) => usersRoutes(router, services),
});
