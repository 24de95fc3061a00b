import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { defineMessages } from '../http/i18n';

export const PasswordMessage = defineMessages({
  PASSWORD_TOO_SHORT: { ko: '비밀번호는 8자 이상이어야 합니다.', en: 'The password must be at least 8 characters long.' },
  PASSWORD_TOO_LONG: { ko: '비밀번호는 128자 이하여야 합니다.', en: 'The password must be at most 128 characters long.' },
  PASSWORD_TOO_WEAK: {
    ko: '비밀번호는 영문자와 숫자를 모두 포함해야 합니다.',
    en: 'The password must contain both letters and digits.',
  },
  PASSWORD_TOO_COMMON: {
    ko: '너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요.',
    en: 'This password is too common. Please choose another.',
  },
});

// The most used passwords that still pass the letter-and-digit rule.
const COMMON = new Set([
  'password1', 'password12', 'password123', 'passw0rd', 'p@ssw0rd', 'qwerty123', 'qwerty1234', 'qwer1234', 'asdf1234',
  'zxcv1234', 'abcd1234', 'abc12345', 'abcde12345', '1q2w3e4r', '1q2w3e4r5t', 'q1w2e3r4', 'q1w2e3r4t5', 'a1234567',
  'a12345678', 'aa123456', '1234qwer', '12345qwert', 'iloveyou1', 'admin123', 'admin1234', 'welcome1', 'letmein1',
  'test1234', 'user1234', 'love1234', 'sunshine1', 'princess1', 'football1', 'monkey123', 'dragon123', '123456789a',
  '12345678a', '1234567a', 'qwertyuiop1', 'asdfghjkl1', 'changeme1', 'trustno1a',
]);

/** The sign-up rule: 8–128 characters, letters and digits, not a well-known password. */
export const passwordSchema = z
  .string()
  .min(8, PasswordMessage.PASSWORD_TOO_SHORT)
  .max(128, PasswordMessage.PASSWORD_TOO_LONG)
  .refine((p) => /\p{L}/u.test(p) && /\p{Nd}/u.test(p), PasswordMessage.PASSWORD_TOO_WEAK)
  .refine((p) => !COMMON.has(p.toLowerCase()), PasswordMessage.PASSWORD_TOO_COMMON);

/** What sign-in accepts: any string of sane size (old passwords may predate today's rule). */
export const passwordInput = z.string().min(1).max(128);

// argon2id with OWASP's first recommendation: 19 MiB, two passes, one lane.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

// Verifying against this when the account does not exist costs the same time as a real check.
let decoy: Promise<string> | undefined;

/** Checks a password; with no hash it still spends the time a real check would. */
export async function checkPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hashPassword('decoy-password-for-timing-1');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
