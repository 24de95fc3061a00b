import { bigint, boolean, date, index, pgSchema, text, varchar } from 'drizzle-orm/pg-core';
import { identityColumns } from '../../../platform/auth/tables';
import { createdAtColumn, idColumn } from '../../../platform/db/columns';

/** MIMO's Postgres schema: every table of the app lives in it. */
export const mimo = pgSchema('mimo');
export const ROLES = ['USER', 'ADMIN'] as const;

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
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    agreeTerms: boolean('agree_terms').notNull().default(false),
    agreePrivacy: boolean('agree_privacy').notNull().default(false),
    agreeMicrophone: boolean('agree_microphone').notNull().default(false),
    agreeLocation: boolean('agree_location').notNull().default(false),
    agreeMarketing: boolean('agree_marketing').notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [index('idx_terms_user').on(t.userId, t.createdAt)],
);
