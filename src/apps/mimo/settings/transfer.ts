import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { AccessMessage } from '../cameras/access';
import { cameras } from '../cameras/tables';
import { cleanCameraSettings } from './camera-settings';
import { type CameraSettings, SETTINGS_EXPORT_VERSION, type SettingsImport } from './schemas';
import { type UserSettings, applySettingsChange, settingsOfUser } from './service';

/** Backup and restore of a user's settings and their cameras' settings (document 003's 설정 백업/복원). */
export class SettingsTransfer {
  constructor(private readonly db: Db) {}

  /** Everything import takes back; the PIN (even its hash) is never part of it. */
  async export(userId: number) {
    const settings = await settingsOfUser(this.db, userId);
    const owned = await this.db
      .select({ id: cameras.id, name: cameras.name, settings: cameras.settings })
      .from(cameras)
      .where(eq(cameras.userId, userId))
      .orderBy(asc(cameras.id));
    const { userId: _userId, appLockPinSet: _pinSet, updatedAt: _updatedAt, ...exported } = settings;
    return {
      version: SETTINGS_EXPORT_VERSION,
      exportedAt: new Date(),
      settings: exported,
      cameras: owned.map((camera) => ({ ...camera, settings: cleanCameraSettings(camera.settings) })),
    };
  }

  /**
   * All or nothing, in one transaction: settings given replace the stored ones (extra as a whole),
   * each listed camera's settings are replaced; a camera the user does not own refuses the lot.
   */
  async import(userId: number, doc: SettingsImport): Promise<{ settings: UserSettings; cameras: Array<{ id: number; settings: CameraSettings }> }> {
    const listed = doc.cameras ?? [];
    return this.db.transaction(async (tx) => {
      if (listed.length > 0) {
        const ids = listed.map((c) => c.id);
        const owned = await tx
          .select({ id: cameras.id })
          .from(cameras)
          .where(and(eq(cameras.userId, userId), inArray(cameras.id, ids)));
        if (owned.length !== ids.length) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      }
      let settings: UserSettings;
      if (doc.settings) {
        const { extra, ...fixed } = doc.settings;
        settings = await applySettingsChange(tx, userId, { fixed, ...(extra && { extra: { mode: 'replace', values: extra } }) });
      } else settings = await settingsOfUser(tx, userId);
      for (const camera of listed) {
        await tx
          .update(cameras)
          .set({ settings: camera.settings })
          .where(and(eq(cameras.id, camera.id), eq(cameras.userId, userId)));
      }
      return { settings, cameras: listed.map(({ id, settings: s }) => ({ id, settings: s })) };
    });
  }
}
