import { defineFeature } from '../feature';
import { usersRoutes } from './routes';
import { MindpauseProfiles } from './service';
import * as tables from './tables';

/** Accounts (sign-up, sign-in, Google and Kakao, passwords) and the profile with its notice switches. */
export const usersFeature = defineFeature({
  name: 'users',
  tables,
  needs: ['identity', 'storage'],
  services: (kit) => ({ identity: kit.core.identity, profiles: new MindpauseProfiles(kit.db, kit.core.storage) }),
  routes: (router, services) => usersRoutes(router, services),
});
