/** A camera's live room (the Socket.IO room, and the plain connections' group) of its phone and viewers. */
export const cameraRoom = (cameraId: number) => `camera:${cameraId}`;
/** The camera's own device sockets only: what is for the camera and not its viewers (its pairing code). */
export const cameraDeviceRoom = (cameraId: number) => `camera-device:${cameraId}`;

/** Events MIMO's gateway sends about cameras; any module that changes a camera's state emits them. */
export const LiveEvent = {
  /** `{cameraId, status, lastSeen}`: the camera went online, offline or into error. */
  CAMERA_STATUS: 'camera:status',
  /** `{cameraId, userId}`: the owner revoked this viewer; the viewer's sockets have left the room. */
  VIEWER_REVOKED: 'viewer:revoked',
  /** The camera's new pairing code (as POST /api/qr/generate answers it, with `reason`), to the camera's device and its owner. */
  PAIRING_RENEWED: 'pairing:renewed',
} as const;

/** The camera whose room this is, or undefined for any other room. */
export function cameraOfRoom(room: string): number | undefined {
  const match = /^camera:(\d+)$/.exec(room);
  return match ? Number(match[1]) : undefined;
}
