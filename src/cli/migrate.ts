import { type CommandContext, appNames, openMigrated } from './common';

/** `migrate [app…]`: applies pending migrations and exits, building nothing. */
export async function run({ config, args }: CommandContext): Promise<void> {
  const database = await openMigrated(config, appNames(args));
  await database.close();
  console.log(`Migrations applied (${database.driver}).`);
}
