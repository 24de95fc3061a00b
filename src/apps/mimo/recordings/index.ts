import type { CameraAccess } from '../cameras/access';
import { defineFeature } from '../feature';
import { MediaUploads } from './media';
import { RETENTION_JOB, Retention, retentionJob } from './retention';
import { recordingsRoutes } from './routes';
import { Recordings } from './service';
import * as tables from './tables';

/** Document 003's recordings and media: /api/recordings, /api/media/*, /api/clips/:id/presign-get; retention. */
export const recordingsFeature = defineFeature({
  name: 'recordings',
  tables,
  needs: ['storage', 'cache'],
  services({ core, db, config, logger }, { access }: { access: CameraAccess }) {
    const recordings = new Recordings({ db, access, storage: core.storage, logger });
    const media = new MediaUploads({ db, cache: core.cache, access, storage: core.storage, recordings, localUploadLimit: config.apps.mimo.uploadLimit });
    return { recordings, media, retention: new Retention({ db, storage: core.storage, logger }) };
  },
  routes: (router, { recordings, media }) => recordingsRoutes(router, { recordings, media }),
  jobs: ({ retention }, { logger }) => ({ [RETENTION_JOB]: retentionJob(retention, logger) }),
});
