import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';

/** Document 003's settings: /api/settings*, /api/cameras/:id/settings. */
export function registerSettings(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }) {}
