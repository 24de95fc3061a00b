/** A camera's live room (the Socket.IO room, and the plain connections' group) of its phone and viewers. */
export const cameraRoom = (cameraId: number) => `camera:${cameraId}`;

/** Events MIMO's gateway sends about cameras; any module that changes a camera's state emits them. */
export const LiveEvent = {
  /** `{cameraId, status, lastSeen}`: the camera went online, offline or into error. */
  CAMERA_STATUS: 'camera:status',
  /** `{cameraId, userId}`: the owner revoked this viewer; the viewer's sockets have left the room. */
  VIEWER_REVOKED: 'viewer:revoked',
} as const;

/** The camera whose room this is, or undefined for any other room. */
export function cameraOfRoom(room: string): number | undefined {
  const match = /^camera:(\d+)$/.exec(room);
  return match ? Number(match[1]) : undefined;
}
