import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';

/** Live view: camera and viewer sockets, WebRTC signalling, ICE servers, the camera and viewer pages. */
export function registerLive(core: AppCore, ctx: AppContext, deps: { access: CameraAccess }) {}
