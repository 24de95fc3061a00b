import type { Logger } from 'pino';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import type { MimoJob, NotificationType } from '../types';
import { offlineNotice } from './messages';
import type { CameraStatus, StatusChange } from './status';

/** Cameras beat this often. */
export const HEARTBEAT_INTERVAL_SEC = 30;
/** This many missed beats and a camera is offline. */
export const MISSED_BEATS = 3;
export const SWEEPER_JOB = 'mimo.camera-sweeper';

/**
 * Turns cameras that stopped beating offline (one set-based update) and tells each owner, with a
 * high-priority notification per camera. A camera already offline is not touched again, so an
 * owner hears of one outage once.
 */
export async function sweepStaleCameras(status: CameraStatus, notifications: Notifier<NotificationType>, logger: Logger): Promise<StatusChange[]> {
  const silentSec = HEARTBEAT_INTERVAL_SEC * MISSED_BEATS;
  const stale = await status.sweep(silentSec);
  const sent = await Promise.allSettled(
    stale.map((camera) =>
      notifications.notify(camera.ownerId, { type: 'system', priority: 'high', ...offlineNotice(camera.name, silentSec), data: { cameraId: camera.cameraId } }),
    ),
  );
  for (const result of sent) if (result.status === 'rejected') logger.error({ err: result.reason }, 'camera offline notification failed');
  return stale;
}

/** The sweeper, every minute. */
export function sweeperJob(status: CameraStatus, notifications: Notifier<NotificationType>, logger: Logger): MimoJob<typeof SWEEPER_JOB> {
  return {
    description: `하트비트가 ${MISSED_BEATS}번(${HEARTBEAT_INTERVAL_SEC * MISSED_BEATS}초) 이상 끊긴 카메라를 오프라인으로 바꾸고 소유자에게 알림`,
    cron: '* * * * *',
    // Each minute a read, not a run through the queue, unless a camera has gone silent.
    due: () => status.anyStale(HEARTBEAT_INTERVAL_SEC * MISSED_BEATS),
    async handler() {
      const stale = await sweepStaleCameras(status, notifications, logger);
      return { offline: stale.length };
    },
  };
}
