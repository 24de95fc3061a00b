import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';

/** Document 003's recordings and media: /api/recordings, /api/media/*, /api/clips/:id/presign-get; retention. */
export function registerRecordings(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }) {}
