import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Cache } from '../../../platform/cache';
import type { Db } from '../../../platform/db/database';
import { translate } from '../feature';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import type { NotificationType } from '../types';
import { cameraViewers } from '../cameras/tables';
import { type UserSettings, settingsOf } from '../settings/service';
import { EventMessage } from './messages';

/** One notification per camera and person in this long, however many motion events come. */
export const MOTION_COOLDOWN_MS = 60_000;

export interface MotionEvent {
  id: number;
  cameraId: number;
  score: number | null;
}

export interface MotionCamera {
  id: number;
  name: string;
  userId: number;
  settings: Record<string, unknown>;
}

/**
 * Whether a person wants to hear of a motion of this score. Sensitivity s (1–100) lets through
 * scores of at least 100 − s: at 50 (the default) half the scale, at 100 everything, at 1 only
 * the surest detections. An event without a score counts as certain.
 */
export function wantsMotionAlert(settings: UserSettings, score: number | null): boolean {
  return settings.notificationEnabled && (score ?? 100) >= 100 - settings.motionSensitivity;
}

/**
 * Tells a camera's owner and viewers of motion, each by their own settings. A burst of motion
 * events gives each person one notification: the first claims a cooldown key in the shared cache
 * (an atomic increment, so two nodes racing still send one), the rest within the cooldown are quiet.
 * A camera whose own settings turn notifications off tells no one.
 */
export class MotionAlerts {
  constructor(private readonly o: { db: Db; cache: Cache; notifier: Notifier<NotificationType>; logger: Logger; cooldownMs?: number }) {}

  async onMotion(event: MotionEvent, camera: MotionCamera): Promise<number[]> {
    if (camera.settings.notificationsEnabled === false) return [];
    const viewers = await this.o.db.select({ userId: cameraViewers.userId }).from(cameraViewers).where(eq(cameraViewers.cameraId, camera.id));
    const settings = await settingsOf(this.o.db, [camera.userId, ...viewers.map((v) => v.userId)]);
    const notified: number[] = [];
    for (const person of settings.values()) {
      if (!wantsMotionAlert(person, event.score)) continue;
      if (!(await this.claimCooldown(camera.id, person.userId))) continue;
      try {
        await this.o.notifier.notify(person.userId, {
          type: 'motion',
          priority: 'high',
          title: translate('ko', EventMessage.MOTION_ALERT_TITLE),
          message: translate('ko', EventMessage.MOTION_ALERT_MESSAGE, { camera: camera.name }),
          data: { cameraId: camera.id, eventId: event.id },
        });
        notified.push(person.userId);
      } catch (err) {
        // The event is stored whatever happens to its notification.
        this.o.logger.error({ err, cameraId: camera.id, eventId: event.id }, 'motion notification failed');
      }
    }
    return notified;
  }

  private async claimCooldown(cameraId: number, userId: number): Promise<boolean> {
    const { count } = await this.o.cache.increment(`motion-cooldown:${cameraId}:${userId}`, this.o.cooldownMs ?? MOTION_COOLDOWN_MS);
    return count === 1;
  }
}
