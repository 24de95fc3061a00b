import { bigint, boolean, date, index, integer, jsonb, numeric, pgSchema, timestamp, varchar } from 'drizzle-orm/pg-core';
import { suspensionTables } from '../../../platform/admin/table';
import { auditTables } from '../../../platform/audit/table';
import { identityColumns, identityTables } from '../../../platform/auth/tables';
import { settingsTables } from '../../../platform/db/settings';
import { FITNESS_LEVELS, GENDERS, ROLES } from '../vocabulary';

/** FitMate's PostgreSQL schema: every feature's tables live in it. */
export const fitmate = pgSchema('fitmate');

export const gender = fitmate.enum('gender', GENDERS);
export const fitnessLevel = fitmate.enum('fitness_level', FITNESS_LEVELS);

/** Document 000's users table, plus email_verified, which provider sign-in needs. */
export const users = fitmate.table(
  'users',
  {
    ...identityColumns({ password: 'password', name: 'name', nameLength: 255 }),
    providerId: varchar('provider_id', { length: 255 }),
    height: integer('height'),
    weight: numeric('weight', { precision: 5, scale: 2, mode: 'number' }),
    age: integer('age'),
    gender: gender('gender'),
    birthDate: date('birth_date'),
    fitnessLevel: fitnessLevel('fitness_level'),
    workoutGoals: jsonb('workout_goals').$type<string[]>(),
    availableEquipment: jsonb('available_equipment').$type<string[]>(),
    availableWorkoutTime: integer('available_workout_time'),
    phoneNumber: varchar('phone_number', { length: 20 }),
    /** When the phone number was proven by an SMS code; cleared when the number changes. */
    phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
    picture: varchar('picture', { length: 500 }),
    smsNotificationEnabled: boolean('sms_notification_enabled').notNull().default(false),
    emailNotificationEnabled: boolean('email_notification_enabled').notNull().default(true),
    pushNotificationEnabled: boolean('push_notification_enabled').notNull().default(true),
    onboardingCompleted: boolean('onboarding_completed').notNull().default(false),
  },
  (t) => [
    index('idx_provider').on(t.provider, t.providerId),
    index('idx_active_users').on(t.isActive, t.lastLoginAt),
    index('idx_fitness_level').on(t.fitnessLevel),
  ],
);

export const { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts } = identityTables(fitmate, users, ROLES);
// The platform's other tables about accounts and their administration.
export const { userSuspensions } = suspensionTables(fitmate, users);
export const { auditLog } = auditTables(fitmate);
export const { platformSettings } = settingsTables(fitmate);

/** The user a row belongs to: `user_id`, gone with the account. */
export const ownerColumn = () =>
  bigint('user_id', { mode: 'number' })
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
