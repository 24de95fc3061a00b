import { RateLimiter } from '../../../platform/http/rate-limit';
import { defineFeature } from '../feature';
import { filesRoutes } from './routes';
import { MindpauseFiles } from './service';
import * as tables from './tables';

/** Document 002's Phase 3.3: profile images and attachments; gives the files to the features after it. */
export const filesFeature = defineFeature({
  name: 'files',
  tables,
  needs: ['cache', 'storage'],
  services: ({ db, config, core }) => ({
    files: new MindpauseFiles(db, core.storage),
    // Per user, across nodes when the cache is Redis.
    uploads: new RateLimiter(core.cache, 'file-upload', config.apps.mindpause.rateLimits.fileUpload),
  }),
  routes: (router, services) => filesRoutes(router, services),
});
