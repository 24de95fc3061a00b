import type { AppTypes } from '../../platform/app';
import type { JobDefinition } from '../../platform/jobs/types';
import type { MimoClientEvents, MimoServerEvents } from './live/events';
import type { notificationType } from './notifications/tables';
import type { RenewalJob } from './pairing/renewal';

/** One of document 003's notification types, as the app's `notification_type` enum has them. */
export type NotificationType = (typeof notificationType.enumValues)[number];

/** A cron job's data: it carries none. */
type NoData = Record<string, never>;

/** What MIMO names at its seam with the platform. */
export interface MimoTypes extends AppTypes {
  jobs: {
    'mimo.camera-sweeper': NoData;
    'mimo.pairing-renewal': RenewalJob;
    'mimo.recording-retention': NoData;
  };
  notifications: NotificationType;
  serverEvents: MimoServerEvents;
  clientEvents: MimoClientEvents;
}

/** One of MIMO's jobs as its feature defines it (the name is the key it is returned under). */
export type MimoJob<N extends keyof MimoTypes['jobs']> = Omit<JobDefinition<MimoTypes['jobs'][N]>, 'name'>;
