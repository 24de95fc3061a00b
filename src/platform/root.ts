import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root (package.json and drizzle/ side by side), found by walking up from this
 * module: from the sources (src/platform/) and from the server bundle (dist/, scripts/build.mjs)
 * alike, so files read at run time (migrations, web/dist, page templates) resolve the same way.
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project. */
export const fromRoot = (...parts: string[]) => join(PROJECT_ROOT, ...parts);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root (package.json beside drizzle/) above ${from}`);
  }
}
