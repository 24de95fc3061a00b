import { eq } from 'drizzle-orm';
import { seedDemo as fitmate } from '../apps/fitmate/demo';
import { seedDemo as mimo } from '../apps/mimo/demo';
import { seedDemo as mindpause } from '../apps/mindpause/demo';
import { appTables } from '../apps/schemas';
import { type AppName, ConfigError } from '../config';
import type { BuiltApp } from '../platform/app';
import type { Db } from '../platform/db/database';
import { DemoRandom, type DemoSeed, InProcessApi } from '../platform/demo';
import { createLogger } from '../platform/logger';
import { startApps } from '../server';
import { type CommandContext, appNames } from './common';
import { DEMO_ADMIN, DEMO_FRIEND, DEMO_USER, ensureAccounts } from './demo-accounts';

const SEEDS: Record<AppName, DemoSeed> = { fitmate, mindpause, mimo };
/** Kept in the app's platform_settings once its sample data is made: a second run does nothing. */
const MARKER = 'demo.seeded';

/**
 * `seed-demo [app…]`: Korean sample data for the demo accounts, made through each app's own
 * routes (in process, no port opened) with its jobs working, so it obeys the apps' rules and
 * raises their notifications. Development only; once per database.
 */
export async function run({ config, args }: CommandContext): Promise<void> {
  if (config.env !== 'development')
    throw new ConfigError('seed-demo', `makes accounts with the passwords of the README: development only (NODE_ENV=${config.env})`);
  const names = appNames(args);
  const running = await startApps(config, names, createLogger('warn'), { listen: false });
  try {
    for (const name of names) {
      const app = running.apps.get(name)!;
      await app.jobs.start();
      const outcome = await seedApp(name, app, running.database.db);
      console.log(
        `${name}: ${outcome.made ? `${outcome.summary}.` : `sample data was made on ${outcome.madeAt}; nothing done (start from an empty DATA_DIR or database for a fresh set).`}`,
      );
    }
    console.log(
      `Sign in as ${DEMO_USER.email} / ${DEMO_USER.password} (${DEMO_FRIEND.email}: the same password; the console: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}).`,
    );
  } finally {
    await running.close();
  }
}

/** One app's sample data, unless it was made before; the app is built and its jobs work. */
export async function seedApp(name: AppName, app: BuiltApp, db: Db): Promise<{ made: true; summary: string } | { made: false; madeAt: string }> {
  const { platformSettings } = await appTables(name);
  const [claimed] = await db.insert(platformSettings).values({ key: MARKER, value: new Date().toISOString() }).onConflictDoNothing().returning();
  if (!claimed) {
    const [done] = await db.select().from(platformSettings).where(eq(platformSettings.key, MARKER));
    return { made: false, madeAt: done?.value ?? 'an earlier run' };
  }
  try {
    await ensureAccounts(db, name, app.identity.passwords, [DEMO_USER, DEMO_ADMIN, DEMO_FRIEND]);
    const api = new InProcessApi(app.http, app.apiPrefix);
    const [demo, friend, admin] = await Promise.all([DEMO_USER, DEMO_FRIEND, DEMO_ADMIN].map((a) => api.signIn(a.email, a.password, a.name)));
    return { made: true, summary: await SEEDS[name]({ api, people: { demo: demo!, friend: friend!, admin: admin! }, db, random: new DemoRandom(2024) }) };
  } catch (error) {
    await db.delete(platformSettings).where(eq(platformSettings.key, MARKER));
    throw new Error(`${name}: the sample data stopped part-way (what was made stays): ${(error as Error).message}`, { cause: error });
  }
}
