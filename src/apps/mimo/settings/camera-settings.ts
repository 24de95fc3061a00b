import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { AccessMessage, type CameraAccess } from '../cameras/access';
import { cameras } from '../cameras/tables';
import { cameraRoom } from '../live/rooms';
import { type CameraSettings, cameraSettingsSchema } from './schemas';
import type { MimoGateway } from '../live/events';

/** Sent to a camera's room when its settings change: `{cameraId, settings}`; the device applies them. */
export const CAMERA_SETTINGS_EVENT = 'camera:settings';

/** The known, valid keys of a stored settings object (anything else is left out of answers). */
export function cleanCameraSettings(stored: Record<string, unknown>): CameraSettings {
  const shape = cameraSettingsSchema.shape;
  const clean: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (key in stored && field.safeParse(stored[key]).success && stored[key] !== undefined) clean[key] = stored[key];
  }
  return clean as CameraSettings;
}

/** A camera's own settings (cameras.settings): viewers read them, only the owner changes them. */
export class CameraSettingsService {
  constructor(
    private readonly db: Db,
    private readonly access: CameraAccess,
    private readonly gateway: MimoGateway,
  ) {}

  async get(userId: number, cameraId: number) {
    await this.access.requireAccess(userId, cameraId);
    const [row] = await this.db.select({ settings: cameras.settings }).from(cameras).where(eq(cameras.id, cameraId));
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    return { cameraId, settings: cleanCameraSettings(row.settings) };
  }

  /** Merges the given keys into the stored ones in one statement (no lost update with other writers). */
  async update(userId: number, cameraId: number, patch: CameraSettings) {
    // A viewer hears 403 (they know the camera), anyone else 404.
    await this.access.requireOwnerToChange(userId, cameraId);
    const [row] = await this.db
      .update(cameras)
      .set({ settings: sql`${cameras.settings} || ${JSON.stringify(patch)}::jsonb` })
      .where(and(eq(cameras.id, cameraId), eq(cameras.userId, userId)))
      .returning({ settings: cameras.settings });
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    const settings = cleanCameraSettings(row.settings);
    this.announce(cameraId, settings);
    return { cameraId, settings };
  }

  announce(cameraId: number, settings: CameraSettings): void {
    this.gateway.io.to(cameraRoom(cameraId)).emit(CAMERA_SETTINGS_EVENT, { cameraId, settings });
  }
}
