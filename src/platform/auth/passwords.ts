import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';
import { defineMessages } from '../http/i18n';
import { OWASP_HASHING, type PasswordHashing } from './password-cost';

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

// zxcvbn's estimate of how fast a password falls to guessing (common passwords, words, names,
// keyboard walks, dates, repeats and sequences); 2 and above resists an online attack. Its
// dictionaries are built on the first check, not when the module loads.
const MIN_SCORE = 2;
let estimator: ZxcvbnFactory | undefined;

/**
 * Whether zxcvbn finds the password too easy to guess, counting the user's own email and name, and
 * the words in them, as known words (not bare numbers: an address's digits are no clue to a password).
 */
export function passwordGuessable(password: string, userInputs: string[] = []): boolean {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((input) => input.length >= 3 && /\p{L}/u.test(input));
  return estimator.check(password, inputs).score < MIN_SCORE;
}

/** The sign-up rule: 8–128 characters, letters and digits, not easy to guess. */
export const passwordSchema = z
  .string()
  .min(8, PasswordMessage.PASSWORD_TOO_SHORT)
  .max(128, PasswordMessage.PASSWORD_TOO_LONG)
  .refine((p) => /\p{L}/u.test(p) && /\p{Nd}/u.test(p), PasswordMessage.PASSWORD_TOO_WEAK)
  .refine((p) => !passwordGuessable(p), PasswordMessage.PASSWORD_TOO_COMMON);

/**
 * For a sign-up body: the password must not be guessable from the other fields given with it
 * (email, name, nickname), reported on the password field with the same message.
 */
export function passwordNotFrom(fields: string[]) {
  return (body: { password: string } & Record<string, unknown>, ctx: z.RefinementCtx) => {
    const inputs = fields.map((field) => body[field]).filter((value): value is string => typeof value === 'string');
    // Guessable without them, the password field's own rule has said so already.
    if (inputs.length && passwordGuessable(body.password, inputs) && !passwordGuessable(body.password))
      ctx.addIssue({ code: 'custom', path: ['password'], message: PasswordMessage.PASSWORD_TOO_COMMON });
  };
}

/** What sign-in accepts: any string of sane size (old passwords may predate today's rule). */
export const passwordInput = z.string().min(1).max(128);

/**
 * Hashes and checks secrets people choose (passwords, MIMO's app-lock PINs) with argon2id at the
 * deployment's cost. A hash names its own cost, so hashes made at another cost still check.
 */
export class Passwords {
  // Checking against this when the account does not exist costs the same time as a real check.
  private decoy?: Promise<string>;

  constructor(private readonly cost: PasswordHashing = OWASP_HASHING) {}

  hash(password: string): Promise<string> {
    return hash(password, { ...this.cost, parallelism: 1 });
  }

  /** Checks a password; with no hash it still spends the time a real check would. */
  async check(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.decoy ??= this.hash('decoy-password-for-timing-1');
      await verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}
