import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The one app layout (ARCHITECTURE.md, "Where a new feature goes"), checked on the sources: knowing
// one app means knowing all three.
const root = new URL('../..', import.meta.url).pathname;
const appsDir = join(root, 'src/apps');
const APPS = ['fitmate', 'mindpause', 'mimo'];
/** What an app's root may hold besides its feature folders; `vocabulary.ts` is words several features share. */
const ROOT_FILES = new Set(['index.ts', 'types.ts', 'feature.ts', 'schema.ts', 'site.ts', 'demo.ts', 'vocabulary.ts']);
const REQUIRED_ROOT_FILES = ['index.ts', 'types.ts', 'feature.ts', 'schema.ts', 'site.ts'];

const read = (path: string) => readFileSync(path, 'utf8');
const camel = (folder: string) => folder.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe.each(APPS)('the %s app', (app) => {
  const dir = join(appsDir, app);
  const entries = readdirSync(dir);
  const folders = entries.filter((entry) => statSync(join(dir, entry)).isDirectory());

  it('has the root files of every app and nothing else beside its feature folders', () => {
    const files = entries.filter((entry) => !folders.includes(entry));
    expect(files.filter((file) => !ROOT_FILES.has(file))).toEqual([]);
    expect(REQUIRED_ROOT_FILES.filter((file) => !files.includes(file))).toEqual([]);
    expect(read(join(dir, 'feature.ts'))).toContain(`featureDefiner<`);
    expect(read(join(dir, 'feature.ts'))).toContain(`appMessages('${app}')`);
    expect(read(join(dir, 'index.ts'))).toMatch(/defineApp<\w+Types>\(/);
  });

  it('defines each feature folder as one defineFeature in its index.ts, added by the app', () => {
    const index = read(join(dir, 'index.ts'));
    for (const folder of folders) {
      const featureIndex = join(dir, folder, 'index.ts');
      expect(existsSync(featureIndex), `${app}/${folder}/index.ts`).toBe(true);
      const text = read(featureIndex);
      const name = `${camel(folder)}Feature`;
      expect(text, `${app}/${folder}`).toMatch(new RegExp(`export const ${name} = defineFeature\\(\\{\\s*name: '${folder}'`));
      expect(index, `${app}/index.ts adds ${name}`).toMatch(new RegExp(`app\\.add\\(${name}\\b`));
    }
  });

  it('keeps its tables in the features: schema.ts only gathers them', () => {
    expect(read(join(dir, 'schema.ts'))).not.toMatch(/pgTable\(|\.table\(/);
  });
});

describe('every app', () => {
  const files = APPS.flatMap((app) => sources(join(appsDir, app)));
  const offending = (pattern: RegExp) => files.filter((file) => pattern.test(read(file))).map((file) => relative(root, file));

  it('registers through features only: no register* functions', () => {
    expect(offending(/export (async )?function register[A-Z]/)).toEqual([]);
  });

  it('names Seoul time through the platform: no +09:00 strings built, no Asia/Seoul literal', () => {
    expect(offending(/\$\{[^}]+\}T[\d:]+\+09:00/)).toEqual([]);
    expect(offending(/'Asia\/Seoul'/)).toEqual([]);
  });

  it("defines and translates its messages in its own namespace (its feature.ts), never the platform's", () => {
    const i18n = /import \{([^}]*)\} from '(\.\.\/)+platform\/http\/i18n'/;
    const names = (file: string) => (i18n.exec(read(file))?.[1] ?? '').split(',').map((name) => name.trim());
    const reachesAround = files.filter((file) => names(file).some((name) => ['defineMessages', 'platformMessages', 'MessageCatalog'].includes(name)));
    expect(reachesAround.map((file) => relative(root, file))).toEqual([]);
    const asksForACatalog = files.filter((file) => names(file).includes('appMessages')).map((file) => relative(root, file));
    expect(asksForACatalog).toEqual(APPS.map((app) => `src/apps/${app}/feature.ts`));
  });

  it('crosses the seam with the platform without casts to never', () => {
    expect(offending(/\bas never\b/)).toEqual([]);
  });
});
