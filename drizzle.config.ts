import { defineConfig } from 'drizzle-kit';

// One migration history per app, in its own Postgres schema: MADANG_APP picks the app.
const app = process.env.MADANG_APP ?? 'fitmate';

export default defineConfig({
  dialect: 'postgresql',
  schema: `./src/apps/${app}/schema.ts`,
  out: `./drizzle/${app}`,
  casing: 'snake_case',
  schemaFilter: [app],
});
