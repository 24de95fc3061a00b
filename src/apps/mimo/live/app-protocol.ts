import type { Logger } from 'pino';
import { badRequest, conflict, forbidden, notFound } from '../../../platform/http/errors';
import type { PlainConnection } from '../../../platform/realtime/plain/registry';
import type { PlainSocketServer } from '../../../platform/realtime/plain/server';
import { AccessMessage, type CameraAccess } from '../cameras/access';
import type { Cameras } from '../cameras/service';
import {
  heartbeatFrame,
  joinStreamFrame,
  leaveStreamFrame,
  qrConnectFrame,
  registerCameraFrame,
  signalFrame,
  startStreamFrame,
  statusUpdateFrame,
  stopStreamFrame,
  unregisterCameraFrame,
} from './app-frames';
import type { LiveHub } from './hub';
import type { Signal } from './members';
import { LiveMessage } from './messages';
import { type Place, plainMember, sendError } from './roster-plain';
import { cameraOfRoom, cameraRoom } from './rooms';

/** A camera phone beats twice every 30 s over the socket; once per 10 s reaches the database. */
const BEAT_EVERY_MS = 10_000;

export interface AppProtocolDeps {
  hub: LiveHub;
  cameras: Cameras;
  access: CameraAccess;
  logger: Logger;
}

/**
 * The MIMO app's live protocol on the plain WebSocket, frame by frame as the app sends them, over
 * the one signalling core (hub.ts): the same access checks, rooms, counts, relay rules and limits
 * as the Socket.IO live view. The app names cameras by device id and viewers by ids they make;
 * each connection's places in camera rooms (as camera or as viewer) are kept in the registry.
 */
export function serveAppProtocol(server: PlainSocketServer, deps: AppProtocolDeps): void {
  const { hub, cameras, access, logger } = deps;
  const { connections } = server;
  const beats = new WeakMap<PlainConnection, Map<number, number>>();

  const places = (connection: PlainConnection) => [...connection.groups.values()] as Place[];
  const placeAs = (connection: PlainConnection, role: Place['role'], deviceId: string) =>
    places(connection).find((p) => p.role === role && p.deviceId === deviceId);
  const leave = (connection: PlainConnection, place: Place) => connections.leave(connection, cameraRoom(place.cameraId));

  // Every way out of a room (a frame, a close, a revocation) is told to the room by the hub.
  connections.onLeave((connection, group, info) => {
    const cameraId = cameraOfRoom(group);
    if (cameraId === undefined) return;
    const place = info as Place;
    const member = plainMember(connection, place);
    return (place.role === 'camera' ? hub.cameraLeft(cameraId, member) : hub.viewerLeft(cameraId, member)).catch((err) =>
      logger.warn({ err, cameraId }, 'a departure could not be told'),
    );
  });

  server.onOpen((connection) => connection.send('client_id', { clientId: connection.id }));

  server.on('register_camera', registerCameraFrame, async (connection, { id, name }) => {
    const camera = await cameraToServe(connection, id, name);
    const group = cameraRoom(camera.id);
    const current = connection.groups.get(group) as Place | undefined;
    if (current?.role === 'viewer') leave(connection, current);
    const first = current?.role !== 'camera';
    const place: Place = {
      cameraId: camera.id,
      deviceId: camera.deviceId,
      role: 'camera',
      alias: camera.deviceId,
      joinedAt: first ? Date.now() : current.joinedAt,
    };
    if (first) connections.join(connection, group, place);
    const change = await (first ? hub.cameraArrived(camera.id, plainMember(connection, place)) : hub.beat(camera.id)).catch((error) => {
      if (first) leave(connection, place);
      throw error;
    });
    if (!change) {
      leave(connection, place);
      throw notFound(LiveMessage.LIVE_CAMERA_GONE);
    }
    connection.send('camera_registered', { id: camera.deviceId, name: camera.name, status: change.status });
    // Viewers who came before the phone: the camera calls each of them, as if they had just joined.
    if (first) {
      const viewers = (await hub.members(camera.id)).filter((m) => m.role === 'viewer');
      for (const viewer of viewers) connection.send('viewer_joined', { cameraId: camera.deviceId, viewerId: viewer.alias ?? viewer.peerId });
      if (viewers.length) connection.send('viewer_count_update', { cameraId: camera.deviceId, connectionId: camera.deviceId, viewerCount: viewers.length });
    }
  });

  server.on('unregister_camera', unregisterCameraFrame, async (connection, { id }) => {
    const place = placeAs(connection, 'camera', id);
    if (!place) throw notFound(LiveMessage.LIVE_NOT_JOINED);
    leave(connection, place);
    connection.send('camera_unregistered', { id });
  });

  const heartbeat = async (connection: PlainConnection) => {
    const now = Date.now();
    let last = beats.get(connection);
    if (!last) beats.set(connection, (last = new Map()));
    for (const place of places(connection).filter((p) => p.role === 'camera')) {
      if (now - (last.get(place.cameraId) ?? 0) < BEAT_EVERY_MS) continue;
      last.set(place.cameraId, now);
      if (!(await hub.beat(place.cameraId))) {
        sendError(connection, LiveMessage.LIVE_CAMERA_GONE, 'heartbeat');
        leave(connection, place);
      }
    }
    connection.send('pong', { timestamp: now });
  };
  server.on('heartbeat', heartbeatFrame, heartbeat);
  server.on('ping', heartbeatFrame, heartbeat);

  // The app sends the PIN here before spending it over HTTP; nothing needs it here, so it is
  // neither looked up nor counted (pairing is POST /api/cameras/connect/pin/{pin}, rate-limited).
  server.on('qr_connect', qrConnectFrame, () => undefined);

  server.on('join_stream', joinStreamFrame, async (connection, { cameraId: deviceId, viewerId }) => {
    const userId = connection.principal.userId;
    const target = await access.byDevice(userId, deviceId);
    if (!target) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    const group = cameraRoom(target.cameraId);
    const current = connection.groups.get(group) as Place | undefined;
    if (current?.role === 'camera') throw conflict(LiveMessage.LIVE_ALREADY_CAMERA);
    const place: Place = { cameraId: target.cameraId, deviceId, role: 'viewer', alias: viewerId, joinedAt: current?.joinedAt ?? Date.now() };
    const joined = await hub.join(userId, target.cameraId, {
      member: plainMember(connection, place),
      isIn: current !== undefined,
      enter: async () => connections.join(connection, group, place),
      exit: async () => void connections.leave(connection, group),
    });
    // Joining again under another id renames the viewer.
    if (current && current.alias !== viewerId) connections.join(connection, group, place);
    connection.send('stream_joined', { cameraId: deviceId, viewerId, cameraName: joined.name, status: joined.status, viewerCount: joined.viewerCount });
  });

  server.on('leave_stream', leaveStreamFrame, async (connection, { cameraId: deviceId, viewerId }) => {
    const place = placeAs(connection, 'viewer', deviceId);
    if (!place) throw notFound(LiveMessage.LIVE_NOT_JOINED);
    leave(connection, place);
    connection.send('stream_left', { cameraId: deviceId, viewerId: viewerId ?? place.alias });
  });

  const cameraPlace = (connection: PlainConnection, deviceId: string) => {
    const place = placeAs(connection, 'camera', deviceId);
    if (!place) throw forbidden(LiveMessage.LIVE_NOT_JOINED);
    return place;
  };

  server.on('start_stream', startStreamFrame, async (connection, { cameraId: deviceId, viewerId }) => {
    cameraPlace(connection, deviceId);
    connection.send('stream_started', { id: deviceId, cameraId: deviceId, viewerId, status: 'streaming', timestamp: Date.now() });
  });

  server.on('stop_stream', stopStreamFrame, async (connection, { cameraId: deviceId }) => {
    cameraPlace(connection, deviceId);
    connection.send('stream_stopped', { id: deviceId, cameraId: deviceId, status: 'stopped', timestamp: Date.now() });
  });

  // The camera speaks as `from` (its device id); a viewer names the camera it watches in `to`.
  server.on('webrtc_signaling', signalFrame, async (connection, frame) => {
    const place = placeAs(connection, 'camera', frame.from) ?? placeAs(connection, 'viewer', frame.to);
    if (!place) throw forbidden(LiveMessage.LIVE_NOT_JOINED);
    const signal: Signal = frame.type === 'ice-candidate' ? { kind: 'ice', candidate: frame.data } : { kind: frame.type, sdp: frame.data.sdp };
    await hub.relay(plainMember(connection, place), place.cameraId, frame.to, signal);
  });

  // A camera's status is the server's to know (its connection and beats); a client cannot set it.
  for (const type of ['camera_status_update', 'viewer_status_update']) {
    server.on(type, statusUpdateFrame, () => {
      throw badRequest(LiveMessage.LIVE_STATUS_IS_SERVERS);
    });
  }

  /** The camera a connection may serve: its own (by device credential), or its user's by device id (registered now if new). */
  async function cameraToServe(connection: PlainConnection, deviceId: string, name?: string) {
    if (connection.device) {
      const camera = await cameras.get(connection.principal.userId, connection.device.cameraId!);
      if (camera.deviceId !== deviceId) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      return camera;
    }
    return cameras.claim(connection.principal.userId, deviceId, name);
  }
}
