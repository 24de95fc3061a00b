import { notificationTables } from '../../../platform/notify/tables';
import { mimo, users } from '../users/tables';

/** Document 003's notification types and priorities. */
export const NOTIFICATION_TYPES = ['motion', 'system', 'security', 'maintenance'] as const;
export const NOTIFICATION_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

export const { notificationType, notificationPriority, notifications, notificationDeliveries } = notificationTables(mimo, users, {
  types: NOTIFICATION_TYPES,
  priorities: NOTIFICATION_PRIORITIES,
  dataColumn: 'metadata',
});
