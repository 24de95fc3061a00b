import { emailTables } from '../../../platform/notify/email/table';
import { pushTables } from '../../../platform/notify/push/table';
import { notificationTables } from '../../../platform/notify/tables';
import { fitmate, users } from '../users/tables';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES } from '../vocabulary';

export const { notificationType, notificationPriority, notifications, notificationDeliveries } = notificationTables(fitmate, users, {
  types: NOTIFICATION_TYPES,
  priorities: NOTIFICATION_PRIORITIES,
  dataColumn: 'data',
});

// The channels a notification goes out on besides the app: email and browser push.
export const { emailMessages } = emailTables(fitmate);
export const { pushSubscriptions } = pushTables(fitmate, users);
