import { defineConfig } from 'drizzle-kit';

// One migration history per app, in its own Postgres schema: MADANG_APP picks the app.
// MADANG_MIGRATIONS_OUT is for scripts/check-migrations.ts, which generates into a copy.
const app = process.env.MADANG_APP ?? 'fitmate';

export default defineConfig({
  dialect: 'postgresql',
  schema: `./src/apps/${app}/schema.ts`,
  out: process.env.MADANG_MIGRATIONS_OUT ?? `./drizzle/${app}`,
  casing: 'snake_case',
  schemaFilter: [app],
});
