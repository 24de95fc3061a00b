import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fromRoot } from './platform/root';

export const APP_NAMES = ['fitmate', 'mindpause', 'mimo'] as const;
const PACKAGE_VERSION = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
export type AppName = (typeof APP_NAMES)[number];

const DEFAULT_PORTS: Record<AppName, number> = { fitmate: 8080, mindpause: 8000, mimo: 4001 };
export const OAUTH_PROVIDERS = ['google', 'kakao', 'naver'] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

/** A rate limit as the MindPause document writes it: "5/15minute", "30/hour". */
export interface RateLimit {
  limit: number;
  windowMs: number;
  text: string;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

/** Where an app keeps its files: a folder under DATA_DIR, or an S3 bucket (keys prefixed with the app). */
export type StorageConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 's3';
      bucket: string;
      region: string;
      /** For S3-compatible services; AWS S3 itself needs none. */
      endpoint?: string;
      /** Without them the SDK's own chain applies (AWS_* variables, instance or task role). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
      forcePathStyle: boolean;
    };

export interface AppConfig {
  name: AppName;
  port: number;
  /** Where this app is reached from outside; OAuth redirect URIs and links in emails start here. */
  publicUrl: string;
  /** The app's web front end; after an OAuth sign-in the browser is sent here with the tokens. */
  webUrl?: string;
  corsOrigins: string[];
  rateLimits: {
    login: RateLimit;
    general: RateLimit;
    otp: RateLimit;
    fileUpload: RateLimit;
    aiChat: RateLimit;
    socketConnect: RateLimit;
    socketEvents: RateLimit;
  };
  /** Largest payload one socket event may carry; larger ones are refused with an error event. */
  socketMaxPayload: number;
  oauth: Partial<Record<OAuthProviderName, OAuthClientConfig>>;
  storage: StorageConfig;
  /** Largest file a multipart upload may carry; a route may set a smaller limit of its own. */
  uploadLimit: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
}

export type SmsProviderName = 'recording' | 'twilio' | 'solapi';

/**
 * Which SMS provider sends text messages (the recording driver without one), the OTP lifetime, and
 * how many messages a day (Seoul) one account and one number may be sent.
 */
export type SmsConfig = { otpTtlSec: number; dailyLimits: { perUser: number; perNumber: number } } & (
  | { provider: 'recording' }
  | { provider: 'twilio'; twilio: { accountSid: string; authToken: string; phoneNumber: string; apiBaseUrl?: string } }
  | { provider: 'solapi'; solapi: { apiKey: string; apiSecret: string; sender: string } }
);

/**
 * Who may read /metrics, /docs and /api/health/db: anyone; only requests with the OPS_TOKEN bearer
 * token; or only requests from inside the deployment (the production default without a token).
 */
export type OpsAccess = { access: 'public' } | { access: 'token'; token: string } | { access: 'internal' };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  /** Whether `npm start` makes the documented demo user and admin in each app (development only). */
  demoAccounts: boolean;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  redisUrl?: string;
  /** Every key this deployment writes to Redis starts with it, so deployments can share one Redis. */
  redisKeyPrefix: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  bodyLimit: number;
  ops: OpsAccess;
  /** How long a user whose last socket closed still counts as online. */
  presenceGraceMs: number;
  /** How long audit log entries are kept before the midnight clean-up removes them. */
  auditRetentionMs: number;
  /** Whether a starting node applies pending migrations (else it refuses to start while any are pending). */
  migrateOnStart: boolean;
  /**
   * On SIGTERM: how long a node keeps serving while its readiness fails (so the load balancer
   * stops sending to it), and how long it then has to finish what is in flight before it is forced out.
   */
  shutdown: { drainDelayMs: number; timeoutMs: number };
  /** Error reports to Sentry (SENTRY_DSN), with the release and environment they belong to. */
  sentry?: { dsn: string; release: string; environment: string };
  /** Durable jobs: first retry delay (doubled per try) and how often idle workers poll, in seconds. */
  jobs: { retryDelaySec: number; pollIntervalSec: number };
  jwt: { secret: string; accessTtlSec: number; refreshTtlSec: number; reuseGraceSec: number };
  /** Keys codes, cookies and other server-side MACs; separate from the JWT key. */
  appSecret: string;
  smtp?: SmtpConfig;
  mailFrom: string;
  sms: SmsConfig;
  /** Web push: the VAPID key pair (generated once and kept in the database when not given) and its contact. */
  push: { vapid?: { publicKey: string; privateKey: string }; subject: string; allowedHosts: string[] };
  /**
   * An OpenAI-compatible chat API (MindPause's counsellor); without OPENAI_API_KEY the built-in
   * responder answers. Timeout in ms; contextMessages: how many recent messages go to the model
   * (older ones are summarised).
   */
  ai: { apiKey?: string; baseUrl?: string; model: string; maxTokens: number; timeoutMs: number; moderation: boolean; contextMessages: number };
  /**
   * ICE servers for WebRTC (MIMO's live view): STUN URLs, and TURN URLs with the secret shared with
   * the TURN server, from which time-limited credentials are made (the TURN REST API scheme).
   */
  rtc: RtcConfig;
  apps: Record<AppName, AppConfig>;
}

export interface RtcConfig {
  stunUrls: string[];
  turn?: { urls: string[]; secret: string; ttlSec: number };
  /**
   * A second port for MIMO's plain signalling WebSocket (MIMO_SIGNALLING_PORT), besides the root
   * path of MIMO's own port: the MIMO app opens ws://<host>:8080/. Off when unset.
   */
  signallingPort?: number;
}

export interface ConfigIssue {
  setting: string;
  reason: string;
}

/** One wrong setting, or every wrong setting found at start-up (one line each). */
export class ConfigError extends Error {
  readonly setting: string;
  readonly issues: ConfigIssue[];
  constructor(setting: string, reason: string);
  constructor(issues: ConfigIssue[]);
  constructor(first: string | ConfigIssue[], reason = '') {
    const issues = typeof first === 'string' ? [{ setting: first, reason }] : first;
    super(issues.map((issue) => `Invalid setting ${issue.setting}: ${issue.reason}`).join('\n'));
    this.issues = issues;
    this.setting = issues[0]?.setting ?? '';
  }
}

/**
 * While loadConfig runs, each wrong setting is noted here and reading goes on (with the default,
 * or without the setting), so that start-up reports every wrong setting at once.
 */
let issues: ConfigIssue[] | undefined;

function problem(setting: string, reason: string): void {
  if (!issues) throw new ConfigError(setting, reason);
  if (!issues.some((issue) => issue.setting === setting && issue.reason === reason)) issues.push({ setting, reason });
}

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

/** Seconds, half a second at least (pg-boss's shortest poll): "2s", "0.5s", "1". */
function parsePollInterval(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(text);
  if (!match || Number(match[1]) < 0.5) throw new Error('expected seconds, at least 0.5, such as "2s" or "0.5s"');
  return Number(match[1]);
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

function parseSize(text: string): number {
  const match = /^\s*(\d+)\s*(b|kb|mb)?\s*$/i.exec(text);
  if (!match) throw new Error('expected a size such as "1mb" or "512kb"');
  return Number(match[1]) * SIZE_UNITS[(match[2] || 'b').toLowerCase()]!;
}

/** Milliseconds from "20s", "500ms", "1m" or a bare number of seconds; zero only when `zero` allows it. */
function parseMilliseconds(text: string, zero = false): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  if (!match) throw new Error('expected a duration such as "20s", "500ms" or "1m"');
  const ms = Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[(match[2] || 's').toLowerCase() as 'ms' | 's' | 'm'];
  if (ms < 1 && !(zero && ms === 0)) throw new Error('must be at least one millisecond');
  return Math.round(ms);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('expected a port number from 0 to 65535');
  return port;
}

function parseBoolean(text: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new Error('expected true or false');
}

function parseUrl(protocols: string[]) {
  return (text: string): string => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error('expected a URL');
    }
    if (!protocols.includes(url.protocol)) throw new Error(`expected a ${protocols.join(' or ')} URL`);
    return text.replace(/\/+$/, '');
  };
}

function parseSecret(text: string): string {
  if (text.length < 32) throw new Error('must be at least 32 characters');
  return text;
}

function parseEnum<T extends string>(values: readonly T[]) {
  return (text: string): T => {
    if (!(values as readonly string[]).includes(text)) throw new Error(`expected one of ${values.join(', ')}`);
    return text as T;
  };
}

const parseList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

type Env = Record<string, string | undefined>;

/** Reads one setting; a bad value stops start-up with a message naming the setting. */
function read<T>(env: Env, key: string, parse: (text: string) => T): T | undefined;
function read<T>(env: Env, key: string, parse: (text: string) => T, fallback: string): T;
function read<T>(env: Env, key: string, parse: (text: string) => T, fallback?: string): T | undefined {
  const raw = env[key]?.trim() ? env[key]!.trim() : fallback;
  if (raw === undefined) return undefined;
  try {
    return parse(raw);
  } catch (error) {
    problem(key, `${(error as Error).message} (got "${env[key] ?? fallback}")`);
  }
  // Reading goes on with the default, where there is one that is not itself what failed.
  if (fallback !== undefined && raw !== fallback) {
    try {
      return parse(fallback);
    } catch {
      // reported above
    }
  }
  return undefined as T;
}

/** A per-app setting: FITMATE_CORS_ORIGINS overrides CORS_ORIGINS for FitMate only. */
function readForApp<T>(env: Env, app: AppName, key: string, parse: (text: string) => T, fallback?: string) {
  const appKey = `${app.toUpperCase()}_${key}`;
  if (env[appKey]?.trim()) return read(env, appKey, parse);
  return fallback === undefined ? read(env, key, parse) : read(env, key, parse, fallback);
}

// S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, not shaped like an IP.
function parseBucket(text: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(text) || /\.\.|^\d+\.\d+\.\d+\.\d+$/.test(text)) {
    throw new Error('expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." or "-"');
  }
  return text;
}

function parseRegion(text: string): string {
  if (!/^[a-z0-9-]{2,32}$/.test(text)) throw new Error('expected a region such as "ap-northeast-2"');
  return text;
}

// Settings that mean nothing without a bucket (region and path style have harmless defaults).
const S3_DETAILS = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];

/** Local files under DATA_DIR unless the app has an S3 bucket (FITMATE_S3_BUCKET or S3_BUCKET). */
function storageConfig(env: Env, name: AppName, dataDir: string): StorageConfig {
  const bucket = readForApp(env, name, 'S3_BUCKET', parseBucket);
  if (!bucket) {
    // A shared S3_ENDPOINT may serve only the apps that have a bucket; one given for this app alone needs one.
    const stray = S3_DETAILS.map((key) => `${name.toUpperCase()}_${key}`).find((key) => env[key]?.trim());
    if (stray) problem(`${name.toUpperCase()}_S3_BUCKET`, `is required when ${stray} is set`);
    return { driver: 'local', dir: join(dataDir, 'files', name) };
  }
  const accessKeyId = readForApp(env, name, 'S3_ACCESS_KEY_ID', String);
  const secretAccessKey = readForApp(env, name, 'S3_SECRET_ACCESS_KEY', String);
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    const [given, missing] = accessKeyId ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] : ['S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID'];
    problem(missing, `is required when ${given} is set`);
  }
  return {
    driver: 's3',
    bucket,
    region: readForApp(env, name, 'S3_REGION', parseRegion, 'ap-northeast-2')!,
    endpoint: readForApp(env, name, 'S3_ENDPOINT', parseUrl(['http:', 'https:'])),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: readForApp(env, name, 'S3_FORCE_PATH_STYLE', parseBoolean, 'false')!,
  };
}

/**
 * Default rate limits. Production's (and the tests') are the documents'; development's are a
 * hundred times looser (twenty for sign-in) so that a developer exploring the API is not locked out.
 */
function rateLimitDefaults(name: AppName, development: boolean) {
  if (development) return { login: '100/15minute', general: '10000/15minute', otp: '100/hour', fileUpload: '100/hour', aiChat: '300/hour' };
  // Per client address. A MIMO home sends every camera's heartbeat (one each 30 s) from one
  // router address besides people's own requests, so MIMO's default is ten times the others'.
  return { login: '5/15minute', general: name === 'mimo' ? '1000/15minute' : '100/15minute', otp: '20/hour', fileUpload: '10/hour', aiChat: '30/hour' };
}

function appConfig(env: Env, name: AppName, host: string, dataDir: string, development: boolean): AppConfig {
  const portKey = `${name.toUpperCase()}_PORT`;
  const port = read(env, portKey, parsePort, String(DEFAULT_PORTS[name]));
  const linkHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const oauth: AppConfig['oauth'] = {};
  for (const provider of OAUTH_PROVIDERS) {
    const prefix = provider.toUpperCase();
    const clientId = readForApp(env, name, `${prefix}_CLIENT_ID`, String);
    const clientSecret = readForApp(env, name, `${prefix}_CLIENT_SECRET`, String);
    if (clientId && clientSecret) oauth[provider] = { clientId, clientSecret };
    else if (clientId && provider !== 'google') problem(`${prefix}_CLIENT_SECRET`, `is required when ${prefix}_CLIENT_ID is set`);
    else if (clientId) oauth[provider] = { clientId, clientSecret: '' };
  }
  const limits = rateLimitDefaults(name, development);
  return {
    name,
    port,
    publicUrl: readForApp(env, name, 'PUBLIC_URL', parseUrl(['http:', 'https:']), `http://${linkHost}:${port}`)!,
    webUrl: readForApp(env, name, 'WEB_URL', parseUrl(['http:', 'https:'])),
    corsOrigins: readForApp(env, name, 'CORS_ORIGINS', parseList, '')!,
    rateLimits: {
      login: readForApp(env, name, 'RATE_LIMIT_LOGIN', parseRateLimit, limits.login)!,
      general: readForApp(env, name, 'RATE_LIMIT_GENERAL', parseRateLimit, limits.general)!,
      // SMS codes per client IP; each number has its own fixed limits besides (1 a minute, 5 an hour).
      otp: readForApp(env, name, 'RATE_LIMIT_OTP', parseRateLimit, limits.otp)!,
      // Uploads per signed-in user (MindPause's files routes).
      fileUpload: readForApp(env, name, 'RATE_LIMIT_FILE_UPLOAD', parseRateLimit, limits.fileUpload)!,
      // Messages to the AI counsellor per signed-in user (MindPause's chat routes).
      aiChat: readForApp(env, name, 'RATE_LIMIT_AI_CHAT', parseRateLimit, limits.aiChat)!,
      // Socket handshakes per client address, counted across nodes; a reconnecting phone makes a few.
      socketConnect: readForApp(env, name, 'RATE_LIMIT_SOCKET_CONNECT', parseRateLimit, '60/minute')!,
      // Events one socket may send, of every kind together.
      socketEvents: readForApp(env, name, 'RATE_LIMIT_SOCKET_EVENTS', parseRateLimit, '100/10second')!,
    },
    // MIMO's signalling carries SDP offers of up to 100 KB; chat messages need far less.
    socketMaxPayload: readForApp(env, name, 'SOCKET_MAX_PAYLOAD', parseSize, name === 'mimo' ? '128kb' : '64kb')!,
    oauth,
    storage: storageConfig(env, name, dataDir),
    uploadLimit: readForApp(env, name, 'UPLOAD_LIMIT', parseSize, '10mb')!,
  };
}

const SMS_SETTINGS = {
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'],
  solapi: ['SOLAPI_API_KEY', 'SOLAPI_API_SECRET', 'SOLAPI_SENDER'],
} as const;

/** SMS_PROVIDER, or the provider whose settings are given; each needs all three of its settings. */
function smsConfig(env: Env): SmsConfig {
  const otpTtlSec = read(env, 'OTP_TTL', parseDuration, '5m');
  const positive = (text: string) => {
    const count = Number(text);
    if (!Number.isInteger(count) || count < 1) throw new Error('expected a whole number, at least 1');
    return count;
  };
  const dailyLimits = { perUser: read(env, 'SMS_DAILY_LIMIT_PER_USER', positive, '10'), perNumber: read(env, 'SMS_DAILY_LIMIT_PER_NUMBER', positive, '10') };
  const given = (Object.keys(SMS_SETTINGS) as Array<keyof typeof SMS_SETTINGS>).filter((name) => env[SMS_SETTINGS[name][0]]?.trim());
  if (!env.SMS_PROVIDER?.trim() && given.length > 1) problem('SMS_PROVIDER', 'is required when both Twilio and Solapi settings are given');
  const provider = read(env, 'SMS_PROVIDER', parseEnum(['recording', 'twilio', 'solapi'] as const), given[0] ?? 'recording');
  if (provider === 'recording') return { provider, otpTtlSec, dailyLimits };
  const values = SMS_SETTINGS[provider].map((key) => {
    const value = read(env, key, String);
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
    twilio: { accountSid: first, authToken: second, phoneNumber: third, apiBaseUrl: read(env, 'TWILIO_API_BASE_URL', parseUrl(['http:', 'https:'])) },
  };
}

/** base64url of exactly `bytes` bytes. */
function parseKey(bytes: number) {
  return (text: string): string => {
    if (!/^[A-Za-z0-9_-]+$/.test(text) || Buffer.from(text, 'base64url').length !== bytes)
      throw new Error(`expected ${bytes} bytes in URL-safe base64 without padding`);
    return text;
  };
}

/** The browsers' push services: Chrome and Edge (FCM, WNS), Firefox (Mozilla autopush), Safari (Apple). */
const PUSH_SERVICES = 'fcm.googleapis.com,*.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com,*.push.apple.com';

/** Host names or `*.domain`, each on port 443 unless it names one (`host:8443`, `host:*` for any). */
function parseHostList(text: string): string[] {
  const hosts = text
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  for (const host of hosts)
    if (!/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:(\d{1,5}|\*))?$/.test(host))
      throw new Error(`"${host}" is not a host name or *.domain, with an optional :port`);
  if (!hosts.length) throw new Error('needs at least one host');
  return hosts;
}

/** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together (`npx web-push generate-vapid-keys`), or neither. */
function pushConfig(env: Env, mailFrom: string): Config['push'] {
  const publicKey = read(env, 'VAPID_PUBLIC_KEY', parseKey(65));
  const privateKey = read(env, 'VAPID_PRIVATE_KEY', parseKey(32));
  if (Boolean(publicKey) !== Boolean(privateKey))
    problem(publicKey ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY', `is required when ${publicKey ? 'VAPID_PUBLIC_KEY' : 'VAPID_PRIVATE_KEY'} is set`);
  // Push services want a way to reach the sender: by default the address emails come from.
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(mailFrom)?.[1] ?? (/^[^\s@]+@[^\s@]+$/.test(mailFrom) ? mailFrom : 'no-reply@madang.local');
  const subject = read(
    env,
    'VAPID_SUBJECT',
    (text) => {
      if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(text)) throw new Error('expected a mailto: address or an https: URL');
      return text;
    },
    `mailto:${address}`,
  );
  const allowedHosts = read(env, 'PUSH_SERVICE_HOSTS', parseHostList, PUSH_SERVICES);
  return { vapid: publicKey && privateKey ? { publicKey, privateKey } : undefined, subject, allowedHosts };
}

function parseIceUrls(schemes: string[]) {
  return (text: string): string[] => {
    if (text === 'none') return [];
    const urls = parseList(text);
    for (const url of urls) {
      if (!schemes.some((scheme) => url.startsWith(`${scheme}:`)) || /\s/.test(url)) throw new Error(`"${url}" is not a ${schemes.join(': or ')}: URL`);
    }
    return urls;
  };
}

/**
 * RTC_STUN_URLS ("none" for none); RTC_TURN_URLS with RTC_TURN_SECRET (the TURN server's
 * static-auth-secret) and RTC_TURN_TTL; MIMO_SIGNALLING_PORT.
 */
function rtcConfig(env: Env): RtcConfig {
  const stunUrls = read(env, 'RTC_STUN_URLS', parseIceUrls(['stun', 'stuns']), 'stun:stun.l.google.com:19302');
  const turnUrls = read(env, 'RTC_TURN_URLS', parseIceUrls(['turn', 'turns']));
  const secret = read(env, 'RTC_TURN_SECRET', (text) => {
    if (text.length < 16) throw new Error('must be at least 16 characters');
    return text;
  });
  const ttlSec = read(env, 'RTC_TURN_TTL', parseDuration, '86400');
  if (turnUrls?.length && !secret) problem('RTC_TURN_SECRET', 'is required when RTC_TURN_URLS is set');
  if (secret && !turnUrls?.length) problem('RTC_TURN_URLS', 'is required when RTC_TURN_SECRET is set');
  const signallingPort = read(env, 'MIMO_SIGNALLING_PORT', parsePort);
  return { stunUrls, turn: turnUrls?.length && secret ? { urls: turnUrls, secret, ttlSec } : undefined, signallingPort };
}

/**
 * Every setting, read from the environment once and validated. Secrets may be missing here;
 * `ensureSecrets` fills them in embedded mode and refuses to start without them in production.
 */
export function loadConfig(env: Env = process.env): Config {
  issues = [];
  try {
    const config = readConfig(env);
    if (issues.length) throw new ConfigError(issues);
    return config;
  } finally {
    issues = undefined;
  }
}

function readConfig(env: Env): Config {
  const nodeEnv = read(env, 'NODE_ENV', parseEnum(['development', 'production', 'test'] as const), 'development');
  const host = read(env, 'HOST', String, '127.0.0.1');
  const sentryDsn = read(env, 'SENTRY_DSN', parseUrl(['http:', 'https:']));
  const smtpHost = read(env, 'SMTP_HOST', String);
  const dataDir = resolve(read(env, 'DATA_DIR', String, './data'));
  const apps = Object.fromEntries(APP_NAMES.map((name) => [name, appConfig(env, name, host, dataDir, nodeEnv === 'development')])) as Record<
    AppName,
    AppConfig
  >;
  const s3Detail = S3_DETAILS.find((key) => env[key]?.trim());
  if (s3Detail && !APP_NAMES.some((name) => apps[name].storage.driver === 's3')) {
    problem('S3_BUCKET', `is required when ${s3Detail} is set (without a bucket, files stay under DATA_DIR)`);
  }
  return {
    env: nodeEnv,
    demoAccounts: demoAccounts(env, nodeEnv, host),
    host,
    dataDir,
    databaseUrl: read(env, 'DATABASE_URL', parseUrl(['postgres:', 'postgresql:'])),
    databasePoolSize: read(env, 'DATABASE_POOL_SIZE', (text) => Math.max(1, parsePort(text)), '10'),
    redisUrl: read(env, 'REDIS_URL', parseUrl(['redis:', 'rediss:'])),
    redisKeyPrefix: read(
      env,
      'REDIS_KEY_PREFIX',
      (text) => {
        if (!/^[\w.-]{1,64}$/.test(text)) throw new Error('expected letters, digits, ".", "_" or "-"');
        return text;
      },
      'madang',
    ),
    logLevel: read(env, 'LOG_LEVEL', parseEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), 'info'),
    trustProxy: read(env, 'TRUST_PROXY', parseBoolean, 'false'),
    bodyLimit: read(env, 'BODY_LIMIT', parseSize, '1mb'),
    ops: opsAccess(env),
    presenceGraceMs: read(env, 'PRESENCE_OFFLINE_GRACE', parseDuration, '2s') * 1000,
    auditRetentionMs: read(env, 'AUDIT_LOG_RETENTION', parseDuration, '365d') * 1000,
    migrateOnStart: read(env, 'MIGRATE_ON_START', parseBoolean, 'true'),
    shutdown: {
      drainDelayMs: read(env, 'SHUTDOWN_DRAIN_DELAY', (text) => parseMilliseconds(text, true), '0'),
      timeoutMs: read(env, 'SHUTDOWN_TIMEOUT', parseMilliseconds, '15s'),
    },
    jobs: { retryDelaySec: read(env, 'JOB_RETRY_DELAY', parseDuration, '5s'), pollIntervalSec: read(env, 'JOB_POLL_INTERVAL', parsePollInterval, '60s') },
    jwt: {
      secret: read(env, 'JWT_SECRET', parseSecret) ?? '',
      accessTtlSec: read(env, 'JWT_ACCESS_TTL', parseDuration, '15m'),
      refreshTtlSec: read(env, 'JWT_REFRESH_TTL', parseDuration, '30d'),
      reuseGraceSec: read(env, 'JWT_REFRESH_REUSE_GRACE', parseDuration, '10s'),
    },
    appSecret: read(env, 'APP_SECRET', parseSecret) ?? '',
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: read(env, 'SMTP_PORT', parsePort, '587'),
          secure: read(env, 'SMTP_SECURE', parseBoolean, 'false'),
          user: read(env, 'SMTP_USER', String),
          pass: read(env, 'SMTP_PASS', String),
        }
      : undefined,
    mailFrom: read(env, 'SMTP_FROM', String, 'Madang <no-reply@madang.local>'),
    sms: smsConfig(env),
    push: pushConfig(env, read(env, 'SMTP_FROM', String, 'Madang <no-reply@madang.local>')),
    ai: {
      apiKey: read(env, 'OPENAI_API_KEY', String),
      baseUrl: read(env, 'OPENAI_BASE_URL', parseUrl(['http:', 'https:'])),
      model: read(env, 'OPENAI_MODEL', String, 'gpt-4o-mini'),
      maxTokens: read(env, 'OPENAI_MAX_TOKENS', (text) => Math.max(16, parsePort(text)), '500'),
      timeoutMs: read(env, 'OPENAI_TIMEOUT', parseMilliseconds, '20s'),
      moderation: read(env, 'OPENAI_MODERATION', parseBoolean, 'true'),
      contextMessages: read(env, 'AI_CHAT_CONTEXT_MESSAGES', (text) => Math.max(2, parsePort(text)), '20'),
    },
    rtc: rtcConfig(env),
    sentry: sentryDsn
      ? {
          dsn: sentryDsn,
          release: read(env, 'SENTRY_RELEASE', String, `madang@${PACKAGE_VERSION}`),
          environment: read(env, 'SENTRY_ENVIRONMENT', String, nodeEnv),
        }
      : undefined,
    apps,
  };
}

/**
 * DEMO_ACCOUNTS: the demo accounts have passwords written in the README, so they are made only in
 * development, and by default only while the apps listen on a loopback address.
 */
function demoAccounts(env: Env, nodeEnv: Config['env'], host: string): boolean {
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  const wanted = read(env, 'DEMO_ACCOUNTS', parseBoolean, String(nodeEnv === 'development' && loopback));
  if (wanted && nodeEnv !== 'development') problem('DEMO_ACCOUNTS', `is for development only (NODE_ENV=${nodeEnv})`);
  return wanted;
}

/** OPS_TOKEN when given; otherwise production keeps the operators' endpoints to the deployment itself. */
function opsAccess(env: Env): OpsAccess {
  if (env.METRICS_TOKEN?.trim()) problem('METRICS_TOKEN', 'is now OPS_TOKEN, which guards /metrics, /docs and /api/health/db');
  const token = read(env, 'OPS_TOKEN', parseSecret);
  if (token) return { access: 'token', token };
  return read(env, 'NODE_ENV', String, 'development') === 'production' ? { access: 'internal' } : { access: 'public' };
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
