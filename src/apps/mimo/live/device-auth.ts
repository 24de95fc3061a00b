import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database';
import { unauthorized } from '../../../platform/http/errors';
import type { HandshakeAuthenticator } from '../../../platform/realtime/gateway';
import { verifyDeviceCredential } from '../cameras/device';
import { DEVICE_CREDENTIAL_HEADER } from '../cameras/routes';
import { LiveMessage } from './messages';

/**
 * Signs in a camera's phone by the device credential in `handshake.auth.deviceCredential`: the
 * socket acts for the camera's owner and is that camera's device. A handshake without one is
 * not a camera's; one with a wrong credential is refused.
 */
export function cameraAuthenticator(db: Db): HandshakeAuthenticator {
  return async (auth) => {
    if (!('deviceCredential' in auth)) return undefined;
    const credential = auth.deviceCredential;
    const camera = typeof credential === 'string' ? await verifyDeviceCredential(db, credential) : undefined;
    if (!camera) throw unauthorized(LiveMessage.DEVICE_CREDENTIAL_INVALID);
    return { principal: { userId: camera.ownerId, sessionId: `camera:${camera.cameraId}`, roles: [] }, device: { cameraId: camera.cameraId } };
  };
}

/** The camera and owner a request's device credential header stands for; 401 when it is wrong, undefined when there is none. */
export async function deviceOfRequest(db: Db, req: FastifyRequest): Promise<{ cameraId: number; ownerId: number } | undefined> {
  const credential = req.headers[DEVICE_CREDENTIAL_HEADER];
  if (credential === undefined) return undefined;
  const camera = typeof credential === 'string' ? await verifyDeviceCredential(db, credential) : undefined;
  if (!camera) throw unauthorized(LiveMessage.DEVICE_CREDENTIAL_INVALID);
  return camera;
}
