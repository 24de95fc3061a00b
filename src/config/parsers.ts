import { z } from 'zod';
import type { RateLimit } from './types';

/**
 * The zod schemas the settings table is made of. Each takes the variable's text (trimmed, never
 * empty) and its first issue's message is what start-up reports, so every message says what was
 * expected.
 */

const UNITS: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d*)\s*(second|minute|hour|day)s?\s*$/i.exec(text);
  if (!match) throw new Error('expected the form "<count>/<n><unit>", such as "5/15minute" or "30/hour"');
  const limit = Number(match[1]);
  const windowMs = Number(match[2] || '1') * UNITS[match[3]!.toLowerCase()]!;
  if (limit < 1 || windowMs < 1) throw new Error('count and window must be positive');
  return { limit, windowMs, text: text.trim() };
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds from "900", "15m", "12h" or "30d". */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(text);
  if (!match) throw new Error('expected a duration such as "900", "15m", "12h" or "30d"');
  const seconds = Number(match[1]) * DURATION_UNITS[(match[2] || 's').toLowerCase()]!;
  if (seconds < 1) throw new Error('must be at least one second');
  return seconds;
}

/** A schema from a parser that throws an Error saying what it expected (the unit forms zod has no type for). */
function parsedBy<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
}

export const rateLimit = parsedBy(parseRateLimit);

/** Seconds. */
export const duration = parsedBy(parseDuration);

/** Milliseconds from "20s", "500ms", "1m" or a bare number of seconds; zero only when `zero` allows it. */
const MILLISECONDS = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i;
export function milliseconds({ zero = false } = {}) {
  return z
    .string()
    .regex(MILLISECONDS, { error: 'expected a duration such as "20s", "500ms" or "1m"' })
    .transform((text) => {
      const [, amount, unit] = MILLISECONDS.exec(text)!;
      return Number(amount) * { ms: 1, s: 1000, m: 60_000 }[(unit || 's').toLowerCase() as 'ms' | 's' | 'm'];
    })
    .refine((ms) => ms >= 1 || (zero && ms === 0), { error: 'must be at least one millisecond' })
    .transform(Math.round);
}

/** Seconds, half a second at least (pg-boss's shortest poll): "2s", "0.5s", "1". */
const SECONDS = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i;
const POLL = 'expected seconds, at least 0.5, such as "2s" or "0.5s"';
export const pollInterval = z
  .string()
  .regex(SECONDS, { error: POLL })
  .transform((text) => Number(SECONDS.exec(text)![1]))
  .refine((seconds) => seconds >= 0.5, { error: POLL });

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

/** Bytes from "1mb", "512kb" or a bare number. */
const SIZE = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i;
export const size = z
  .string()
  .regex(SIZE, { error: 'expected a size such as "1mb" or "512kb"' })
  .transform((text) => {
    const [, count, unit] = SIZE.exec(text)!;
    return Number(count) * SIZE_UNITS[(unit || 'b').toLowerCase()]!;
  });

const PORT = 'expected a port number from 0 to 65535';
export const port = z.coerce.number({ error: PORT }).int({ error: PORT }).min(0, { error: PORT }).max(65535, { error: PORT });

/** A whole number read with the port's rule (0 to 65535), raised to `least`. */
export const atLeast = (least: number) => port.transform((count) => Math.max(least, count));

export const positiveCount = z.coerce
  .number({ error: 'expected a whole number, at least 1' })
  .int({ error: 'expected a whole number, at least 1' })
  .min(1, { error: 'expected a whole number, at least 1' });

export const boolean = z.stringbool({ truthy: ['1', 'true', 'yes', 'on'], falsy: ['0', 'false', 'no', 'off'], error: 'expected true or false' });

export const text = z.string();

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

/** A URL of one of `protocols` ("https:"), without trailing slashes. */
export function url(protocols: string[]) {
  return z
    .string()
    .refine((value) => URL.canParse(value), { error: 'expected a URL', abort: true })
    .refine((value) => protocols.includes(new URL(value).protocol), { error: `expected a ${protocols.join(' or ')} URL` })
    .transform((value) => value.replace(/\/+$/, ''));
}

export const httpUrl = url(['http:', 'https:']);

export const secret = z.string().min(32, { error: 'must be at least 32 characters' });

export const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** base64url of exactly `bytes` bytes. */
export function key(bytes: number) {
  return z.string().refine((value) => /^[A-Za-z0-9_-]+$/.test(value) && Buffer.from(value, 'base64url').length === bytes, {
    error: `expected ${bytes} bytes in URL-safe base64 without padding`,
  });
}

/** Host names or `*.domain`, each on port 443 unless it names one (`host:8443`, `host:*` for any). */
export const hostList = list
  .transform((hosts) => hosts.map((host) => host.toLowerCase()))
  .superRefine((hosts, ctx) => {
    const wrong = hosts.find((host) => !/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:(\d{1,5}|\*))?$/.test(host));
    if (wrong) ctx.addIssue({ code: 'custom', message: `"${wrong}" is not a host name or *.domain, with an optional :port` });
    else if (!hosts.length) ctx.addIssue({ code: 'custom', message: 'needs at least one host' });
  });

/** ICE server URLs of the given schemes, comma-separated; "none" for none. */
export function iceUrls(schemes: string[]) {
  return z.string().transform((value, ctx) => {
    if (value === 'none') return [];
    const urls = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const wrong = urls.find((item) => !schemes.some((scheme) => item.startsWith(`${scheme}:`)) || /\s/.test(item));
    if (wrong) ctx.addIssue({ code: 'custom', message: `"${wrong}" is not a ${schemes.join(': or ')}: URL` });
    return urls;
  });
}
