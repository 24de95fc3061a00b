import { Passwords } from '../platform/auth/passwords';
import { parseArgs } from 'node:util';
import { appTables } from '../apps/schemas';
import { ConfigError } from '../config';
import { createAccount } from '../platform/auth/accounts';
import { passwordSchema } from '../platform/auth/passwords';
import { AppError } from '../platform/http/errors';
import { emailSchema } from '../platform/http/fields';
import { type CommandContext, appNames, openMigrated } from './common';

/** `create-user`: makes an account (the first admin) with the app's tables alone, not the whole app. */
export async function run({ config, args, logger }: CommandContext): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      app: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
    },
  });
  if (!values.app || !values.email || !values.password) throw new ConfigError('create-user', 'needs --app, --email and --password');
  const [name] = appNames([values.app]);
  if (!emailSchema.safeParse(values.email).success) throw new ConfigError('--email', 'is not a valid email address');
  if (!passwordSchema.safeParse(values.password).success)
    throw new ConfigError('--password', 'needs 8–128 characters with letters and digits, and must not be a common password');
  const tables = await appTables(name!);
  const roles = (values.role ?? ['USER']).map((role) => role.toUpperCase());
  const known: readonly string[] = tables.userRole.enumValues;
  const unknown = roles.filter((role) => !known.includes(role));
  if (unknown.length) throw new ConfigError('--role', `${unknown.join(', ')} is not a ${name} role (${known.join(', ')})`);
  const database = await openMigrated(config, [name!]);
  try {
    const email = values.email.toLowerCase();
    const id = await createAccount(database.db, tables, new Passwords(config.passwordHashing), {
      email,
      password: values.password,
      name: values.name ?? email.split('@')[0]!,
      roles,
      emailVerified: true,
    }).catch((error) => {
      throw error instanceof AppError && error.status === 409 ? new ConfigError('--email', `${email} already has a ${name} account`) : error;
    });
    logger.info({ app: name, id, email, roles }, 'user created');
    console.log(`Created ${name} user ${id} (${email}) with roles ${roles.join(', ')}.`);
  } finally {
    await database.close();
  }
}
