import type { Passwords } from '../platform/auth/passwords';
import { eq } from 'drizzle-orm';
import { appTables } from '../apps/schemas';
import type { AppName, Config } from '../config';
import { createAccount } from '../platform/auth/accounts';
import type { Db } from '../platform/db/database';
import { AppError } from '../platform/http/errors';

export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  roles: string[];
}

/** Fixed and written in the README: development only (config.demoAccounts). */
export const DEMO_USER: DemoAccount = { email: 'demo@example.com', password: 'madang-demo-1', name: '김민지', roles: ['USER'] };
export const DEMO_ADMIN: DemoAccount = { email: 'admin@example.com', password: 'madang-admin-1', name: '마당 관리자', roles: ['ADMIN'] };
/** The other person of the sample data (seed-demo): a chat partner, a commenter, a camera viewer. */
export const DEMO_FRIEND: DemoAccount = { email: 'friend@example.com', password: 'madang-demo-1', name: '이준호', roles: ['USER'] };

/** Makes whichever of `accounts` the app lacks (email verified); returns those it made. */
export async function ensureAccounts(db: Db, name: AppName, passwords: Passwords, accounts: DemoAccount[]): Promise<DemoAccount[]> {
  const tables = await appTables(name);
  const made: DemoAccount[] = [];
  for (const account of accounts) {
    const [existing] = await db.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.email, account.email));
    if (existing) continue;
    try {
      await createAccount(db, tables, passwords, { ...account, emailVerified: true });
      made.push(account);
    } catch (error) {
      // Another node made it in the meantime.
      if (!(error instanceof AppError && error.status === 409)) throw error;
    }
  }
  return made;
}

/** What `npm start` prints the first time it makes the demo accounts. */
export function demoAccountsNotice(config: Config, names: readonly AppName[], made: DemoAccount[]): string {
  const apps = names.map((name) => `${name} ${config.apps[name].publicUrl}`).join(', ');
  return [
    'Demo accounts made for development (NODE_ENV=development; DEMO_ACCOUNTS=false to skip; never in production):',
    ...made.map((account) => `  ${account.roles.includes('ADMIN') ? 'admin' : 'user '}  ${account.email}  ${account.password}`),
    `  in ${apps}. Sample data: npm run cli -- seed-demo (with the server stopped).`,
  ].join('\n');
}
