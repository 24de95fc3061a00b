import type { FastifyRequest } from 'fastify';

export type Lang = 'ko' | 'en';
export type Messages = Record<string, { ko: string; en: string }>;

const catalog = new Map<string, { ko: string; en: string }>();

/**
 * Adds user-facing messages to the catalog; a module defines its own next to its code. Keys are
 * global, so a key defined twice with different words is a mistake caught at start-up.
 */
export function defineMessages<T extends Messages>(messages: T): { [K in keyof T]: K } {
  for (const [key, text] of Object.entries(messages)) {
    const known = catalog.get(key);
    if (known && (known.ko !== text.ko || known.en !== text.en)) throw new Error(`message ${key} is defined twice with different words`);
    catalog.set(key, text);
  }
  return Object.fromEntries(Object.keys(messages).map((key) => [key, key])) as { [K in keyof T]: K };
}

export function hasMessage(key: string): boolean {
  return catalog.has(key);
}

/** The message in the language asked for, with {placeholders} filled; unknown keys pass through. */
export function translate(lang: Lang, key: string, params?: Record<string, unknown>): string {
  const text = catalog.get(key)?.[lang] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/** Korean by default; English when Accept-Language ranks English above Korean. */
export function languageOf(header: string | undefined): Lang {
  if (!header) return 'ko';
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const lang = tag.startsWith('en') ? 'en' : tag.startsWith('ko') ? 'ko' : undefined;
    if (!lang) continue;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'ko';
}

export function requestLang(req: FastifyRequest): Lang {
  return languageOf(req.headers['accept-language']);
}
