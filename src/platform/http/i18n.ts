import type { FastifyRequest } from 'fastify';
import type { AppName } from '../../config';

export type Lang = 'ko' | 'en';
export type Messages = Record<string, { ko: string; en: string }>;
type Words = Messages[string];

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's message catalog: its own codes over the platform's. */
    messages: MessageCatalog;
  }
}

/**
 * User-facing messages (ko and en) by code, in namespaces: the platform's own codes are one
 * shared base, and each app has its namespace layered over it. A code resolves in the app's
 * namespace first, then in the platform's; an app never sees another app's codes. Modules define
 * their messages next to their code, at import: within one namespace a code defined twice with
 * different words is a mistake caught at start-up.
 */
export class MessageCatalog {
  private readonly own = new Map<string, Words>();

  constructor(
    readonly namespace: 'platform' | AppName,
    private readonly base?: MessageCatalog,
  ) {}

  /** Adds messages to this namespace; returns their codes by name. */
  readonly define = <T extends Messages>(messages: T): { [K in keyof T]: K } => {
    for (const [key, text] of Object.entries(messages)) {
      const known = this.own.get(key);
      if (known && (known.ko !== text.ko || known.en !== text.en)) {
        throw new Error(`message ${key} is defined twice with different words in the ${this.namespace} messages`);
      }
      this.own.set(key, text);
    }
    return Object.fromEntries(Object.keys(messages).map((key) => [key, key])) as { [K in keyof T]: K };
  };

  /** Whether the code has words here (its own or the base's). */
  readonly has = (key: string): boolean => this.own.has(key) || (this.base?.has(key) ?? false);

  /** The message in the language asked for, with {placeholders} filled; unknown codes pass through. */
  readonly translate = (lang: Lang, key: string, params?: Record<string, unknown>): string => {
    const text = this.wordsOf(key)?.[lang] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };

  private wordsOf(key: string): Words | undefined {
    return this.own.get(key) ?? this.base?.wordsOf(key);
  }
}

/** The platform's own messages (src/platform/**): the base every app's catalog reads through. */
export const platformMessages = new MessageCatalog('platform');

/** How a platform module defines its messages. An app defines its own through its `feature.ts`. */
export const defineMessages = platformMessages.define;

const appCatalogs = new Map<AppName, MessageCatalog>();

/** The app's catalog: its own codes over the platform's; one per app, the same wherever it is asked for. */
export function appMessages(app: AppName): MessageCatalog {
  let catalog = appCatalogs.get(app);
  if (!catalog) appCatalogs.set(app, (catalog = new MessageCatalog(app, platformMessages)));
  return catalog;
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

/** The words of a code for a request: in its language, from the catalog of the app serving it. */
export function translateFor(req: FastifyRequest, key: string, params?: Record<string, unknown>): string {
  return req.server.messages.translate(requestLang(req), key, params);
}
