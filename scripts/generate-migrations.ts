import { execFileSync } from 'node:child_process';
import { APP_NAMES } from '../src/config';

// Writes a migration for each app whose schema.ts changed since its last one.
const name = process.argv[2];
for (const app of APP_NAMES) {
  console.log(`— ${app}`);
  execFileSync('npx', ['drizzle-kit', 'generate', ...(name ? ['--name', name] : [])], { stdio: 'inherit', env: { ...process.env, MADANG_APP: app } });
}
