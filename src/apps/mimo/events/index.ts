import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';

/** Document 003's events: /api/events, pin, stats; motion notifications. */
export function registerEvents(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }) {}
