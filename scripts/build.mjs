/* global process, console, URL */
// Builds the server into dist/ (esbuild: our TypeScript in one bundle with shared chunks for the
// commands loaded on demand; every package stays an import from node_modules), so `npm start`
// runs plain JavaScript instead of transpiling src/ through tsx at every start (issue 17).
// Run by `npm install` (prepare) and by `npm start` when a file under src/ is newer than the build:
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only if src/ changed since the last build
// Files read at run time (drizzle/, web/dist/, page templates) are found from the project root
// (src/platform/root.ts), so the bundle reads the same files as the sources.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist');
const entry = join(out, 'main.js');

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) latest = Math.max(latest, statSync(join(dir, name)).mtimeMs);
  return latest;
}

const stale = () =>
  !existsSync(entry) || newest(join(root, 'src')) > statSync(entry).mtimeMs || statSync(join(root, 'package.json')).mtimeMs > statSync(entry).mtimeMs;

if (!process.argv.includes('--if-stale') || stale()) {
  const started = Date.now();
  const { build } = await import('esbuild');
  // Chunks are named by content: what an earlier build left would only pile up.
  rmSync(out, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // The embedded database's thread is a module of its own (src/platform/db/pglite-thread.ts starts it).
    entryPoints: { main: 'src/main.ts', 'pglite-worker': 'src/platform/db/pglite-worker.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  console.error(`built dist/ from src/ in ${Date.now() - started} ms`);
}
