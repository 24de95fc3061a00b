import type { FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import type { CameraAccess } from '../cameras/access';
import { AccessMessage } from '../cameras/access';

/**
 * Who posts a camera's events and media: a signed-in user, or the camera itself by its device
 * credential. A camera acts for its owner and for itself alone.
 */
export interface Actor {
  userId: number;
  /** Set when the camera's own credential signed the request: the only camera it may act for. */
  deviceCameraId?: number;
}

/**
 * The caller of a route that takes either a user's token or the camera's device credential
 * (`auth: 'user-or-device'`: the platform checks the credential, and a token wins when both are sent).
 */
export function actorOf(req: Pick<FastifyRequest, 'principal' | 'device'>): Actor {
  if (!req.principal) throw unauthorized();
  return req.device?.cameraId !== undefined ? { userId: req.principal.userId, deviceCameraId: req.device.cameraId } : { userId: req.principal.userId };
}

/**
 * Throws unless the actor may `read` (any role) or `write` (the owner, or the camera itself) what
 * belongs to the camera. Without a role it is `missing` (404: its existence is not disclosed); a
 * viewer knows the camera but may only watch and read (403 on writes).
 */
export async function requireRole(access: CameraAccess, actor: Actor, cameraId: number, need: 'read' | 'write', missing: string): Promise<void> {
  if (actor.deviceCameraId !== undefined) {
    if (actor.deviceCameraId !== cameraId) throw notFound(missing);
    return;
  }
  const role = await access.roleOf(actor.userId, cameraId);
  if (!role) throw notFound(missing);
  if (need === 'write' && role !== 'owner') throw forbidden(AccessMessage.CAMERA_OWNER_ONLY);
}

/** Throws unless the actor may write for the camera (see requireRole). */
export const requireWriter = (access: CameraAccess, actor: Actor, cameraId: number) =>
  requireRole(access, actor, cameraId, 'write', AccessMessage.CAMERA_NOT_FOUND);

export const DEVICE_AUTH_TEXT =
  "Either the camera owner's bearer token or the camera's own device credential in the `X-Device-Credential` header " +
  '(issued when the camera was registered); a camera acts only for itself.';
