import { mimoEnvelope } from '../../../platform/http/envelope';
import { PlainSocketServer } from '../../../platform/realtime/plain/server';
import { CameraAccess } from '../cameras/access';
import type { Cameras } from '../cameras/service';
import { CameraStatus } from '../cameras/status';
import { defineFeature } from '../feature';
import { serveAppProtocol } from './app-protocol';
import { serveCamera } from './camera-socket';
import { announceDepartures } from './departures';
import { cameraVerifier } from './device-auth';
import { type MimoSocket, SOCKET_EVENT_LIMIT } from './events';
import { LiveHub } from './hub';
import { isCameraOf } from './members';
import { PlainRoster } from './roster-plain';
import { SocketIoRoster } from './roster-socket-io';
import { cameraOfRoom } from './rooms';
import { liveRoutes } from './routes';
import { listenForSignals } from './signalling';
import { watchCameras } from './watch';

/** The largest frame the plain socket takes (an SDP is at most 100 KB); a bigger one closes it. */
const PLAIN_MESSAGE_MAX_BYTES = 1_000_000;

/**
 * Live view on two transports over one signalling core (the hub): Socket.IO (the pages at
 * /live/camera and /live/viewer), and the MIMO app's plain WebSocket at the root path of MIMO's
 * port (and of MIMO_SIGNALLING_PORT when set). Also the ICE servers and the pages. The hub keeps
 * the cameras' access rules and status, so the features after it build on them.
 */
export const liveFeature = defineFeature({
  name: 'live',
  needs: ['gateway', 'devices', 'http'],
  services({ core, db, logger }) {
    const { gateway } = core;
    const access = new CameraAccess(db);
    const status = new CameraStatus(db, gateway);
    const plain = new PlainSocketServer({
      path: '/',
      // A camera's device credential (mc_…) or a user's access token, checked as a Socket.IO handshake is.
      credentials: (token) => (token.startsWith('mc_') ? { deviceCredential: token } : { token }),
      gateway,
      envelope: mimoEnvelope,
      limit: SOCKET_EVENT_LIMIT,
      maxMessageBytes: PLAIN_MESSAGE_MAX_BYTES,
      logger,
    });
    const hub = new LiveHub({ db, access, status, logger }, [new SocketIoRoster(gateway), new PlainRoster(plain.connections, gateway.cluster)]);
    core.devices.use(cameraVerifier(db));
    return {
      access,
      status,
      hub,
      plain,
      /** The app's protocol registers cameras, so it needs the cameras service (which needs the hub): served once that exists. */
      serveApp: (cameras: Cameras) => serveAppProtocol(plain, { hub, cameras, access, logger }),
    };
  },
  routes: (router, _services, kit) => liveRoutes(router, { rtc: kit.config.rtc, http: kit.core.http }),
  sockets(gateway, { access, hub, plain }, { core, config, logger }) {
    // Each socket's events share one budget, as a plain connection's do; a refusal is answered in
    // the acknowledgement, or as live:error when the client asked for none. Listeners go on before
    // the first await, so a client's first event is never missed.
    const listener = (socket: MimoSocket) => gateway.listener(socket, { budget: SOCKET_EVENT_LIMIT, errorEvent: 'unacknowledged' });
    gateway.onDeviceConnection(async (socket) => {
      const live = listener(socket);
      listenForSignals(live, socket, hub);
      await serveCamera(live, socket, { hub, logger });
    });
    gateway.onConnection((socket) => {
      const live = listener(socket);
      listenForSignals(live, socket, hub);
      watchCameras(live, socket, hub);
    });
    announceDepartures(gateway, hub, logger);

    plain.attach(core.http.server);
    const { signallingPort } = config.rtc;
    if (signallingPort !== undefined) {
      core.http.addHook('onListen', async () => {
        const port = await plain.listen(signallingPort, config.host);
        logger.info({ port }, 'MIMO signalling WebSocket listening');
      });
    }
    // Whether someone is online is told only to those who share a camera with them.
    gateway.presenceAudience((userId) => access.sharers(userId));
    // Back from a dropped connection, a socket is in a camera's room again only if it still may be:
    // the camera's own phone, or a user who still owns or watches it (a revoked viewer does not).
    gateway.guardRooms('camera:', async (socket, room) => {
      const cameraId = cameraOfRoom(room);
      if (cameraId === undefined) return false;
      if (socket.data.device) return isCameraOf(socket.data, cameraId);
      return (await access.roleOf(socket.data.principal.userId, cameraId)) !== undefined;
    });
  },
});
