import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { APP_NAMES } from '../src/config';

// The migration drift check (npm run db:check): drizzle-kit generate, for each app, into a copy of
// its drizzle/<app>/ folder. A schema.ts changed without `npm run db:generate` yields a new migration
// there, and the check fails naming it; the project's own folders are never written.
const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
const drifted: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'madang-migrations-'));
try {
  for (const app of APP_NAMES) {
    const copy = join(work, app);
    cpSync(join('drizzle', app), copy, { recursive: true });
    const before = new Set(listing(copy));
    // No terminal to answer drizzle-kit's questions (a rename?): a schema change that asks one fails
    // here too. drizzle-kit exits 0 even when it fails, so its own words are checked as well, and its
    // out folder must be relative (it puts ./ before it).
    const env = { ...process.env, MADANG_APP: app, MADANG_MIGRATIONS_OUT: relative(process.cwd(), copy) };
    const run = spawnSync('npx', ['drizzle-kit', 'generate'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env });
    const added = listing(copy).filter((file) => !before.has(file) && file.endsWith('.sql'));
    const clean = run.status === 0 && /No schema changes/.test(run.stdout) && added.length === 0;
    console.log(`${app}: ${clean ? 'migrations match the schema' : added.length ? `out of date, would add ${added.join(', ')}` : 'drizzle-kit failed'}`);
    if (!clean) {
      if (!added.length) console.error(run.stdout, run.stderr);
      drifted.push(app);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (drifted.length) {
  console.error(`Migrations not in step with the schema (${drifted.join(', ')}): run npm run db:generate -- <name> and commit drizzle/.`);
  process.exit(1);
}
