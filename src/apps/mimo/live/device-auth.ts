import type { Db } from '../../../platform/db/database';
import type { DeviceVerifier } from '../../../platform/auth/devices';
import { verifyDeviceCredential } from '../cameras/device';

/**
 * How a camera's phone proves it is that camera, for the platform's one device check (routes with
 * `auth: 'device' | 'user-or-device'`, Socket.IO's `auth.deviceCredential`, the plain socket's
 * `?token=mc_…`): it acts for the camera's owner and is that camera's device.
 */
export function cameraVerifier(db: Db): DeviceVerifier {
  return async (credential) => {
    const camera = await verifyDeviceCredential(db, credential);
    if (!camera) return undefined;
    return { principal: { userId: camera.ownerId, sessionId: `camera:${camera.cameraId}`, roles: [] }, device: { cameraId: camera.cameraId } };
  };
}
