import type { AppContext, AppCore } from '../../../platform/app';
import type { CameraAccess } from '../cameras/access';
import type { CameraStatus } from '../cameras/status';
import { serveCamera } from './camera-socket';
import { announceDepartures } from './departures';
import { cameraAuthenticator } from './device-auth';
import { registerIceServers } from './ice-servers';
import { listenerFor } from './listen';
import { LiveMembers } from './members';
import { registerLivePages } from './pages';
import { listenForSignals } from './signalling';
import { watchCameras } from './watch';

/** Live view: camera and viewer sockets, WebRTC signalling, ICE servers, the camera and viewer pages. */
export function registerLive(core: AppCore, ctx: AppContext, deps: { access: CameraAccess; status: CameraStatus }) {
  const { gateway } = core;
  const db = ctx.database.db;
  const logger = ctx.logger;
  const members = new LiveMembers(gateway);

  gateway.useAuthenticator(cameraAuthenticator(db));
  // Listeners go on before the first await, so a client's first event is never missed.
  gateway.onDeviceConnection(async (socket) => {
    const on = listenerFor(socket, logger);
    listenForSignals(on, socket, members);
    await serveCamera(on, socket, { gateway, status: deps.status, members, logger });
  });
  gateway.onConnection((socket) => {
    const on = listenerFor(socket, logger);
    listenForSignals(on, socket, members);
    watchCameras(on, socket, { db, access: deps.access, members });
  });
  announceDepartures(gateway, members, logger);

  registerIceServers(core.router, db, ctx.config.rtc);
  registerLivePages(core.http);
  return { members };
}
