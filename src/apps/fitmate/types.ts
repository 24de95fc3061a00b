import type { AppTypes } from '../../platform/app';
import type { ChatClientEvents, ChatServerEvents } from './chat/socket/events';
import type { notificationType } from './notifications/tables';

/** Document 000's notification types, as the database's enum spells them. */
export type NotificationType = (typeof notificationType.enumValues)[number];

/** What FitMate names at its seam with the platform: its jobs (all cron, started with no data), its notification types and its sockets' events (the chat's). */
export interface FitmateTypes extends AppTypes {
  jobs: {
    'fitmate.workout-reminder': Record<string, never>;
    'fitmate.weekly-report': Record<string, never>;
    'fitmate.goal-check': Record<string, never>;
  };
  notifications: NotificationType;
  serverEvents: ChatServerEvents;
  clientEvents: ChatClientEvents;
}
