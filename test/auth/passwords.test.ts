import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { OWASP_HASHING } from '../../src/platform/auth/password-cost';
import { Passwords, passwordGuessable, passwordSchema } from '../../src/platform/auth/passwords';

const SECRET = 'a-production-secret-0123456789abcdefghij';

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

describe('password hashing (argon2id at the deployment’s cost)', () => {
  it('hashes at OWASP’s first recommendation by default, and checks a hash made at any other cost', async () => {
    expect(loadConfig({}).passwordHashing).toEqual(OWASP_HASHING);
    const owasp = new Passwords();
    const hash = await owasp.hash('madang-demo-1');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await owasp.check(hash, 'madang-demo-1')).toBe(true);
    expect(await owasp.check(hash, 'madang-demo-2')).toBe(false);
    // A deployment that raises its cost keeps accepting the passwords hashed before.
    const stronger = new Passwords({ memoryCost: 47_104, timeCost: 1 });
    expect(await stronger.hash('x')).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$/);
    expect(await stronger.check(hash, 'madang-demo-1')).toBe(true);
    // No account: the answer is no, after the work of a real check.
    expect(await owasp.check(null, 'madang-demo-1')).toBe(false);
    expect(await owasp.check('not-a-hash', 'madang-demo-1')).toBe(false);
  });

  it('refuses a cost below OWASP’s least outside NODE_ENV=test, naming the setting', () => {
    for (const cost of [
      { PASSWORD_HASH_MEMORY: '64', PASSWORD_HASH_PASSES: '1' },
      { PASSWORD_HASH_MEMORY: '19456', PASSWORD_HASH_PASSES: '1' },
      { PASSWORD_HASH_MEMORY: '4096', PASSWORD_HASH_PASSES: '10' },
    ]) {
      for (const NODE_ENV of ['production', 'development'])
        expect(() => loadConfig({ NODE_ENV, JWT_SECRET: SECRET, APP_SECRET: SECRET, ...cost }), JSON.stringify(cost)).toThrow(/PASSWORD_HASH_MEMORY.*OWASP/);
      expect(loadConfig({ NODE_ENV: 'test', ...cost }).passwordHashing).toEqual({
        memoryCost: Number(cost.PASSWORD_HASH_MEMORY),
        timeCost: Number(cost.PASSWORD_HASH_PASSES),
      });
    }
    // OWASP's other equivalent costs are accepted anywhere.
    for (const [memory, passes] of [
      ['47104', '1'],
      ['12288', '3'],
      ['9216', '4'],
      ['7168', '5'],
    ])
      expect(
        loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, APP_SECRET: SECRET, PASSWORD_HASH_MEMORY: memory, PASSWORD_HASH_PASSES: passes })
          .passwordHashing,
      ).toEqual({ memoryCost: Number(memory), timeCost: Number(passes) });
  });
});
