import { defineFeature } from '../feature';
import { smsRoutes } from './routes';
import { smsServices } from './service';
import * as tables from './tables';

/** Document 004's SMS API and the phone codes that prove a number. */
export const smsFeature = defineFeature({
  name: 'sms',
  tables,
  needs: ['sms', 'cache'],
  services: ({ core, config }) => smsServices(core.sms, core.cache, config),
  routes: (router, services) => smsRoutes(router, services),
});
