import type { AppTypes } from '../../platform/app';
import type { notificationType } from './schema';

/** The notification types of MindPause: its `notification_type` enum. */
export type NotificationType = (typeof notificationType.enumValues)[number];

/** A cron job starts with no data. */
type NoData = Record<string, never>;

/** What MindPause names at its seam with the platform: its jobs (name → data) and notification types. */
export interface MindpauseTypes extends AppTypes {
  jobs: {
    'mindpause.emotion-reminder': NoData;
    'mindpause.challenge-reminder': NoData;
  };
  notifications: NotificationType;
}
