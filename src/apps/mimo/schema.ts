import { identityTables } from '../../platform/auth/tables';
import { emailTables } from '../../platform/notify/email/table';
import { pushTables } from '../../platform/notify/push/table';
import { auditTables } from '../../platform/audit/table';
import { settingsTables } from '../../platform/db/settings';
import { smsTables } from '../../platform/notify/sms/table';
import { suspensionTables } from '../../platform/admin/table';
import { ROLES, mimo, users } from './users/tables';

export const { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts } = identityTables(mimo, users, ROLES);
export const { emailMessages } = emailTables(mimo);
export const { pushSubscriptions } = pushTables(mimo, users);
export const { platformSettings } = settingsTables(mimo);
export const { auditLog } = auditTables(mimo);
export const { smsLogs } = smsTables(mimo, users);
export const { userSuspensions } = suspensionTables(mimo, users);

export * from './users/tables';
export * from './notifications/tables';
export * from './cameras/tables';
export * from './pairing/tables';
export * from './events/tables';
export * from './recordings/tables';
export * from './settings/tables';
