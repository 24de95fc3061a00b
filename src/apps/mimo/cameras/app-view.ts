import { z } from 'zod';
import type { CameraRole } from './access';
import { CAMERA_STATUSES, type cameras } from './tables';

type Row = typeof cameras.$inferSelect;

/**
 * A camera as the MIMO app's camera list reads it (snake_case, `device_id` being the camera's
 * address in the live protocol), beside the documented camelCase view. Viewers see the device id
 * too: it names the camera, it opens nothing (the device credential stays secret).
 */
export const appCameraSchema = z.object({
  id: z.number(),
  name: z.string(),
  device_id: z.string(),
  location: z.string().nullable(),
  status: z.enum(CAMERA_STATUSES),
  last_seen: z.date().nullable(),
  last_heartbeat: z.date().nullable(),
  access_type: z.enum(['owner', 'shared']),
  permission_level: z.enum(['admin', 'viewer']).describe('admin: the owner; viewer: paired by code'),
  owner_id: z.number(),
  created_at: z.date(),
  updated_at: z.date(),
  granted_at: z.date().nullable().describe('When a shared camera was paired'),
  expires_at: z.null().describe('Pairings do not expire'),
});

export function appCameraView(row: Row, role: CameraRole, grantedAt: Date | null): z.input<typeof appCameraSchema> {
  return {
    id: row.id,
    name: row.name,
    device_id: row.deviceId,
    location: row.location,
    status: row.status,
    last_seen: row.lastSeen,
    last_heartbeat: row.lastHeartbeat,
    access_type: role === 'owner' ? 'owner' : 'shared',
    permission_level: role === 'owner' ? 'admin' : 'viewer',
    owner_id: row.userId,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    granted_at: role === 'owner' ? null : grantedAt,
    expires_at: null,
  };
}
