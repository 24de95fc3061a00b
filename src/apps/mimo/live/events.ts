/**
 * The live view's socket events (besides LiveEvent in rooms.ts, which other modules emit too).
 * Client → server events take an acknowledgement: `{ok: true, data}` or `{ok: false, error}`.
 */
export const LiveSocketEvent = {
  /** Viewer → server `{cameraId}`: start watching; answered with the camera's state. */
  JOIN: 'live:join',
  /** Viewer → server `{cameraId}`: stop watching. */
  LEAVE: 'live:leave',
  /** Camera → server: still here (keeps last_heartbeat fresh, as POST /api/cameras/:id/heartbeat does). */
  HEARTBEAT: 'camera:heartbeat',
  /** Server → camera on connecting: `{cameraId, viewers: [{viewerId, userId}]}`. */
  CAMERA_READY: 'camera:ready',
  /** Server → room `{cameraId, cameraSocketId}`: the camera's device socket arrived, or left. */
  CAMERA_CONNECTED: 'camera:connected',
  CAMERA_DISCONNECTED: 'camera:disconnected',
  /** Server → room `{cameraId, userId, viewerId, viewerCount}`. */
  VIEWER_JOINED: 'viewer:joined',
  VIEWER_LEFT: 'viewer:left',
  /** WebRTC signalling, both ways between a camera and one viewer: `{cameraId, to, sdp | candidate}`. */
  RTC_OFFER: 'rtc:offer',
  RTC_ANSWER: 'rtc:answer',
  RTC_ICE: 'rtc:ice',
  /** Server → socket: an event sent without an acknowledgement was refused. */
  ERROR: 'live:error',
} as const;
