/** Keys whose values never go into the audit log, at any depth: anything naming a secret, and keys ending in code, pin or key. */
const SECRET_KEY = /passw|secret|token|authorization|cookie|credential|signature|hash|otp|sdp|candidate|(code|pin|key)$/i;
const MAX_STRING = 200;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;

/**
 * A copy of `value` safe to keep: secret-looking keys are dropped, strings cut to 200 characters,
 * arrays to 20 items, nesting to 4 levels. For request bodies and details given by callers.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redact(item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_ITEMS)) {
      if (!SECRET_KEY.test(key)) out[key] = redact(item, depth + 1);
    }
    return out;
  }
  return null;
}
