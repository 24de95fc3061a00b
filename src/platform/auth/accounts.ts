import { type Db, type Tx, isUniqueViolation } from '../db/database';
import { conflict } from '../http/errors';
import { AuthMessage } from './messages';
import type { Passwords } from './passwords';
import type { IdentityTables } from './tables';

export interface NewUser {
  email: string;
  password?: string;
  name: string;
  roles?: string[];
  emailVerified?: boolean;
  provider?: string;
  /** The app's own columns (FitMate's body data, MIMO's nickname, …). */
  columns?: Record<string, unknown>;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Makes an account with its roles in one transaction; an email already taken is a 409. Needs only
 * the app's tables, so the command line makes users without building the app.
 */
export async function createAccount(
  db: Db,
  { users, userRoles }: Pick<IdentityTables, 'users' | 'userRoles'>,
  passwords: Passwords,
  user: NewUser,
  afterCreate?: (tx: Tx, userId: number) => Promise<void>,
): Promise<number> {
  const passwordHash = user.password ? await passwords.hash(user.password) : null;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          ...user.columns,
          email: normalizeEmail(user.email),
          name: user.name,
          passwordHash,
          provider: user.provider ?? 'local',
          emailVerified: user.emailVerified ?? false,
        })
        .returning({ id: users.id });
      const roles = user.roles?.length ? user.roles : ['USER'];
      await tx.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })) as never);
      await afterCreate?.(tx, row!.id);
      return row!.id;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_unique')) throw conflict(AuthMessage.EMAIL_ALREADY_EXISTS);
    throw error;
  }
}
