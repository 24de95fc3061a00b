import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The import boundaries are enforced by `npm run lint` (eslint/boundaries.js in eslint.config.js):
// each case lints a small text as if it were the named file, through the project's own configuration
// (less the type-aware rules, which would build the whole program for nothing here).
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname, overrideConfig: tseslint.configs.disableTypeChecked });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('the platform may not import an app', async () => {
    const errors = await boundaryErrors('src/platform/logger.ts', "import { fitmate } from '../apps/fitmate';\nexport const x = fitmate;\n");
    expect(errors).toEqual(['the platform must not import an app: ../apps/fitmate']);
  });

  it('an app may not import another app, nor the list of every app', async () => {
    const code = [
      "export { mimo } from '../mimo';",
      "export * from '../schemas';",
      "export const later = () => import('../mindpause/schema');",
      "export { fitmateSchema } from './schema';",
      '',
    ].join('\n');
    expect(await boundaryErrors('src/apps/fitmate/index.ts', code)).toEqual([
      'the fitmate app must not import another app: ../mimo',
      'the fitmate app must not import another app: ../schemas',
      'the fitmate app must not import another app: ../mindpause/schema',
    ]);
  });

  it("web/ may not import the server's src/, but its own web/src/ is fine", async () => {
    expect(await boundaryErrors('web/src/shared/api.ts', "export * from '../../src/shared/chart';\n")).toEqual([]);
    expect(await boundaryErrors('web/src/shared/api.ts', "export { loadConfig } from '../../../src/config';\n")).toEqual([
      'web/ must not import the server (src/): ../../../src/config',
    ]);
  });

  it('platform-to-platform and app-to-platform imports pass', async () => {
    expect(await boundaryErrors('src/apps/mimo/index.ts', "export { defineApp } from '../../platform/app';\n")).toEqual([]);
    expect(await boundaryErrors('src/platform/app.ts', "export { logger } from './logger';\n")).toEqual([]);
  });
});
