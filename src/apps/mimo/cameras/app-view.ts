import { z } from 'zod';
import { type CameraView, instant, isoOf } from './schemas';
import { CAMERA_STATUSES } from './tables';

/**
 * A camera as the MIMO app's camera list reads it (snake_case, `device_id` being the camera's
 * address in the live protocol), beside the documented camelCase view it is made from. Viewers
 * see the device id too: it names the camera, it opens nothing (the device credential stays secret).
 */
export const appCameraSchema = z.object({
  id: z.number(),
  name: z.string(),
  device_id: z.string(),
  location: z.string().nullable(),
  status: z.enum(CAMERA_STATUSES),
  last_seen: instant.nullable(),
  last_heartbeat: instant.nullable(),
  access_type: z.enum(['owner', 'shared']),
  permission_level: z.enum(['admin', 'viewer']).describe('admin: the owner; viewer: paired by code'),
  owner_id: z.number(),
  created_at: instant,
  updated_at: instant,
  granted_at: instant.nullable().describe('When a shared camera was paired'),
  expires_at: z.null().describe('Pairings do not expire'),
});

export function appCameraView(view: CameraView, ownerId: number, grantedAt: Date | null): z.input<typeof appCameraSchema> {
  const owner = view.role === 'owner';
  return {
    id: view.id,
    name: view.name,
    device_id: view.deviceId,
    location: view.location,
    status: view.status,
    last_seen: view.lastSeen,
    last_heartbeat: view.lastHeartbeat,
    access_type: owner ? 'owner' : 'shared',
    permission_level: owner ? 'admin' : 'viewer',
    owner_id: ownerId,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
    granted_at: owner ? null : isoOf(grantedAt),
    expires_at: null,
  };
}
