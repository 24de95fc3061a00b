import { defineFeature } from '../feature';
import { trainersRoutes } from './routes';
import { Trainers } from './service';
import * as tables from './tables';

/** Trainers and their clients; `trainers.maySee` tells who may read a user's records. */
export const trainersFeature = defineFeature({
  name: 'trainers',
  tables,
  needs: [],
  services: ({ db }) => ({ trainers: new Trainers(db) }),
  routes: (router, services) => trainersRoutes(router, services),
});
