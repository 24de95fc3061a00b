import { existsSync } from 'node:fs';
import type { CommandContext } from './cli/common';

const USAGE = `Usage: npm start [-- app…]                  run fitmate, mindpause and mimo (or the ones named)
       npm run cli -- <command> [options]

Commands (each opens only what it needs; none starts a server):
  migrate [app…]                             apply pending migrations and exit
  create-user --app <app> --email <email> --password <password> [--name <name>] [--role <role>]…
  seed-demo [app…]                           fill the apps with Korean sample data for the demo accounts (development)
  outbox [--app <app>] [--channel email|sms|push] [--limit <n>]
                                             show the messages the apps sent, latest last (codes included)
  help                                       show this

Apps: fitmate, mindpause, mimo. Settings come from the environment and .env (see .env.example).`;

type Command = { run(context: CommandContext): Promise<void> };

// Loaded on demand, so `help` answers at once and each command loads only its own modules.
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: () => import('./cli/start'),
  migrate: () => import('./cli/migrate'),
  'create-user': () => import('./cli/create-user'),
  'seed-demo': () => import('./cli/seed-demo'),
  outbox: () => import('./cli/outbox'),
};

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || ['help', '--help', '-h'].includes(command) || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const load = COMMANDS[command];
  if (!load) {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [{ ensureSecrets, loadConfig }, { createLogger }] = await Promise.all([import('./config'), import('./platform/logger')]);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const generated = ensureSecrets(config);
  if (generated.length) {
    logger.warn(`${generated.join(' and ')} not set: using secrets generated and kept in ${config.dataDir}/secrets.json. Set them in production.`);
  }
  const { run } = await load();
  await run({ config, args, logger });
}

main().catch(async (error) => {
  const { ConfigError } = await import('./config');
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
