import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DATA_DIR of every app a test starts: a temp folder of this run, removed after it. */
    dataDir: string;
  }
}

/**
 * What a stray write would leave: a new entry at the top of the project (a file written relative
 * to the working directory) or anything under ./data, the default DATA_DIR. Files a developer
 * adds to src/ or test/ meanwhile are not the tests' doing.
 */
function paths(root: string): Set<string> {
  const found = new Set(readdirSync(root).filter((name) => name !== 'node_modules' && name !== '.git'));
  const data = join(root, 'data');
  if (existsSync(data)) for (const path of readdirSync(data, { recursive: true, encoding: 'utf8' })) found.add(join('data', path));
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
