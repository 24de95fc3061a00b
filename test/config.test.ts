import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ensureSecrets, loadConfig, parseDuration, parseRateLimit } from '../src/config';

describe('settings', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.apps.fitmate.port).toBe(8080);
    expect(config.apps.mindpause.port).toBe(8000);
    expect(config.apps.mimo.port).toBe(4001);
    expect(config.apps.mimo.publicUrl).toBe('http://127.0.0.1:4001');
    expect(config.env).toBe('development');
    expect(config.demoAccounts).toBe(true);
    expect(config.jwt.accessTtlSec).toBe(900);
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtp).toBeUndefined();
  });

  it('limits rates as the documents say in production, and generously in development', () => {
    const limits = (env: Record<string, string>, app: 'fitmate' | 'mimo' = 'fitmate') =>
      Object.fromEntries(Object.entries(loadConfig(env).apps[app].rateLimits).map(([name, limit]) => [name, limit.text]));
    const sockets = { socketConnect: '60/minute', socketEvents: '100/10second' };
    const production = { login: '5/15minute', general: '100/15minute', otp: '20/hour', fileUpload: '10/hour', aiChat: '30/hour', ...sockets };
    expect(limits({ NODE_ENV: 'production' })).toEqual(production);
    expect(limits({ NODE_ENV: 'test' })).toEqual(production);
    // A home's cameras beat from one address: MIMO allows ten times as much.
    expect(limits({ NODE_ENV: 'production' }, 'mimo')).toEqual({ ...production, general: '1000/15minute' });
    const development = { login: '100/15minute', general: '10000/15minute', otp: '100/hour', fileUpload: '100/hour', aiChat: '300/hour', ...sockets };
    expect(limits({})).toEqual(development);
    expect(limits({ NODE_ENV: 'development' }, 'mimo')).toEqual(development);
    // A setting still wins, in any mode.
    expect(limits({ RATE_LIMIT_GENERAL: '50/minute' }).general).toBe('50/minute');
    expect(loadConfig({ NODE_ENV: 'production' }).apps.fitmate.rateLimits.login).toEqual({ limit: 5, windowMs: 15 * 60_000, text: '5/15minute' });
  });

  it('makes demo accounts only in development on a loopback address, unless told', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).demoAccounts).toBe(true);
    expect(loadConfig({ HOST: 'localhost' }).demoAccounts).toBe(true);
    expect(loadConfig({ HOST: '0.0.0.0' }).demoAccounts).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', DEMO_ACCOUNTS: 'true' }).demoAccounts).toBe(true);
    expect(loadConfig({ DEMO_ACCOUNTS: 'false' }).demoAccounts).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).demoAccounts).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).demoAccounts).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_ACCOUNTS: 'true' })).toThrow(
      'Invalid setting DEMO_ACCOUNTS: is for development only (NODE_ENV=production)',
    );
  });

  it('reads rate limits in the MindPause document form', () => {
    expect(parseRateLimit('30/hour')).toMatchObject({ limit: 30, windowMs: 3_600_000 });
    expect(parseRateLimit('10/hours')).toMatchObject({ limit: 10, windowMs: 3_600_000 });
    expect(parseRateLimit('5/15minute')).toMatchObject({ limit: 5, windowMs: 900_000 });
    expect(parseRateLimit('100/2day')).toMatchObject({ limit: 100, windowMs: 2 * 86_400_000 });
    expect(() => parseRateLimit('5 per minute')).toThrow();
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration('45')).toBe(45);
  });

  it('names the bad setting and the value it got', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ FITMATE_PORT: 'eighty' }, /^Invalid setting FITMATE_PORT: expected a port number .*\(got "eighty"\)/],
      [{ RATE_LIMIT_LOGIN: '5 a minute' }, /^Invalid setting RATE_LIMIT_LOGIN: expected the form/],
      [{ DATABASE_URL: 'mysql://x' }, /^Invalid setting DATABASE_URL: expected a postgres: or postgresql: URL/],
      [{ REDIS_URL: 'not a url' }, /^Invalid setting REDIS_URL: expected a URL/],
      [{ LOG_LEVEL: 'loud' }, /^Invalid setting LOG_LEVEL: expected one of fatal, error/],
      [{ JWT_SECRET: 'short' }, /^Invalid setting JWT_SECRET: must be at least 32 characters/],
      [{ JWT_ACCESS_TTL: '15 minutes' }, /^Invalid setting JWT_ACCESS_TTL/],
      [{ KAKAO_CLIENT_ID: 'id-only' }, /^Invalid setting KAKAO_CLIENT_SECRET: is required/],
      [{ MIMO_RATE_LIMIT_GENERAL: 'lots' }, /^Invalid setting MIMO_RATE_LIMIT_GENERAL/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });

  it('reports every wrong setting at once, each named with what it got', () => {
    let error: unknown;
    try {
      loadConfig({ FITMATE_PORT: 'eighty', LOG_LEVEL: 'loud', KAKAO_CLIENT_ID: 'id-only', JWT_SECRET: 'short', SMTP_HOST: 'mail', SMTP_PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, message, setting } = error as ConfigError;
    expect(issues.map((issue) => issue.setting)).toEqual(['FITMATE_PORT', 'KAKAO_CLIENT_SECRET', 'LOG_LEVEL', 'JWT_SECRET', 'SMTP_PORT']);
    expect(setting).toBe('FITMATE_PORT');
    expect(message.split('\n')).toEqual([
      'Invalid setting FITMATE_PORT: expected a port number from 0 to 65535 (got "eighty")',
      'Invalid setting KAKAO_CLIENT_SECRET: is required when KAKAO_CLIENT_ID is set',
      'Invalid setting LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'Invalid setting JWT_SECRET: must be at least 32 characters (got "short")',
      'Invalid setting SMTP_PORT: expected a port number from 0 to 65535 (got "x")',
    ]);
    // Each app's settings are read alike, but a shared setting's fault is reported once.
    expect(() => loadConfig({ CORS_ORIGINS: 'a', RATE_LIMIT_OTP: 'often' })).toThrow(/^Invalid setting RATE_LIMIT_OTP: expected the form [^\n]*$/);
  });

  it('lets one app override a shared setting', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example, https://b.example',
      MIMO_CORS_ORIGINS: 'https://mimo.example',
      GOOGLE_CLIENT_ID: 'shared',
      GOOGLE_CLIENT_SECRET: 's',
      FITMATE_GOOGLE_CLIENT_ID: 'fit',
    });
    expect(config.apps.fitmate.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.apps.mimo.corsOrigins).toEqual(['https://mimo.example']);
    expect(config.apps.fitmate.oauth.google).toEqual({ clientId: 'fit', clientSecret: 's' });
    expect(config.apps.mimo.oauth.google).toEqual({ clientId: 'shared', clientSecret: 's' });
  });

  it('generates missing secrets once in embedded mode and keeps them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'madang-secrets-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(ensureSecrets(first)).toEqual(['JWT_SECRET', 'APP_SECRET']);
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: dataDir });
    ensureSecrets(second);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(second.appSecret).toBe(first.appSecret);
    expect(JSON.parse(readFileSync(file, 'utf8')).JWT_SECRET).toBe(first.jwt.secret);
  });

  it('refuses to start in production without secrets', () => {
    const config = loadConfig({ NODE_ENV: 'production', APP_SECRET: 'a'.repeat(40) });
    expect(() => ensureSecrets(config)).toThrow('Invalid setting JWT_SECRET: is required when NODE_ENV=production');
  });
});
