import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DATA_DIR of every app a test starts: a temp folder of this run, removed after it. */
    dataDir: string;
  }
}

const SKIPPED = new Set(['node_modules', '.git']);

/** Every path under the project, files and folders. */
function paths(root: string, dir = root, found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    found.add(relative(root, path));
    if (entry.isDirectory()) paths(root, path, found);
  }
  return found;
}

/** A developer's own server running on ./data meanwhile writes there; that is not the tests' doing. */
function serverOnData(root: string): boolean {
  const lock = join(root, 'data', 'pglite.lock');
  if (!existsSync(lock)) return false;
  try {
    process.kill(Number(readFileSync(lock, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives the tests a temp DATA_DIR, and fails the run if anything new appeared in the project
 * meanwhile: `npm test` writes only to temporary folders.
 */
export default function setup(project: TestProject) {
  const root = project.config.root;
  const dataDir = mkdtempSync(join(tmpdir(), 'madang-test-'));
  project.provide('dataDir', dataDir);
  const before = paths(root);
  return () => {
    rmSync(dataDir, { recursive: true, force: true });
    const ignoreData = serverOnData(root);
    const written = [...paths(root)].filter((path) => !before.has(path) && !(ignoreData && path.startsWith(`data${'/'}`)));
    if (written.length) throw new Error(`The tests wrote into the project (they must write only to temporary folders):\n  ${written.slice(0, 20).join('\n  ')}`);
  };
}
