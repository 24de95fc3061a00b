import type { AppName, Config } from '../config';
import type { Logger } from 'pino';
import { boundHeapGrowth } from '../platform/memory';
import { flushErrorReports } from '../platform/monitoring/error-reporting';
import { type RunningApps, startApps } from '../server';
import { type CommandContext, appNames } from './common';
import { DEMO_ADMIN, DEMO_USER, type DemoAccount, demoAccountsNotice, ensureAccounts } from './demo-accounts';

/** How long after a signal the same signal again is the same event: npm passes on the Ctrl-C the terminal sent the whole group. */
const SAME_SIGNAL_MS = 1000;

/**
 * `start [app…]`: runs the apps until SIGTERM or SIGINT, then finishes requests in flight and exits 0.
 * Signals are heard from the first moment: one that comes while the apps start (or the demo
 * accounts are made) stops them once they are up, never in the middle of a write.
 */
export async function run({ config, args, logger }: CommandContext): Promise<void> {
  boundHeapGrowth();
  const names = appNames(args);
  const starting = start(config, names, logger);
  let stoppingSince: number | undefined;
  const stop = async (signal: string) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < SAME_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stoppingSince = Date.now();
    // A start that failed is reported by run, which then exits.
    const running = await starting.catch(() => undefined);
    if (!running) return;
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
  const running = await starting;
  logger.info(
    { apps: names.map((name) => `${name} ${config.apps[name].publicUrl}`), database: running.database.driver, cache: running.cache.driver },
    'Madang is up',
  );
}

/** The apps listening, and the demo accounts made where they are wanted. */
async function start(config: Config, names: AppName[], logger: Logger): Promise<RunningApps> {
  const running = await startApps(config, names, logger);
  if (config.demoAccounts) {
    const made = new Map<string, DemoAccount>();
    const apps: AppName[] = [];
    for (const name of names) {
      const accounts = await ensureAccounts(running.database.db, name, running.apps.get(name)!.identity.passwords, [DEMO_USER, DEMO_ADMIN]);
      for (const account of accounts) made.set(account.email, account);
      if (accounts.length) apps.push(name);
    }
    if (made.size) console.log(demoAccountsNotice(config, apps, [...made.values()]));
  }
  return running;
}
