import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';

/** Document 003's pairing: /api/qr/*, /api/connection/*. */
export function registerPairing(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }) {}
