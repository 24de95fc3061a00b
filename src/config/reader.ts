import type { z } from 'zod';
import type { ConfigIssue } from './errors';
import { type DefaultContext, type Setting, SETTINGS, type SettingName } from './settings';
import type { AppName } from './types';

export type Env = Record<string, string | undefined>;
type Table = typeof SETTINGS;
/** A setting's parsed value; undefined only where the table gives it no default. */
type Value<K extends SettingName> = z.output<Table[K]['schema']> | (Table[K] extends { default: unknown } ? never : undefined);
type PerAppName = { [K in SettingName]: Table[K] extends { perApp: string } ? K : never }[SettingName];
type SharedName = Exclude<SettingName, PerAppName>;

/**
 * Reads settings from `env` through the table. A wrong value is noted as an issue (once, however
 * many apps read it) and reading goes on with the default, or without the setting, so that start-up
 * reports every wrong setting at once. Settings are read when asked for: one that only matters
 * with another (SMTP_PORT without SMTP_HOST) is not checked without it.
 */
export function settingsReader(env: Env) {
  const issues: ConfigIssue[] = [];
  const table: Record<string, Setting> = SETTINGS;

  function problem(setting: string, reason: string): void {
    if (!issues.some((issue) => issue.setting === setting && issue.reason === reason)) issues.push({ setting, reason });
  }

  const isSet = (variable: string) => Boolean(env[variable]?.trim());

  function parse(variable: string, setting: Setting, fallback: string | undefined): unknown {
    const raw = isSet(variable) ? env[variable]!.trim() : fallback;
    if (raw === undefined) return undefined;
    const result = setting.schema.safeParse(raw);
    if (result.success) return result.data;
    problem(variable, `${result.error.issues[0]!.message} (got "${env[variable] ?? fallback}")`);
    // Reading goes on with the default, where there is one that is not itself what failed.
    if (fallback === undefined || raw === fallback) return undefined;
    const again = setting.schema.safeParse(fallback);
    return again.success ? again.data : undefined;
  }

  function fallbackOf(setting: Setting, app: AppName | undefined): string | undefined {
    if (typeof setting.default !== 'object') return setting.default;
    const context: DefaultContext = { app, env, read: (name) => (table[name]!.perApp ? readForApp(app!, name as PerAppName) : read(name as SharedName)) };
    return setting.default.value(context);
  }

  function read<K extends SharedName>(name: K): Value<K> {
    const setting = table[name]!;
    return parse(name, setting, fallbackOf(setting, undefined)) as Value<K>;
  }

  /** FITMATE_X for FitMate; for a shared setting, X when FITMATE_X is unset. */
  function readForApp<K extends PerAppName>(app: AppName, name: K): Value<K> {
    const setting = table[name]!;
    const appVariable = `${app.toUpperCase()}_${name}`;
    // An app's own value stands alone: when wrong, the app has none (the shared one is not its default).
    if (setting.perApp === 'also' && isSet(appVariable)) return parse(appVariable, setting, undefined) as Value<K>;
    return parse(setting.perApp === 'only' ? appVariable : name, setting, fallbackOf(setting, app)) as Value<K>;
  }

  return { read, readForApp, problem, isSet, issues };
}

export type SettingsReader = ReturnType<typeof settingsReader>;
