import { belowOwaspLeast } from '../platform/auth/password-cost';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors';
import { type Env, settingsReader, type SettingsReader } from './reader';
import { givenSmsProviders, RETIRED_SETTINGS, SMS_PROVIDER_SETTINGS } from './settings';
import {
  type AppConfig,
  type AppName,
  APP_NAMES,
  type Config,
  OAUTH_PROVIDERS,
  type OpsAccess,
  type RtcConfig,
  type SmsConfig,
  type StorageConfig,
} from './types';

export * from './types';
export { ConfigError, type ConfigIssue } from './errors';
export { parseDuration, parseRateLimit } from './parsers';

/**
 * Every setting, read from the environment once through the table (settings.ts) and validated;
 * every wrong setting is reported at once. Secrets may be missing here: `ensureSecrets` fills them
 * in embedded mode and refuses to start without them in production.
 */
export function loadConfig(env: Env = process.env): Config {
  const settings = settingsReader(env);
  const config = assemble(settings, env);
  if (settings.issues.length) throw new ConfigError(settings.issues);
  return config;
}

// Settings that mean nothing without a bucket (region and path style have harmless defaults).
const S3_DETAILS = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

function assemble(settings: SettingsReader, env: Env): Config {
  const { read, problem } = settings;
  const nodeEnv = read('NODE_ENV');
  const host = read('HOST');
  const sentryDsn = read('SENTRY_DSN');
  const smtpHost = read('SMTP_HOST');
  const dataDir = resolve(read('DATA_DIR'));
  const apps = Object.fromEntries(APP_NAMES.map((name) => [name, appConfig(settings, name, dataDir)])) as Record<AppName, AppConfig>;
  const s3Detail = S3_DETAILS.find(settings.isSet);
  if (s3Detail && !APP_NAMES.some((name) => apps[name].storage.driver === 's3')) {
    problem('S3_BUCKET', `is required when ${s3Detail} is set (without a bucket, files stay under DATA_DIR)`);
  }
  const passwordHashing = { memoryCost: read('PASSWORD_HASH_MEMORY'), timeCost: read('PASSWORD_HASH_PASSES') };
  // Less than OWASP's least only where nothing real is kept.
  if (nodeEnv !== 'test' && belowOwaspLeast(passwordHashing)) {
    problem('PASSWORD_HASH_MEMORY', `× PASSWORD_HASH_PASSES is below OWASP's least for argon2id (7168 KiB, and memory × passes ≥ 35840) outside NODE_ENV=test`);
  }
  const demoAccounts = read('DEMO_ACCOUNTS');
  if (demoAccounts && nodeEnv !== 'development') problem('DEMO_ACCOUNTS', `is for development only (NODE_ENV=${nodeEnv})`);
  return {
    env: nodeEnv,
    demoAccounts,
    host,
    dataDir,
    databaseUrl: read('DATABASE_URL'),
    databasePoolSize: read('DATABASE_POOL_SIZE'),
    redisUrl: read('REDIS_URL'),
    redisKeyPrefix: read('REDIS_KEY_PREFIX'),
    logLevel: read('LOG_LEVEL'),
    trustProxy: read('TRUST_PROXY'),
    bodyLimit: read('BODY_LIMIT'),
    ops: opsAccess(settings, nodeEnv),
    presenceGraceMs: read('PRESENCE_OFFLINE_GRACE') * 1000,
    auditRetentionMs: read('AUDIT_LOG_RETENTION') * 1000,
    migrateOnStart: read('MIGRATE_ON_START'),
    shutdown: { drainDelayMs: read('SHUTDOWN_DRAIN_DELAY'), timeoutMs: read('SHUTDOWN_TIMEOUT') },
    jobs: { retryDelaySec: read('JOB_RETRY_DELAY'), pollIntervalSec: read('JOB_POLL_INTERVAL') },
    passwordHashing,
    jwt: {
      secret: read('JWT_SECRET') ?? '',
      accessTtlSec: read('JWT_ACCESS_TTL'),
      refreshTtlSec: read('JWT_REFRESH_TTL'),
      reuseGraceSec: read('JWT_REFRESH_REUSE_GRACE'),
    },
    appSecret: read('APP_SECRET') ?? '',
    smtp: smtpHost ? { host: smtpHost, port: read('SMTP_PORT'), secure: read('SMTP_SECURE'), user: read('SMTP_USER'), pass: read('SMTP_PASS') } : undefined,
    mailFrom: read('SMTP_FROM'),
    sms: smsConfig(settings, env),
    push: pushConfig(settings),
    ai: {
      apiKey: read('OPENAI_API_KEY'),
      baseUrl: read('OPENAI_BASE_URL'),
      model: read('OPENAI_MODEL'),
      maxTokens: read('OPENAI_MAX_TOKENS'),
      timeoutMs: read('OPENAI_TIMEOUT'),
      moderation: read('OPENAI_MODERATION'),
      contextMessages: read('AI_CHAT_CONTEXT_MESSAGES'),
    },
    rtc: rtcConfig(settings),
    sentry: sentryDsn ? { dsn: sentryDsn, release: read('SENTRY_RELEASE'), environment: read('SENTRY_ENVIRONMENT') } : undefined,
    apps,
  };
}

function appConfig(settings: SettingsReader, name: AppName, dataDir: string): AppConfig {
  const { readForApp, problem } = settings;
  const port = readForApp(name, 'PORT');
  const oauth: AppConfig['oauth'] = {};
  for (const provider of OAUTH_PROVIDERS) {
    const prefix = provider.toUpperCase() as Uppercase<typeof provider>;
    const clientId = readForApp(name, `${prefix}_CLIENT_ID`);
    const clientSecret = readForApp(name, `${prefix}_CLIENT_SECRET`);
    if (clientId && clientSecret) oauth[provider] = { clientId, clientSecret };
    else if (clientId && provider !== 'google') problem(`${prefix}_CLIENT_SECRET`, `is required when ${prefix}_CLIENT_ID is set`);
    // MIMO signs in with Google ID tokens, which need the client id alone.
    else if (clientId) oauth[provider] = { clientId, clientSecret: '' };
  }
  return {
    name,
    port,
    publicUrl: readForApp(name, 'PUBLIC_URL'),
    webUrl: readForApp(name, 'WEB_URL'),
    corsOrigins: readForApp(name, 'CORS_ORIGINS'),
    rateLimits: {
      login: readForApp(name, 'RATE_LIMIT_LOGIN'),
      general: readForApp(name, 'RATE_LIMIT_GENERAL'),
      // SMS codes per client IP; each number has its own fixed limits besides (1 a minute, 5 an hour).
      otp: readForApp(name, 'RATE_LIMIT_OTP'),
      // Uploads per signed-in user (MindPause's files routes).
      fileUpload: readForApp(name, 'RATE_LIMIT_FILE_UPLOAD'),
      // Messages to the AI counsellor per signed-in user (MindPause's chat routes).
      aiChat: readForApp(name, 'RATE_LIMIT_AI_CHAT'),
      // Socket handshakes per client address, counted across nodes; a reconnecting phone makes a few.
      socketConnect: readForApp(name, 'RATE_LIMIT_SOCKET_CONNECT'),
      // Events one socket may send, of every kind together.
      socketEvents: readForApp(name, 'RATE_LIMIT_SOCKET_EVENTS'),
    },
    socketMaxPayload: readForApp(name, 'SOCKET_MAX_PAYLOAD'),
    oauth,
    storage: storageConfig(settings, name, dataDir),
    uploadLimit: readForApp(name, 'UPLOAD_LIMIT'),
  };
}

/** Local files under DATA_DIR unless the app has an S3 bucket (FITMATE_S3_BUCKET or S3_BUCKET). */
function storageConfig(settings: SettingsReader, name: AppName, dataDir: string): StorageConfig {
  const { readForApp, problem } = settings;
  const bucket = readForApp(name, 'S3_BUCKET');
  if (!bucket) {
    // A shared S3_ENDPOINT may serve only the apps that have a bucket; one given for this app alone needs one.
    const stray = S3_DETAILS.map((key) => `${name.toUpperCase()}_${key}`).find(settings.isSet);
    if (stray) problem(`${name.toUpperCase()}_S3_BUCKET`, `is required when ${stray} is set`);
    return { driver: 'local', dir: join(dataDir, 'files', name) };
  }
  const accessKeyId = readForApp(name, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = readForApp(name, 'S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    const [given, missing] = accessKeyId ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] : ['S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID'];
    problem(missing, `is required when ${given} is set`);
  }
  return {
    driver: 's3',
    bucket,
    region: readForApp(name, 'S3_REGION'),
    endpoint: readForApp(name, 'S3_ENDPOINT'),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: readForApp(name, 'S3_FORCE_PATH_STYLE'),
  };
}

/** SMS_PROVIDER, or the provider whose settings are given; each needs all three of its settings. */
function smsConfig(settings: SettingsReader, env: Env): SmsConfig {
  const { read, problem } = settings;
  const otpTtlSec = read('OTP_TTL');
  const dailyLimits = { perUser: read('SMS_DAILY_LIMIT_PER_USER'), perNumber: read('SMS_DAILY_LIMIT_PER_NUMBER') };
  if (!settings.isSet('SMS_PROVIDER') && givenSmsProviders(env).length > 1)
    problem('SMS_PROVIDER', 'is required when both Twilio and Solapi settings are given');
  const provider = read('SMS_PROVIDER');
  if (provider === 'recording') return { provider, otpTtlSec, dailyLimits };
  const values = SMS_PROVIDER_SETTINGS[provider].map((key) => {
    const value = read(key);
    if (!value) problem(key, `is required when SMS_PROVIDER=${provider}`);
    return value;
  });
  if (!values.every(Boolean)) return { provider: 'recording', otpTtlSec, dailyLimits };
  const [first, second, third] = values as [string, string, string];
  if (provider === 'solapi') {
    if (!/^\d[\d-]{6,14}$/.test(third)) problem('SOLAPI_SENDER', `expected a registered sender number such as 0212345678 (got "${third}")`);
    return { provider, otpTtlSec, dailyLimits, solapi: { apiKey: first, apiSecret: second, sender: third } };
  }
  if (!/^AC[0-9a-fA-F]{32}$/.test(first)) problem('TWILIO_ACCOUNT_SID', 'expected AC followed by 32 hexadecimal digits');
  if (!/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/.test(third))
    problem('TWILIO_PHONE_NUMBER', `expected an E.164 number such as +15005550006, or a messaging service SID (got "${third}")`);
  return {
    provider,
    otpTtlSec,
    dailyLimits,
    twilio: { accountSid: first, authToken: second, phoneNumber: third, apiBaseUrl: read('TWILIO_API_BASE_URL') },
  };
}

/** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together (`npx web-push generate-vapid-keys`), or neither. */
function pushConfig(settings: SettingsReader): Config['push'] {
  const { read, problem } = settings;
  const publicKey = read('VAPID_PUBLIC_KEY');
  const privateKey = read('VAPID_PRIVATE_KEY');
  if (Boolean(publicKey) !== Boolean(privateKey))
    problem(publicKey ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY', `is required when ${publicKey ? 'VAPID_PUBLIC_KEY' : 'VAPID_PRIVATE_KEY'} is set`);
  const subject = read('VAPID_SUBJECT');
  const allowedHosts = read('PUSH_SERVICE_HOSTS');
  return { vapid: publicKey && privateKey ? { publicKey, privateKey } : undefined, subject, allowedHosts };
}

/**
 * RTC_STUN_URLS ("none" for none); RTC_TURN_URLS with RTC_TURN_SECRET (the TURN server's
 * static-auth-secret) and RTC_TURN_TTL; MIMO_SIGNALLING_PORT.
 */
function rtcConfig(settings: SettingsReader): RtcConfig {
  const { read, problem } = settings;
  const stunUrls = read('RTC_STUN_URLS');
  const turnUrls = read('RTC_TURN_URLS');
  const secret = read('RTC_TURN_SECRET');
  const ttlSec = read('RTC_TURN_TTL');
  if (turnUrls?.length && !secret) problem('RTC_TURN_SECRET', 'is required when RTC_TURN_URLS is set');
  if (secret && !turnUrls?.length) problem('RTC_TURN_URLS', 'is required when RTC_TURN_SECRET is set');
  const signallingPort = read('MIMO_SIGNALLING_PORT');
  return { stunUrls, turn: turnUrls?.length && secret ? { urls: turnUrls, secret, ttlSec } : undefined, signallingPort };
}

/** OPS_TOKEN when given; otherwise production keeps the operators' endpoints to the deployment itself. */
function opsAccess(settings: SettingsReader, nodeEnv: Config['env']): OpsAccess {
  for (const [name, reason] of Object.entries(RETIRED_SETTINGS)) if (settings.isSet(name)) settings.problem(name, reason);
  const token = settings.read('OPS_TOKEN');
  if (token) return { access: 'token', token };
  return nodeEnv === 'production' ? { access: 'internal' } : { access: 'public' };
}

const SECRET_SETTINGS = ['JWT_SECRET', 'APP_SECRET'] as const;

/**
 * Fills missing secrets. In production a missing secret is an error; otherwise secrets are
 * generated once and kept in DATA_DIR/secrets.json so tokens survive a restart.
 * Returns the names of the settings that came from that file.
 */
export function ensureSecrets(config: Config): string[] {
  const missing = SECRET_SETTINGS.filter((key) => !(key === 'JWT_SECRET' ? config.jwt.secret : config.appSecret));
  if (missing.length === 0) return [];
  if (config.env === 'production') throw new ConfigError(missing[0]!, 'is required when NODE_ENV=production');
  const file = join(config.dataDir, 'secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const key of missing) stored[key] ??= randomBytes(48).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  config.jwt.secret ||= stored.JWT_SECRET!;
  config.appSecret ||= stored.APP_SECRET!;
  return missing;
}
