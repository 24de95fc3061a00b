import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { seoulToday } from '../time';
import { defineMessages } from './i18n';

/** Zod fields that several apps' bodies share, with Korean and English messages. */
export const FieldMessage = defineMessages({
  INVALID_PHONE: { ko: '올바른 전화번호가 아닙니다.', en: 'This is not a valid phone number.' },
  INVALID_DATE: { ko: '올바른 날짜가 아닙니다. (YYYY-MM-DD)', en: 'This is not a valid date (YYYY-MM-DD).' },
  DATE_IN_FUTURE: { ko: '미래의 날짜는 입력할 수 없습니다.', en: 'The date cannot be in the future.' },
  CONTROL_CHARACTERS: { ko: '허용되지 않는 문자가 포함되어 있습니다.', en: 'Contains characters that are not allowed.' },
  BLANK: { ko: '비어 있을 수 없습니다.', en: 'Cannot be blank.' },
  JSON_TOO_LARGE: { ko: '너무 큽니다. (JSON으로 최대 {maxBytes}바이트)', en: 'Too large (at most {maxBytes} bytes as JSON).' },
  JSON_TOO_DEEP: { ko: '너무 깊게 중첩되어 있습니다. (최대 {maxDepth}단계)', en: 'Nested too deeply (at most {maxDepth} levels).' },
});

export const emailSchema = z.email().max(254);

/** Any way a Korean writes a number (010-1234-5678, +82 10 …, 10-1234-5678) to E.164. */
export function normalizePhone(text: string): string | undefined {
  const phone = parsePhoneNumberFromString(text, 'KR');
  return phone?.isValid() ? phone.number : undefined;
}

export const phoneSchema = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const phone = normalizePhone(value);
    if (!phone) ctx.issues.push({ code: 'custom', message: FieldMessage.INVALID_PHONE, input: value });
    return phone ?? z.NEVER;
  });

// Control characters (other than tab and newline) have no place in names or short text.
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A one-line text such as a name: trimmed, not blank, no control characters. */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, FieldMessage.BLANK)
    .max(max)
    .refine((text) => !CONTROL.test(text) && !/[\r\n]/.test(text), FieldMessage.CONTROL_CHARACTERS);

/** Free text such as a bio: trimmed, newlines allowed, no other control characters. */
export const longText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((text) => !CONTROL.test(text), FieldMessage.CONTROL_CHARACTERS);

/** A calendar date "YYYY-MM-DD" that exists, not before 1900 and not in the future. */
export const pastDate = z.iso
  .date(FieldMessage.INVALID_DATE)
  .refine((text) => text >= '1900-01-01', FieldMessage.INVALID_DATE)
  .refine((text) => text <= seoulToday(), FieldMessage.DATE_IN_FUTURE);

/**
 * An outside URL clients will load (a picture, a link, a thumbnail): https only, so nothing is
 * fetched in the clear (a plain-http "picture" is a tracking pixel that also leaks who looks).
 * Files of our own storage are set by their upload routes, never typed in.
 */
export const httpsUrl = (max: number) => z.url({ protocol: /^https$/ }).max(max);

/**
 * A small JSON object a client keeps with a record (metadata: file details, image sizes, labels):
 * keys up to 100 characters, any JSON values, at most `maxDepth` levels and `maxBytes` bytes as
 * JSON, and no NUL character anywhere (PostgreSQL cannot keep one in jsonb). The depth is checked
 * first, without recursion, so no payload can exhaust the stack.
 */
export const jsonObject = (maxBytes: number, maxDepth = 8) =>
  z
    .record(z.string().max(100), z.unknown())
    .superRefine((value, ctx) => {
      const problem = shapeProblem(value, maxDepth);
      if (problem === 'deep') ctx.addIssue({ code: 'custom', message: FieldMessage.JSON_TOO_DEEP, input: value, maxDepth } as never);
      else if (problem === 'nul') ctx.addIssue({ code: 'custom', message: FieldMessage.CONTROL_CHARACTERS, input: value });
      else if (Buffer.byteLength(JSON.stringify(value)) > maxBytes)
        ctx.addIssue({ code: 'custom', message: FieldMessage.JSON_TOO_LARGE, input: value, maxBytes } as never);
    })
    .describe(`A JSON object of at most ${maxBytes} bytes and ${maxDepth} levels`);

function shapeProblem(root: unknown, maxDepth: number): 'deep' | 'nul' | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string' && value.includes('\0')) return 'nul';
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return 'deep';
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\0')) return 'nul';
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}
