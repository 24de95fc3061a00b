import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { desc, eq } from 'drizzle-orm';
import { APPS } from './apps';
import { APP_NAMES, type AppName, ConfigError, ensureSecrets, loadConfig } from './config';
import { createLogger } from './platform/logger';
import { flushErrorReports } from './platform/monitoring/error-reporting';
import { startApps } from './server';

const USAGE = `Usage: npm start [-- app…]            run fitmate, mindpause and mimo (or the ones named)
       npm run cli -- migrate [app…]     apply pending migrations and exit
       npm run cli -- create-user --app <app> --email <email> --password <password> [--name <name>] [--role <role>]…
       npm run cli -- emails --app <app> [--limit <n>]   show emails recorded without SMTP`;

function appNames(args: string[]): AppName[] {
  for (const name of args) {
    if (!(APP_NAMES as readonly string[]).includes(name)) throw new ConfigError('app', `"${name}" is not one of ${APP_NAMES.join(', ')}`);
  }
  return args.length ? (args as AppName[]) : [...APP_NAMES];
}

async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [command = 'start', ...rest] = process.argv.slice(2);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const generated = ensureSecrets(config);
  if (generated.length) {
    logger.warn(`${generated.join(' and ')} not set: using secrets generated and kept in ${config.dataDir}/secrets.json. Set them in production.`);
  }

  switch (command) {
    case 'start':
      return serve(config, appNames(rest), logger);
    case 'migrate': {
      const running = await startApps(config, appNames(rest), logger, { listen: false, migrate: true });
      await running.close();
      console.log(`Migrations applied (${running.database.driver}).`);
      return;
    }
    case 'create-user':
      return createUser(config, rest, logger);
    case 'emails':
      return showEmails(config, rest, logger);
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

async function serve(config: ReturnType<typeof loadConfig>, names: AppName[], logger: ReturnType<typeof createLogger>) {
  const running = await startApps(config, names, logger);
  logger.info({ apps: names.map((name) => `${name} ${config.apps[name].publicUrl}`), database: running.database.driver, cache: running.cache.driver }, 'Madang is up');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    const { drainDelayMs, timeoutMs } = config.shutdown;
    logger.info({ signal, drainDelayMs }, 'shutting down: draining, then finishing requests, sockets and jobs in flight');
    setTimeout(() => {
      logger.error(`shutdown took longer than ${(drainDelayMs + timeoutMs) / 1000} s; exiting`);
      process.exit(1);
    }, drainDelayMs + timeoutMs).unref();
    await running.close({ drainDelayMs });
    await flushErrorReports();
    logger.info('shut down');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function createUser(config: ReturnType<typeof loadConfig>, args: string[], logger: ReturnType<typeof createLogger>) {
  const { values } = parseArgs({
    args,
    options: { app: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true } },
  });
  if (!values.app || !values.email || !values.password) throw new ConfigError('create-user', 'needs --app, --email and --password');
  const [name] = appNames([values.app]);
  const { passwordSchema } = await import('./platform/auth/passwords');
  const { emailSchema } = await import('./platform/http/fields');
  if (!emailSchema.safeParse(values.email).success) throw new ConfigError('--email', 'is not a valid email address');
  const strength = passwordSchema.safeParse(values.password);
  if (!strength.success) throw new ConfigError('--password', 'needs 8–128 characters with letters and digits, and must not be a common password');
  const roles = (values.role ?? ['USER']).map((role) => role.toUpperCase());
  const running = await startApps(config, [name!], createLogger('warn'), { listen: false });
  try {
    const app = running.apps.get(name!)!;
    const unknown = roles.filter((role) => !app.identity.roleNames.includes(role));
    if (unknown.length) throw new ConfigError('--role', `${unknown.join(', ')} is not a ${name} role (${app.identity.roleNames.join(', ')})`);
    const id = await app.identity.createUser({ email: values.email, password: values.password, name: values.name ?? values.email.split('@')[0]!, roles, emailVerified: true });
    logger.info({ app: name, id, email: values.email.toLowerCase(), roles }, 'user created');
    console.log(`Created ${name} user ${id} (${values.email.toLowerCase()}) with roles ${roles.join(', ')}.`);
  } finally {
    await running.close();
  }
}

async function showEmails(config: ReturnType<typeof loadConfig>, args: string[], _logger: ReturnType<typeof createLogger>) {
  const { values } = parseArgs({ args, options: { app: { type: 'string' }, limit: { type: 'string', default: '10' } } });
  const [name] = appNames([values.app ?? '']);
  const running = await startApps(config, [name!], createLogger('warn'), { listen: false });
  try {
    const { emailMessages } = APPS[name!];
    const rows = await running.database.db
      .select()
      .from(emailMessages)
      .where(eq(emailMessages.status, 'recorded'))
      .orderBy(desc(emailMessages.id))
      .limit(Number(values.limit) || 10);
    for (const row of rows) console.log(`#${row.id} ${row.createdAt.toISOString()} to ${row.toAddress}\n${row.subject}\n\n${row.textBody}\n${'-'.repeat(60)}`);
    if (!rows.length) console.log('No recorded emails.');
  } finally {
    await running.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

