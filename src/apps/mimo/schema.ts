import { bigint, boolean, date, index, pgSchema, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { identityColumns, identityTables } from '../../platform/auth/tables';
import { emailTables } from '../../platform/notify/email/table';
import { notificationTables } from '../../platform/notify/tables';
import { pushTables } from '../../platform/notify/push/table';
import { auditTables } from '../../platform/audit/table';
import { settingsTables } from '../../platform/db/settings';
import { smsTables } from '../../platform/notify/sms/table';
import { suspensionTables } from '../../platform/admin/table';

export const mimo = pgSchema('mimo');
export const ROLES = ['USER', 'ADMIN'] as const;
/** Document 003's notification types and priorities. */
export const NOTIFICATION_TYPES = ['motion', 'system', 'security', 'maintenance'] as const;
export const NOTIFICATION_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Document 003's User table; is_active and last_login_at come from the shared identity core. */
export const users = mimo.table(
  'users',
  {
    ...identityColumns({ password: 'password_hash', name: 'name', nameLength: 50 }),
    nickname: varchar('nickname', { length: 50 }),
    bio: text('bio'),
    phone: varchar('phone', { length: 20 }),
    birth: date('birth'),
    picture: text('picture'),
    googleId: varchar('google_id', { length: 255 }).unique('users_google_id_unique'),
  },
  (t) => [index('idx_users_created_at').on(t.createdAt)],
);

/** Document 003's TermsAgreement: one row per change, so the history of consent is kept. */
export const termsAgreements = mimo.table(
  'terms_agreements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    agreeTerms: boolean('agree_terms').notNull().default(false),
    agreePrivacy: boolean('agree_privacy').notNull().default(false),
    agreeMicrophone: boolean('agree_microphone').notNull().default(false),
    agreeLocation: boolean('agree_location').notNull().default(false),
    agreeMarketing: boolean('agree_marketing').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_terms_user').on(t.userId, t.createdAt)],
);

export const { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts } = identityTables(mimo, users, ROLES);
export const { emailMessages } = emailTables(mimo);
export const { pushSubscriptions } = pushTables(mimo, users);
export const { platformSettings } = settingsTables(mimo);
export const { auditLog } = auditTables(mimo);
export const { smsLogs } = smsTables(mimo, users);
export const { userSuspensions } = suspensionTables(mimo, users);
export const { notificationType, notificationPriority, notifications, notificationDeliveries } = notificationTables(mimo, users, {
  types: NOTIFICATION_TYPES,
  priorities: NOTIFICATION_PRIORITIES,
  dataColumn: 'metadata',
});

export * from './cameras/tables';
export * from './pairing/tables';
export * from './events/tables';
export * from './recordings/tables';
export * from './settings/tables';
