import { GROUPS, type Setting, SETTINGS } from './settings';
import { APP_NAMES } from './types';

/** The variables of one row: X (its per-app forms go without saying), or FITMATE_X, MINDPAUSE_X, MIMO_X. */
export function variablesOf(name: string, setting: Setting): string[] {
  return setting.perApp === 'only' ? APP_NAMES.map((app) => `${app.toUpperCase()}_${name}`) : [name];
}

/** Every variable the table names, as .env.example lists them. */
export const settingVariables = () => Object.entries(SETTINGS).flatMap(([name, setting]) => variablesOf(name, setting));

const WIDTH = 100;

function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length > 1 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

function describe(name: string, setting: Setting): string {
  const parts = [setting.description];
  if (setting.perApp === 'also') parts.push(`Per app: ${APP_NAMES.map((app) => `${app.toUpperCase()}_${name}`).join(', ')}.`);
  if (typeof setting.default === 'object') parts.push(`Default: ${setting.default.text}.`);
  return parts.join(' ');
}

/** `NAME=default` where a plain default applies, else commented out with an example (never a secret's value). */
function assignment(variable: string, setting: Setting): string {
  if (typeof setting.default === 'string' && setting.default !== '' && !setting.secret) return `${variable}=${setting.default}`;
  const example = setting.secret ? '' : (setting.example ?? (typeof setting.default === 'string' ? setting.default : ''));
  return `# ${variable}=${example}`;
}

/** .env.example, written from the table: every setting by section, with its description and default. */
export function renderEnvExample(): string {
  const lines = [
    '# Madang settings. Every one is optional: with none set, `npm start` runs all three apps on the',
    '# embedded default (PGlite in DATA_DIR, in-process cache, emails and SMS recorded in the database).',
    '# A per-app value (FITMATE_…, MINDPAUSE_…, MIMO_…) overrides the shared one where noted.',
    '# Written by `npm run config:example` from src/config/settings.ts: change the table, then run it.',
  ];
  for (const [group, { title, note }] of Object.entries(GROUPS)) {
    lines.push('', `# --- ${title} `.padEnd(WIDTH, '-'), ...note.flatMap(comment));
    for (const [name, setting] of Object.entries(SETTINGS as Record<string, Setting>)) {
      if (setting.group !== group) continue;
      lines.push(...comment(describe(name, setting)), ...variablesOf(name, setting).map((variable) => assignment(variable, setting)));
    }
  }
  return `${lines.join('\n')}\n`;
}
