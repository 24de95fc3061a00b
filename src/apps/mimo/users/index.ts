import { defineFeature } from '../feature';
import { MimoProfiles } from './profile';
import { usersRoutes } from './routes';
import * as tables from './tables';

/** Accounts and profiles: document 003's /api/auth/* and /api/profile*, with the terms a user agreed to. */
export const usersFeature = defineFeature({
  name: 'users',
  tables,
  needs: ['identity'],
  services: (kit) => ({ identity: kit.core.identity, profiles: new MimoProfiles(kit.db) }),
  routes: usersRoutes,
});
