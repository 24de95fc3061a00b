import { describe, expect, it } from 'vitest';
import { passwordGuessable, passwordSchema } from '../../src/platform/auth/passwords';

describe('password strength (zxcvbn)', () => {
  it('refuses well-known and patterned passwords that have letters and digits', () => {
    for (const password of ['Password1', 'qwer1234', '1q2w3e4r', 'iloveyou1', 'abcd1234', 'aaaaaaa1']) expect(passwordGuessable(password), password).toBe(true);
    expect(passwordSchema.safeParse('qwerty123').error?.issues[0]?.message).toBe('PASSWORD_TOO_COMMON');
  });

  it('accepts passwords that are not easy to guess', () => {
    for (const password of ['madang-demo-1', 'Reset!2025x', 'calm-mind-7', 'Zyxwbrontal7']) expect(passwordGuessable(password), password).toBe(false);
    expect(passwordSchema.safeParse('calm-mind-7').success).toBe(true);
  });

  it("counts the user's own email and name as known words", () => {
    expect(passwordGuessable('Zyxwbrontal7', ['Zyxwbrontal'])).toBe(true);
    expect(passwordGuessable('Zyxwbrontal7', ['zyxwbrontal@example.com'])).toBe(true);
    expect(passwordGuessable('Zyxwbrontal7', ['someone.else@example.com'])).toBe(false);
  });
});
