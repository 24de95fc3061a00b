import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { renderEnvExample, settingVariables } from '../src/config/example';
import { SETTINGS } from '../src/config/settings';
import { APP_NAMES } from '../src/config/types';
import { fromRoot } from '../src/platform/root';

const envExample = readFileSync(fromRoot('.env.example'), 'utf8');

/** The variables .env.example assigns, commented out or not. */
const exampleVariables = () => [...envExample.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);

describe('the settings table', () => {
  it('is what .env.example lists, in both directions', () => {
    const table = settingVariables();
    const listed = exampleVariables();
    expect(
      listed.filter((name) => !table.includes(name)),
      'in .env.example, not in src/config/settings.ts',
    ).toEqual([]);
    expect(
      table.filter((name) => !listed.includes(name)),
      'in src/config/settings.ts, not in .env.example',
    ).toEqual([]);
    expect(new Set(listed).size, 'a variable listed twice in .env.example').toBe(listed.length);
  });

  it('writes .env.example (npm run config:example) exactly as it is committed', () => {
    expect(envExample, 'run `npm run config:example` after changing src/config/settings.ts').toBe(renderEnvExample());
  });

  it('has no row that loadConfig never reads', () => {
    // Every branch that reads a setting only with another one, switched on: SMTP, a bucket, Sentry,
    // TURN, and each SMS provider with its settings.
    const branches = {
      SMTP_HOST: 'mail.example',
      S3_BUCKET: 'madang-files',
      SENTRY_DSN: 'https://key@o0.ingest.sentry.io/1',
      RTC_TURN_URLS: 'turn:turn.example',
      RTC_TURN_SECRET: 'a'.repeat(16),
    };
    const twilio = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_PHONE_NUMBER: '+15005550006' };
    const solapi = { SOLAPI_API_KEY: 'key', SOLAPI_API_SECRET: 'secret', SOLAPI_SENDER: '0212345678' };
    const read = new Set<string>();
    for (const env of [
      { ...branches, ...twilio },
      { ...branches, ...solapi },
    ]) {
      const watched = new Proxy<Record<string, string | undefined>>(env, {
        get: (target, name) => {
          if (typeof name === 'string') read.add(name);
          return target[name as string];
        },
      });
      loadConfig(watched);
    }
    const perAppForms = Object.entries(SETTINGS)
      .filter(([, setting]) => 'perApp' in setting && setting.perApp === 'also')
      .flatMap(([name]) => APP_NAMES.map((app) => `${app.toUpperCase()}_${name}`));
    expect([...settingVariables(), ...perAppForms].filter((name) => !read.has(name))).toEqual([]);
  });
});
