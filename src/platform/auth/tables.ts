import type { BuildColumns } from 'drizzle-orm/column-builder';
import type { EmailMessagesTable } from '../notify/email/table';
import { type PgSchema, type PgTableWithColumns, bigint, boolean, index, integer, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * The columns every app's `users` table has, whatever else its document adds. Column names
 * follow each document (FitMate keeps the hash in `password`, MIMO in `password_hash`).
 */
export function identityColumns(names: { password: string; name: string; nameLength: number }) {
  return {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Stored lower-cased, so uniqueness ignores case. */
    email: varchar('email', { length: 255 }).notNull().unique(),
    /** argon2id; null for accounts that only sign in through a provider. */
    passwordHash: varchar(names.password, { length: 255 }),
    name: varchar(names.name, { length: names.nameLength }).notNull(),
    /** How the account was created: local, google, kakao or naver. */
    provider: varchar('provider', { length: 50 }).notNull().default('local'),
    emailVerified: boolean('email_verified').notNull().default(false),
    /** False while an account is suspended: no sign-in, no refresh, no access. */
    isActive: boolean('is_active').notNull().default(true),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  };
}

type IdentityColumns = ReturnType<typeof identityColumns>;

/** What the platform knows of an app's users table. */
export type UsersTable = PgTableWithColumns<{
  name: 'users';
  schema: string;
  dialect: 'pg';
  columns: BuildColumns<'users', IdentityColumns, 'pg'>;
}>;

export const CODE_PURPOSES = ['email_verification', 'password_reset'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** The identity tables of one app, in that app's schema, pointing at its users table. */
export function identityTables<const R extends readonly [string, ...string[]]>(schema: PgSchema, usersTable: unknown, roles: R) {
  const users = usersTable as UsersTable;
  const userId = () =>
    bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' });

  const userRole = schema.enum('user_role', roles);

  const userRoles = schema.table(
    'user_roles',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      userId: userId(),
      role: userRole('role').notNull().default(roles[0]),
      assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
      assignedBy: bigint('assigned_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    },
    (t) => [unique('unique_user_role').on(t.userId, t.role), index('idx_role').on(t.role)],
  );

  /** One signed-in device: access tokens carry its id, refresh tokens rotate within it. */
  const sessions = schema.table(
    'sessions',
    {
      id: uuid('id').primaryKey().defaultRandom(),
      userId: userId(),
      userAgent: varchar('user_agent', { length: 512 }),
      ip: varchar('ip', { length: 64 }),
      createdAt: createdAt(),
      lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
      revokedAt: timestamp('revoked_at', { withTimezone: true }),
      revokedReason: varchar('revoked_reason', { length: 32 }),
    },
    (t) => [index('idx_sessions_user').on(t.userId, t.revokedAt)],
  );

  /** Only the SHA-256 of each refresh token is kept; `rotatedAt` marks one already used. */
  const refreshTokens = schema.table(
    'refresh_tokens',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      userId: userId(),
      sessionId: uuid('session_id')
        .notNull()
        .references(() => sessions.id, { onDelete: 'cascade' }),
      tokenHash: varchar('token_hash', { length: 64 }).notNull().unique('idx_token'),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
      rotatedAt: timestamp('rotated_at', { withTimezone: true }),
      createdAt: createdAt(),
    },
    (t) => [index('idx_refresh_session').on(t.sessionId)],
  );

  /** Email verification and password reset codes, kept as keyed hashes, never in clear. */
  const emailVerifications = schema.table(
    'email_verifications',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      userId: userId(),
      email: varchar('email', { length: 255 }).notNull(),
      purpose: varchar('purpose', { length: 32, enum: CODE_PURPOSES }).notNull(),
      codeHash: varchar('code_hash', { length: 64 }).notNull(),
      attempts: integer('attempts').notNull().default(0),
      isVerified: boolean('is_verified').notNull().default(false),
      expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
      consumedAt: timestamp('consumed_at', { withTimezone: true }),
      createdAt: createdAt(),
    },
    (t) => [index('idx_verification_user').on(t.userId, t.purpose, t.createdAt), index('idx_expires_at').on(t.expiresAt)],
  );

  /** Provider accounts (Google, Kakao, Naver) linked to a user. */
  const oauthAccounts = schema.table(
    'oauth_accounts',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      userId: userId(),
      provider: varchar('provider', { length: 20 }).notNull(),
      providerUserId: varchar('provider_user_id', { length: 255 }).notNull(),
      email: varchar('email', { length: 255 }),
      createdAt: createdAt(),
    },
    (t) => [unique('unique_provider_account').on(t.provider, t.providerUserId), index('idx_oauth_user').on(t.userId)],
  );

  return { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts };
}

export type IdentityTables = ReturnType<typeof identityTables<readonly [string, ...string[]]>> & { users: UsersTable };

/**
 * An app's schema module as the platform sees it. Each app's role enum has its own literal
 * values, which TypeScript will not widen by itself; the tables are the same.
 */
export const platformTables = <T extends { users: unknown; userRoles: unknown }>(schema: T) =>
  schema as unknown as IdentityTables & { emailMessages: EmailMessagesTable };
