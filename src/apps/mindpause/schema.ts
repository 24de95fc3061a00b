import { identityTables } from '../../platform/auth/tables';
import { emailTables } from '../../platform/notify/email/table';
import { notificationTables } from '../../platform/notify/tables';
import { pushTables } from '../../platform/notify/push/table';
import { auditTables } from '../../platform/audit/table';
import { settingsTables } from '../../platform/db/settings';
import { smsTables } from '../../platform/notify/sms/table';
import { suspensionTables } from '../../platform/admin/table';
import { mindpause, users } from './users/tables';

export const ROLES = ['USER', 'ADMIN'] as const;
export const NOTIFICATION_TYPES = [
  'emotion_reminder',
  'ai_chat',
  'community_comment',
  'community_like',
  'challenge_reminder',
  'challenge_completed',
  'report_resolved',
  'system',
  'custom',
] as const;
export const NOTIFICATION_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts } = identityTables(mindpause, users, ROLES);
export const { emailMessages } = emailTables(mindpause);
export const { pushSubscriptions } = pushTables(mindpause, users);
export const { platformSettings } = settingsTables(mindpause);
export const { auditLog } = auditTables(mindpause);
export const { smsLogs } = smsTables(mindpause, users);
export const { userSuspensions } = suspensionTables(mindpause, users);
export const { notificationType, notificationPriority, notifications, notificationDeliveries } = notificationTables(mindpause, users, {
  types: NOTIFICATION_TYPES,
  priorities: NOTIFICATION_PRIORITIES,
  dataColumn: 'data',
});
export * from './users/tables';
export * from './files/tables';
export * from './community/tables';
export * from './admin/tables';
export * from './emotions/tables';
export * from './challenges/tables';
export * from './counselling/tables';
