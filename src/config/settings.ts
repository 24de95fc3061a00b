import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { OWASP_HASHING } from '../platform/auth/password-cost';
import { fromRoot } from '../platform/root';
import * as is from './parsers';
import type { AppName } from './types';

type Env = Record<string, string | undefined>;

/** What a default that depends on other settings may look at. */
export interface DefaultContext {
  /** The app being read, for per-app settings (undefined for shared ones). */
  app: AppName | undefined;
  env: Env;
  /** Another setting's value (for this app, when per app); only settings read before this one. */
  read(name: string): unknown;
}

export interface Setting {
  group: GroupName;
  /** Parses the variable's trimmed, non-empty text. */
  schema: z.ZodType;
  /** Used when the variable is unset or blank; `text` describes a default worked out from other settings. */
  default?: string | { text: string; value: (context: DefaultContext) => string };
  /**
   * 'also': FITMATE_X, MINDPAUSE_X or MIMO_X overrides X for that app; 'only': each app has its own
   * FITMATE_X, MINDPAUSE_X, MIMO_X and there is no shared X.
   */
  perApp?: 'also' | 'only';
  /** A credential: .env.example never shows a value for it. */
  secret?: true;
  /** An illustrative value for .env.example, where there is no plain default to show. */
  example?: string;
  description: string;
}

/** .env.example's sections, in order, with what applies to the whole section (paragraphs, wrapped when written). */
export const GROUPS = {
  runtime: { title: 'Runtime', note: [] },
  sentry: {
    title: 'Error reporting (Sentry)',
    note: ['Unexpected request failures and uncaught exceptions, with the user id only. Nothing is sent without a DSN.'],
  },
  stores: { title: 'Stores', note: [] },
  realtime: { title: 'Real time', note: [] },
  jobs: { title: "Jobs (pg-boss on the app's own database)", note: [] },
  tokens: { title: 'Tokens', note: [] },
  rateLimits: {
    title: 'Rate limits (count/[n]unit: second, minute, hour, day)',
    note: [
      'The values shown are the production (and test) defaults; in development each default is generous instead (login 100/15minute, ' +
        'general 10000/15minute, OTP and uploads 100/hour, AI chat 300/hour) so that exploring the API never locks a developer out. ' +
        'A value set here wins in any mode.',
    ],
  },
  ai: {
    title: 'AI counselling (MindPause)',
    note: [
      'An OpenAI-compatible chat API. Without OPENAI_API_KEY a built-in supportive responder answers (and the safety rules still apply). ' +
        'A local server that needs no key takes any placeholder.',
    ],
  },
  web: { title: 'Web', note: [] },
  files: {
    title: "Files (FitMate's avatars; MindPause's and MIMO's files later)",
    note: [
      'Without S3_BUCKET, each app keeps its files under DATA_DIR/files/<app> and serves them at {APP}_PUBLIC_URL/files/<key> ' +
        'through signed URLs that expire (HMAC keyed by APP_SECRET). With a bucket, clients get presigned S3 URLs; ' +
        "each app's keys start with its name (fitmate/…), so the apps may share a bucket, and an app without a bucket keeps its files under DATA_DIR.",
    ],
  },
  email: {
    title: 'Email (nodemailer over SMTP)',
    note: ['Without SMTP_HOST, emails are recorded in the database (see `npm run cli -- outbox --channel email`) and their envelope is logged.'],
  },
  push: {
    title: 'Web push (VAPID)',
    note: [
      'Both keys or neither (`npx web-push generate-vapid-keys`); without them each app generates a pair on first start ' +
        'and keeps it in its database, shared by every node.',
    ],
  },
  sms: {
    title: 'SMS',
    note: [
      "Without a provider, messages are recorded in each app's sms_logs table (status sent, provider recording) " +
        'and logged with the number masked. Each send is a job retried with backoff.',
    ],
  },
  rtc: { title: "WebRTC (MIMO's live view)", note: [] },
  oauth: {
    title: 'Sign-in with providers',
    note: [
      'Redirect URIs to register with each provider:',
      '  FitMate   {FITMATE_PUBLIC_URL}/login/oauth2/code/{google|kakao|naver}',
      '  MindPause {MINDPAUSE_PUBLIC_URL}/api/v1/auth/{google|kakao}/callback',
      'MIMO signs in with Google ID tokens from the app and needs only GOOGLE_CLIENT_ID.',
    ],
  },
} as const satisfies Record<string, { title: string; note: readonly string[] }>;
export type GroupName = keyof typeof GROUPS;

const PACKAGE_VERSION = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
const DEFAULT_PORTS: Record<AppName, string> = { fitmate: '8080', mindpause: '8000', mimo: '4001' };

/** The browsers' push services: Chrome and Edge (FCM, WNS), Firefox (Mozilla autopush), Safari (Apple). */
const PUSH_SERVICES = 'fcm.googleapis.com,*.push.services.mozilla.com,*.notify.windows.com,web.push.apple.com,*.push.apple.com';

/** Each SMS provider's three settings, in the order SMS_PROVIDER's default prefers the providers. */
export const SMS_PROVIDER_SETTINGS = {
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'],
  solapi: ['SOLAPI_API_KEY', 'SOLAPI_API_SECRET', 'SOLAPI_SENDER'],
} as const;
/** The providers whose first setting is given. */
export const givenSmsProviders = (env: Env) =>
  (Object.keys(SMS_PROVIDER_SETTINGS) as Array<keyof typeof SMS_PROVIDER_SETTINGS>).filter((name) => env[SMS_PROVIDER_SETTINGS[name][0]]?.trim());

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/**
 * Rate limit defaults. Production's (and the tests') are the documents'; development's are a
 * hundred times looser (twenty for sign-in) so that a developer exploring the API is not locked out.
 * Per client address: a MIMO home sends every camera's heartbeat (one each 30 s) from one router
 * address besides people's own requests, so MIMO's general default is ten times the others'.
 */
function rateLimitDefault(production: string, development: string, mimo = production) {
  return {
    text: `${production === mimo ? production : `${production} (MIMO ${mimo})`}; ${development} in development`,
    value: ({ app, read }: DefaultContext) => (read('NODE_ENV') === 'development' ? development : app === 'mimo' ? mimo : production),
  };
}

/**
 * Every environment variable the server reads, once. A variable missing here is not read; one
 * here is listed in .env.example (`npm run config:example` writes it from this table).
 */
export const SETTINGS = {
  // --- Runtime
  NODE_ENV: {
    group: 'runtime',
    schema: is.oneOf(['development', 'production', 'test']),
    default: 'development',
    description: 'development | production | test. In production, missing secrets stop start-up.',
  },
  HOST: { group: 'runtime', schema: is.text, default: '127.0.0.1', description: 'Address the three apps listen on.' },
  DEMO_ACCOUNTS: {
    group: 'runtime',
    schema: is.boolean,
    default: {
      text: 'true in development on a loopback HOST, false otherwise',
      // The demo accounts have passwords written in the README.
      value: ({ read }) => String(read('NODE_ENV') === 'development' && isLoopback(String(read('HOST')))),
    },
    example: 'true',
    description: 'Make the demo user and admin of the README (fixed passwords) on start; refused outside development.',
  },
  PORT: {
    group: 'runtime',
    schema: is.port,
    perApp: 'only',
    default: { text: 'FitMate 8080, MindPause 8000, MIMO 4001', value: ({ app }) => DEFAULT_PORTS[app!] },
    description: "The app's port.",
  },
  DATA_DIR: {
    group: 'runtime',
    schema: is.text,
    default: './data',
    description: 'Where PGlite keeps its files and where generated secrets are kept (secrets.json).',
  },
  LOG_LEVEL: {
    group: 'runtime',
    schema: is.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'fatal | error | warn | info | debug | trace | silent',
  },
  TRUST_PROXY: {
    group: 'runtime',
    schema: is.boolean,
    default: 'false',
    description: 'Set to true behind a reverse proxy so client IPs (rate limits, logs) come from X-Forwarded-For.',
  },
  BODY_LIMIT: { group: 'runtime', schema: is.size, default: '1mb', description: 'Largest request body accepted (b, kb, mb); bigger ones get 413.' },
  OPS_TOKEN: {
    group: 'runtime',
    schema: is.secret,
    secret: true,
    description:
      'With it (at least 32 characters), GET /metrics, /docs and /api/health/db answer only "Authorization: Bearer <OPS_TOKEN>" (401 otherwise). ' +
      'Without it they are open in development and test; with NODE_ENV=production they answer only requests from inside the deployment ' +
      '(a loopback or private address, not relayed by a proxy) and 404 to others. GET /health stays open for load balancers.',
  },
  MIGRATE_ON_START: {
    group: 'runtime',
    schema: is.boolean,
    default: 'true',
    description:
      'Apply pending migrations when a node starts. Set false where nodes start together (Cloud Run, compose) and run ' +
      '`npm run cli -- migrate` once per release; a node then refuses to start while any is pending.',
  },
  SHUTDOWN_DRAIN_DELAY: {
    group: 'runtime',
    schema: is.milliseconds({ zero: true }),
    default: '0',
    description: 'On SIGTERM: how long a node keeps serving (readiness failing, connections closing) so the load balancer moves traffic away.',
  },
  SHUTDOWN_TIMEOUT: {
    group: 'runtime',
    schema: is.milliseconds(),
    default: '15s',
    description: 'Then how long requests, sockets and jobs in flight may take before the node is forced out.',
  },
  AUDIT_LOG_RETENTION: {
    group: 'runtime',
    schema: is.duration,
    default: '365d',
    description: 'How long audit log entries are kept; the midnight clean-up removes older ones.',
  },

  // --- Error reporting
  SENTRY_DSN: { group: 'sentry', schema: is.httpUrl, example: 'https://<key>@o0.ingest.sentry.io/<project>', description: "The Sentry project's DSN." },
  SENTRY_RELEASE: {
    group: 'sentry',
    schema: is.text,
    default: { text: 'madang@<package version>', value: () => `madang@${PACKAGE_VERSION}` },
    description: 'Set it to the commit or tag being deployed.',
  },
  SENTRY_ENVIRONMENT: {
    group: 'sentry',
    schema: is.text,
    default: { text: 'NODE_ENV', value: ({ read }) => String(read('NODE_ENV')) },
    example: 'production',
    description: 'The environment reports are filed under.',
  },

  // --- Stores
  DATABASE_URL: {
    group: 'stores',
    schema: is.url(['postgres:', 'postgresql:']),
    example: 'postgresql://postgres@127.0.0.1:5432/madang',
    description: 'PostgreSQL instead of PGlite. Each app keeps its tables in its own schema (fitmate, mindpause, mimo).',
  },
  DATABASE_POOL_SIZE: { group: 'stores', schema: is.atLeast(1), default: '10', description: 'Connections each app may open to PostgreSQL.' },
  REDIS_URL: {
    group: 'stores',
    schema: is.url(['redis:', 'rediss:']),
    example: 'redis://127.0.0.1:6379',
    description: 'Redis instead of the in-process cache; needed for rate limits, sessions and sockets across several nodes.',
  },
  REDIS_KEY_PREFIX: {
    group: 'stores',
    schema: is.text.regex(/^[\w.-]{1,64}$/, { error: 'expected letters, digits, ".", "_" or "-"' }),
    default: 'madang',
    description: 'Every key Madang writes to Redis starts with this, so several deployments can share one Redis.',
  },

  // --- Real time
  PRESENCE_OFFLINE_GRACE: {
    group: 'realtime',
    schema: is.duration,
    default: '2s',
    description: 'How long a user whose last socket closed stays online (a page reload must not flap presence).',
  },
  RATE_LIMIT_SOCKET_CONNECT: {
    group: 'realtime',
    schema: is.rateLimit,
    perApp: 'also',
    default: '60/minute',
    description: 'Socket handshakes per client address (count/[n]unit), counted across nodes in the cache.',
  },
  RATE_LIMIT_SOCKET_EVENTS: {
    group: 'realtime',
    schema: is.rateLimit,
    perApp: 'also',
    default: '100/10second',
    description: 'Events one socket may send, all kinds together; beyond them each is refused with an error event.',
  },
  SOCKET_MAX_PAYLOAD: {
    group: 'realtime',
    schema: is.size,
    perApp: 'also',
    // MIMO's signalling carries SDP offers of up to 100 KB; chat messages need far less.
    default: { text: '64kb; MIMO 128kb', value: ({ app }) => (app === 'mimo' ? '128kb' : '64kb') },
    example: '64kb',
    description: 'Largest payload of one socket event (b, kb, mb); larger ones are refused with an error event.',
  },

  // --- Jobs
  JOB_RETRY_DELAY: {
    group: 'jobs',
    schema: is.duration,
    default: '5s',
    description: "Delay before a failed job's first retry; doubled for each further retry.",
  },
  JOB_POLL_INTERVAL: {
    group: 'jobs',
    schema: is.pollInterval,
    default: '60s',
    description:
      'How often an idle worker asks for work anyway (at least 0.5s). A job sent on this node wakes its worker at once, ' +
      'a failed try at its retry time, a scheduled job at its minute: this is the safety net for jobs sent by other nodes.',
  },

  // --- Tokens
  JWT_SECRET: {
    group: 'tokens',
    schema: is.secret,
    secret: true,
    description: 'Signs access tokens (each app derives its own key). At least 32 characters. Generated if unset, except in production.',
  },
  APP_SECRET: {
    group: 'tokens',
    schema: is.secret,
    secret: true,
    description: 'Keys email codes, signed file URLs and other server-side MACs. At least 32 characters. Generated if unset, except in production.',
  },
  JWT_ACCESS_TTL: { group: 'tokens', schema: is.duration, default: '15m', description: 'Access token life (s, m, h, d).' },
  JWT_REFRESH_TTL: {
    group: 'tokens',
    schema: is.duration,
    default: '30d',
    description: 'Refresh token life; every use rotates it and starts this period again.',
  },
  JWT_REFRESH_REUSE_GRACE: {
    group: 'tokens',
    schema: is.duration,
    default: '10s',
    description:
      'How long a just-rotated refresh token is still accepted (two tabs refreshing at once); after that, presenting it again ends the whole session.',
  },

  PASSWORD_HASH_MEMORY: {
    group: 'tokens',
    schema: is.atLeast(8),
    default: String(OWASP_HASHING.memoryCost),
    description:
      "argon2id's memory per password hash, in KiB (passwords and MIMO's app-lock PINs). With PASSWORD_HASH_PASSES, OWASP's first " +
      "recommendation by default; raise either on a stronger server. Below OWASP's least (7 MiB, and memory × passes ≥ 35,840) only with NODE_ENV=test. " +
      'Hashes keep their own cost: a change applies to passwords set afterwards.',
  },
  PASSWORD_HASH_PASSES: {
    group: 'tokens',
    schema: is.atLeast(1),
    default: String(OWASP_HASHING.timeCost),
    description: "argon2id's passes over that memory per password hash.",
  },

  // --- Rate limits
  RATE_LIMIT_LOGIN: {
    group: 'rateLimits',
    schema: is.rateLimit,
    perApp: 'also',
    default: rateLimitDefault('5/15minute', '100/15minute'),
    example: '5/15minute',
    description: 'Sign-in attempts, per IP and per email address (also password re-checks and reset requests).',
  },
  RATE_LIMIT_GENERAL: {
    group: 'rateLimits',
    schema: is.rateLimit,
    perApp: 'also',
    default: rateLimitDefault('100/15minute', '10000/15minute', '1000/15minute'),
    example: '100/15minute',
    description: 'All routes except /health, /metrics and /docs, per IP.',
  },
  RATE_LIMIT_OTP: {
    group: 'rateLimits',
    schema: is.rateLimit,
    perApp: 'also',
    default: rateLimitDefault('20/hour', '100/hour'),
    example: '20/hour',
    description: 'SMS codes (POST /sms/request-otp) per IP, whatever the numbers. Each number also gets at most one code a minute and five an hour.',
  },
  RATE_LIMIT_FILE_UPLOAD: {
    group: 'rateLimits',
    schema: is.rateLimit,
    perApp: 'also',
    default: rateLimitDefault('10/hour', '100/hour'),
    example: '10/hour',
    description: 'File uploads (MindPause POST /api/v1/files/upload/*) per signed-in user.',
  },
  RATE_LIMIT_AI_CHAT: {
    group: 'rateLimits',
    schema: is.rateLimit,
    perApp: 'also',
    default: rateLimitDefault('30/hour', '300/hour'),
    example: '30/hour',
    description: "Messages to MindPause's AI counsellor (POST /api/v1/chat/conversations/{id}/messages) per signed-in user.",
  },

  // --- AI counselling
  OPENAI_API_KEY: { group: 'ai', schema: is.text, secret: true, description: "The provider's API key." },
  OPENAI_BASE_URL: {
    group: 'ai',
    schema: is.httpUrl,
    example: 'https://api.openai.com/v1',
    description: "Default https://api.openai.com/v1; any compatible server (vLLM, Ollama's /v1, Azure-style proxies).",
  },
  OPENAI_MODEL: { group: 'ai', schema: is.text, default: 'gpt-4o-mini', description: 'The model asked.' },
  OPENAI_MAX_TOKENS: { group: 'ai', schema: is.atLeast(16), default: '500', description: 'Longest reply, in tokens.' },
  OPENAI_TIMEOUT: {
    group: 'ai',
    schema: is.milliseconds(),
    default: '20s',
    description: 'Give up on the provider after this long without a byte (ms, s or m); the built-in responder answers.',
  },
  OPENAI_MODERATION: {
    group: 'ai',
    schema: is.boolean,
    default: 'true',
    description: "Also check messages and replies with the provider's /moderations endpoint (the rules always run).",
  },
  AI_CHAT_CONTEXT_MESSAGES: {
    group: 'ai',
    schema: is.atLeast(2),
    default: '20',
    description: "How many recent messages go to the model; older ones are folded into the conversation's summary.",
  },

  // --- Web
  CORS_ORIGINS: {
    group: 'web',
    schema: is.list,
    perApp: 'also',
    default: '',
    example: 'http://localhost:5173,https://mindpause.com',
    description: 'Browser origins allowed by CORS, comma-separated.',
  },
  PUBLIC_URL: {
    group: 'web',
    schema: is.httpUrl,
    perApp: 'also',
    default: {
      text: 'http://HOST:PORT (localhost for 0.0.0.0 and ::)',
      value: ({ read }) => {
        const host = String(read('HOST'));
        return `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${String(read('PORT'))}`;
      },
    },
    description: 'Where an app is reached from outside (so set it per app); OAuth redirect URIs and links in emails start here.',
  },
  WEB_URL: {
    group: 'web',
    schema: is.httpUrl,
    perApp: 'also',
    description:
      "Each app's web front end page that receives the tokens after a provider sign-in, in the URL fragment (#accessToken=…&refreshToken=…). " +
      'Without it the callback answers JSON.',
  },

  // --- Files
  UPLOAD_LIMIT: {
    group: 'files',
    schema: is.size,
    perApp: 'also',
    default: '10mb',
    description: 'Largest file a multipart upload may carry (b, kb, mb); bigger ones get 413. A route may allow less (FitMate avatars: 5mb).',
  },
  S3_BUCKET: {
    group: 'files',
    // S3's naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, not shaped like an IP.
    schema: is.text.refine((name) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name), {
      error: 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." or "-"',
    }),
    perApp: 'also',
    example: 'madang-files',
    description: 'S3 or an S3-compatible service instead of DATA_DIR; clients then get presigned S3 URLs.',
  },
  S3_REGION: {
    group: 'files',
    schema: is.text.regex(/^[a-z0-9-]{2,32}$/, { error: 'expected a region such as "ap-northeast-2"' }),
    perApp: 'also',
    default: 'ap-northeast-2',
    description: "The bucket's region.",
  },
  S3_ENDPOINT: {
    group: 'files',
    schema: is.httpUrl,
    perApp: 'also',
    example: 'https://kr.object.ncloudstorage.com',
    description: 'For S3-compatible services (MinIO, Cloudflare R2, NCP Object Storage …); leave unset for AWS S3.',
  },
  S3_ACCESS_KEY_ID: {
    group: 'files',
    schema: is.text,
    perApp: 'also',
    description:
      'With S3_SECRET_ACCESS_KEY, both or neither. Without them the AWS SDK finds credentials itself (AWS_ACCESS_KEY_ID and ' +
      'AWS_SECRET_ACCESS_KEY, a shared profile, an instance or task role).',
  },
  S3_SECRET_ACCESS_KEY: { group: 'files', schema: is.text, perApp: 'also', secret: true, description: 'With S3_ACCESS_KEY_ID.' },
  S3_FORCE_PATH_STYLE: {
    group: 'files',
    schema: is.boolean,
    perApp: 'also',
    default: 'false',
    description: 'true for services that want https://endpoint/bucket/key (MinIO); false uses https://bucket.endpoint/key.',
  },

  // --- Email
  SMTP_HOST: { group: 'email', schema: is.text, example: 'smtp.example.com', description: 'The SMTP server; the other SMTP_ settings apply only with it.' },
  SMTP_PORT: { group: 'email', schema: is.port, default: '587', description: 'Its port.' },
  SMTP_SECURE: {
    group: 'email',
    schema: is.boolean,
    default: 'false',
    description: 'true for implicit TLS (port 465); STARTTLS is used on 587 when the server offers it.',
  },
  SMTP_USER: { group: 'email', schema: is.text, description: 'The SMTP account, when the server wants one.' },
  SMTP_PASS: { group: 'email', schema: is.text, secret: true, description: "The SMTP account's password." },
  SMTP_FROM: { group: 'email', schema: is.text, default: 'Madang <no-reply@madang.local>', description: 'The sender of every email.' },

  // --- Web push
  VAPID_PUBLIC_KEY: { group: 'push', schema: is.key(65), description: 'The public key, 65 bytes in URL-safe base64.' },
  VAPID_PRIVATE_KEY: { group: 'push', schema: is.key(32), secret: true, description: 'The private key, 32 bytes in URL-safe base64.' },
  VAPID_SUBJECT: {
    group: 'push',
    schema: is.text.regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, { error: 'expected a mailto: address or an https: URL' }),
    default: {
      text: 'mailto: and the SMTP_FROM address',
      // Push services want a way to reach the sender: by default the address emails come from.
      value: ({ read }) => {
        const from = String(read('SMTP_FROM'));
        return `mailto:${/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? (/^[^\s@]+@[^\s@]+$/.test(from) ? from : 'no-reply@madang.local')}`;
      },
    },
    example: 'mailto:admin@madang.example',
    description: 'How push services reach the sender: mailto: or https:.',
  },
  PUSH_SERVICE_HOSTS: {
    group: 'push',
    schema: is.hostList,
    default: PUSH_SERVICES,
    description:
      'Hosts subscriptions may point at (*.domain for subdomains), on port 443 unless one is named (host:8443; host:* for any port, ' +
      "for a local test service); the browsers' push services by default.",
  },

  // --- SMS
  SMS_PROVIDER: {
    group: 'sms',
    schema: is.oneOf(['recording', 'twilio', 'solapi']),
    default: { text: 'the provider whose settings are given, else recording', value: ({ env }) => givenSmsProviders(env)[0] ?? 'recording' },
    example: 'twilio',
    description: 'recording | twilio | solapi. Each provider needs all three of its settings.',
  },
  TWILIO_ACCOUNT_SID: {
    group: 'sms',
    schema: is.text,
    example: 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    description: 'Twilio: AC followed by 32 hexadecimal digits.',
  },
  TWILIO_AUTH_TOKEN: { group: 'sms', schema: is.text, secret: true, description: "Twilio's auth token." },
  TWILIO_PHONE_NUMBER: {
    group: 'sms',
    schema: is.text,
    example: '+15005550006',
    description: 'Twilio: the sender, an E.164 number (or a messaging service SID, MG…).',
  },
  TWILIO_API_BASE_URL: {
    group: 'sms',
    schema: is.httpUrl,
    example: 'https://api.twilio.com',
    description: 'Where the Twilio SDK sends requests; only for tests and proxies.',
  },
  SOLAPI_API_KEY: { group: 'sms', schema: is.text, description: 'Solapi (Korean provider): the API key.' },
  SOLAPI_API_SECRET: { group: 'sms', schema: is.text, secret: true, description: "Solapi's API secret." },
  SOLAPI_SENDER: { group: 'sms', schema: is.text, example: '0212345678', description: 'Solapi: a sender number registered with Solapi (발신번호).' },
  SMS_DAILY_LIMIT_PER_USER: {
    group: 'sms',
    schema: is.positiveCount,
    default: '10',
    description:
      'Messages for an account (notifications, reminders) go only to the number it verified with an SMS code: at most this many a Seoul day per account; ' +
      'beyond it nothing is sent (a code request is answered 429).',
  },
  SMS_DAILY_LIMIT_PER_NUMBER: {
    group: 'sms',
    schema: is.positiveCount,
    default: '10',
    description: 'And at most this many a Seoul day per number (codes and staff messages count too).',
  },
  OTP_TTL: { group: 'sms', schema: is.duration, default: '5m', description: 'How long an SMS verification code lives (s, m, h).' },

  // --- WebRTC
  RTC_STUN_URLS: {
    group: 'rtc',
    schema: is.iceUrls(['stun', 'stuns']),
    default: 'stun:stun.l.google.com:19302',
    description: 'STUN servers for the live view, comma-separated; "none" for none.',
  },
  RTC_TURN_URLS: {
    group: 'rtc',
    schema: is.iceUrls(['turn', 'turns']),
    example: 'turn:turn.example.com:3478',
    description: 'TURN servers, with RTC_TURN_SECRET; clients get time-limited credentials (the TURN REST API scheme).',
  },
  RTC_TURN_SECRET: {
    group: 'rtc',
    schema: is.text.min(16, { error: 'must be at least 16 characters' }),
    secret: true,
    description: "The TURN server's static-auth-secret, at least 16 characters.",
  },
  RTC_TURN_TTL: { group: 'rtc', schema: is.duration, default: '86400', description: 'How long TURN credentials last.' },
  MIMO_SIGNALLING_PORT: {
    group: 'rtc',
    schema: is.port,
    example: '8080',
    description:
      "A second port for MIMO's plain signalling WebSocket (also at ws://<host>:MIMO_PORT/). The MIMO app opens ws://<host>:8080/, " +
      'so a deployment serving that app as it is sets 8080 (and moves FITMATE_PORT, or runs MIMO alone). Off when unset.',
  },

  // --- Sign-in with providers
  GOOGLE_CLIENT_ID: { group: 'oauth', schema: is.text, perApp: 'also', description: 'Google: the OAuth client id (alone it is enough for MIMO).' },
  GOOGLE_CLIENT_SECRET: { group: 'oauth', schema: is.text, perApp: 'also', secret: true, description: "Google: the client's secret." },
  KAKAO_CLIENT_ID: { group: 'oauth', schema: is.text, perApp: 'also', description: 'Kakao: the REST API key.' },
  KAKAO_CLIENT_SECRET: { group: 'oauth', schema: is.text, perApp: 'also', secret: true, description: "Kakao: the client's secret." },
  NAVER_CLIENT_ID: { group: 'oauth', schema: is.text, perApp: 'also', description: 'Naver: the client id.' },
  NAVER_CLIENT_SECRET: { group: 'oauth', schema: is.text, perApp: 'also', secret: true, description: "Naver: the client's secret." },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** Variables that were renamed: start-up says what replaced them rather than ignoring them. */
export const RETIRED_SETTINGS = {
  METRICS_TOKEN: 'is now OPS_TOKEN, which guards /metrics, /docs and /api/health/db',
} as const;
