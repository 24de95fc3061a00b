import type { PasswordHashing } from '../platform/auth/password-cost';

/** The shape of the settings every part of the server reads (built by loadConfig from the table in settings.ts). */

export const APP_NAMES = ['fitmate', 'mindpause', 'mimo'] as const;
export type AppName = (typeof APP_NAMES)[number];

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
  /** argon2id's cost for passwords (PASSWORD_HASH_MEMORY in KiB, PASSWORD_HASH_PASSES). */
  passwordHashing: PasswordHashing;
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
