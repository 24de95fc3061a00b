import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database';
import { AppError, forbidden, notFound, unauthorized } from '../../../platform/http/errors';
import type { CameraAccess } from '../cameras/access';
import { AccessMessage } from '../cameras/access';
import { verifyDeviceCredential } from '../cameras/device';
import { EventMessage } from './messages';

export const DEVICE_HEADER = 'x-device-credential';

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
 * The caller of a route that takes either a user's token or the `X-Device-Credential` header
 * (the route is `auth: 'optional'`). A token wins when both are sent.
 */
export async function actorOf(req: Pick<FastifyRequest, 'principal' | 'headers'>, db: Db): Promise<Actor> {
  if (req.principal) return { userId: req.principal.userId };
  const credential = req.headers[DEVICE_HEADER];
  if (typeof credential !== 'string' || !credential) throw unauthorized();
  const device = await verifyDeviceCredential(db, credential);
  if (!device) throw new AppError(401, EventMessage.DEVICE_CREDENTIAL_INVALID);
  return { userId: device.ownerId, deviceCameraId: device.cameraId };
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
export const requireWriter = (access: CameraAccess, actor: Actor, cameraId: number) => requireRole(access, actor, cameraId, 'write', AccessMessage.CAMERA_NOT_FOUND);

export const DEVICE_AUTH_TEXT =
  'Either the camera owner\'s bearer token or the camera\'s own device credential in the `X-Device-Credential` header ' +
  '(issued when the camera was registered); a camera acts only for itself.';
