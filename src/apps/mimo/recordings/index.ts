import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';
import { MediaUploads } from './media';
import { registerMediaRoutes } from './media-routes';
import { Retention, defineRetentionJob } from './retention';
import { registerRecordingRoutes } from './routes';
import { Recordings } from './service';

/** Document 003's recordings and media: /api/recordings, /api/media/*, /api/clips/:id/presign-get; retention. */
export function registerRecordings(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }): { recordings: Recordings; retention: Retention } {
  const { db } = ctx.database;
  const { access } = deps;
  const recordings = new Recordings({ db, access, storage: core.storage, logger: ctx.logger });
  const media = new MediaUploads({ db, cache: core.cache, access, storage: core.storage, recordings, localUploadLimit: ctx.app.uploadLimit });
  registerRecordingRoutes(core, { recordings, media });
  registerMediaRoutes(core, { recordings, media });
  const retention = new Retention({ db, storage: core.storage, logger: ctx.logger });
  defineRetentionJob(core.jobs, retention, ctx.logger);
  return { recordings, retention };
}
