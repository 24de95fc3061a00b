import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig, AppName, Config } from '../config';
import { AuditLog } from './audit/audit-log';
import { registerAuditRoutes } from './audit/routes';
import type { AuditLogTable } from './audit/table';
import { type IdentityOptions, Identity } from './auth/identity';
import { platformTables } from './auth/tables';
import { type Cache, scopedCache } from './cache';
import { type Database, appMigrationsFolder } from './db/database';
import type { Envelope } from './http/envelope';
import { Draining, registerHealth } from './http/health';
import { appMessages } from './http/i18n';
import { type Router, createRouter } from './http/router';
import { DeviceAuth } from './auth/devices';
import { createHttpServer } from './http/server';
import { type Mailer, createMailer } from './notify/email/mailer';
import type { EmailMessagesTable } from './notify/email/table';
import { type WebPush, createChannels } from './notify/channels';
import { type ChannelSwitches, Inbox } from './notify/inbox/inbox';
import type { NotificationTables } from './notify/tables';
import { Jobs } from './jobs/jobs';
import type { JobMap } from './jobs/types';
import { FeatureHost } from './feature';
import { Sms, type SmsLogsTable, createSmsProvider } from './notify/sms';
import { registerJobRoutes } from './jobs/routes';
import { type CleanupStep, defineDailyCleanup, platformCleanup } from './jobs/cleanup';
import { registerPushRoutes } from './notify/push/routes';
import { type EventsMap, Gateway } from './realtime/gateway';
import type { SocketErrors } from './realtime/socket-guard';
import { type Storage, LocalStorage, createStorage } from './storage';
import { registerFileRoutes } from './storage/routes';
import { registerPlatformAdminRoutes } from './admin/routes';
import type { SuspensionsTable } from './admin/table';
import { UserAdmin } from './admin/users';
import { serveConsoleCounters } from './realtime/console';
import { type SiteSpec, SiteStatus, registerSite } from './site';

/** What the platform hands an app when it starts it. */
export interface AppContext {
  config: Config;
  app: AppConfig;
  database: Database;
  /** Shared cache; `createAppCore` scopes it to the app. */
  cache: Cache;
  logger: Logger;
}

/** An app as main.ts sees it: its name, its schema and migrations, and how to build it. */
export interface AppModule {
  name: AppName;
  schema: string;
  migrationsFolder: string;
  build(ctx: AppContext): Promise<BuiltApp>;
}

export interface BuiltApp {
  /** Where the app's API lives: `/api`, MindPause `/api/v1`. */
  apiPrefix: string;
  http: FastifyInstance;
  /**
   * Starts draining (SIGTERM): readiness fails, answers close their connections, new sockets are
   * refused. Closing `http` then ends the sockets, finishes requests and jobs in flight.
   */
  drain(): void;
  identity: Identity;
  storage: Storage;
  gateway: Gateway;
  notifications: Inbox;
  jobs: Jobs;
  sms: Sms;
}

/**
 * What an app names at its seam with the platform, so that a mistyped name is a compile error:
 * its jobs (name → data), its notification types (its `notification_type` enum), and the events
 * of its sockets (Socket.IO event maps, name → listener; any event while an app names none).
 */
export interface AppTypes {
  jobs: JobMap;
  notifications: string;
  /** What the app's server sends its sockets (the platform's own events, such as notifications, go besides). */
  serverEvents?: EventsMap;
  /** What the app's sockets may send it: `gateway.listener(socket).on` and `socket.on` take only these. */
  clientEvents?: EventsMap;
}

/** The app's gateway, typed by its socket events. */
export type AppGateway<T extends AppTypes> = Gateway<NonNullable<T['serverEvents']>, NonNullable<T['clientEvents']>>;

export interface AppSpec<T extends AppTypes = AppTypes> {
  name: AppName;
  /** The app's schema module: its users, identity and email tables among the rest. */
  schema: {
    users: unknown;
    userRoles: unknown;
    emailMessages: EmailMessagesTable;
    notifications: unknown;
    notificationDeliveries: unknown;
    notificationType: unknown;
    notificationPriority: unknown;
    smsLogs: unknown;
    pushSubscriptions: unknown;
    platformSettings: unknown;
    userSuspensions: unknown;
    auditLog: AuditLogTable;
  };
  title: string;
  description: string;
  /** How the app names itself to people, in emails and on its pages. */
  displayName: string;
  /** Its landing page, its page for people and its own console sections. */
  site: SiteSpec;
  /** What the app's answers call a user's display name (MindPause: `nickname`); `name` by default. */
  userNameField?: string;
  envelope: Envelope;
  oauthCallbackPath?: IdentityOptions['oauthCallbackPath'];
  providerColumns?: IdentityOptions['providerColumns'];
  /** The notification channels a user has switched on, from wherever the app keeps them. */
  notificationSwitches(db: Database['db'], userId: number): Promise<ChannelSwitches | undefined>;
  /** The phone number the account proved with an SMS code; an app that proves none sends no SMS to accounts. */
  verifiedPhone?(db: Database['db'], userId: number): Promise<string | null | undefined>;
  /** Where the app's API lives (`/api`, MindPause `/api/v1`): the platform's own routes go under it. */
  apiPrefix: string;
  /**
   * How a socket is told one of its events was refused: the event (`error` unless the app names
   * another) and what the error holds (all of SocketFailure unless the app keeps less).
   */
  socketErrors?: Partial<Pick<SocketErrors, 'event' | 'body'>>;
  /** Adds the app's features, in order: `app.add(feature, uses)`. */
  features(app: FeatureHost<T>): void;
}

export interface AppCore<T extends AppTypes = AppTypes> {
  /** The app's API prefix (`/api`, `/api/v1`). */
  apiPrefix: string;
  http: FastifyInstance;
  router: Router;
  identity: Identity;
  mailer: Mailer;
  cache: Cache;
  /** The app's files: local disk (served by its /files route) or S3. */
  storage: Storage;
  /** Socket.IO on the app's port: sockets signed in with the app's access tokens, typed by the app's socket events. */
  gateway: AppGateway<T>;
  /** How the app's devices (MIMO's cameras) prove who they are, on HTTP and sockets alike: `devices.use(verify)`. */
  devices: DeviceAuth;
  /** The app's notification inbox; `notify` raises one for a user. */
  notifications: Inbox<T['notifications']>;
  /** Durable jobs and cron (pg-boss): define them while the app is built. */
  jobs: Jobs<T['jobs']>;
  /** What the midnight clean-up job does; an app pushes its own steps. */
  cleanup: CleanupStep[];
  /** Browser push subscriptions and the VAPID key pair (routes under the API prefix). */
  push: WebPush;
  /** Text messages: each send is logged and goes out through a job (provider from SMS_PROVIDER). */
  sms: Sms;
  /** The append-only audit log: security-relevant actions (admin routes are audited by the router). */
  audit: AuditLog;
  /** Set when the node starts going away; readiness then fails. */
  draining: Draining;
}

/** An app module from what is particular to the app; the platform supplies the rest. */
export function defineApp<T extends AppTypes>(spec: AppSpec<T>): AppModule {
  return {
    name: spec.name,
    schema: spec.name,
    migrationsFolder: appMigrationsFolder(spec.name),
    async build(ctx) {
      const core = await createAppCore<T>(ctx, spec);
      spec.features(new FeatureHost(core, ctx, spec.schema));
      registerJobRoutes(core.router, core.jobs, spec.apiPrefix);
      registerAuditRoutes(core.router, { audit: core.audit, identity: core.identity, prefix: spec.apiPrefix });
      registerPushRoutes(core.router, spec.apiPrefix, {
        subscriptions: core.push.subscriptions,
        vapidPublicKey: core.push.vapid.publicKey,
        allowedHosts: ctx.config.push.allowedHosts,
        tags: ['push'],
      });
      registerOperatorSite(core, ctx, spec);
      const { http, identity, storage, gateway, notifications, jobs, sms, draining } = core;
      return { apiPrefix: spec.apiPrefix, http, identity, storage, gateway, notifications, jobs, sms, drain: () => draining.begin() };
    },
  };
}

/** The landing page and status, the console with its platform-wide admin API and live counters, the page for people. */
function registerOperatorSite<T extends AppTypes>(core: AppCore<T>, ctx: AppContext, spec: AppSpec<T>) {
  const tables = platformTables(spec.schema);
  const userSuspensions = spec.schema.userSuspensions as SuspensionsTable;
  const users = new UserAdmin(ctx.database.db, { ...tables, userSuspensions }, core.identity, core.gateway);
  registerPlatformAdminRoutes(core.router, {
    prefix: spec.apiPrefix,
    users,
    nameField: spec.userNameField ?? 'name',
    roles: core.identity.roleNames,
    db: ctx.database.db,
    notificationTables: spec.schema as unknown as NotificationTables,
    sms: core.sms,
    jobs: core.jobs,
  });
  const stopCounters = serveConsoleCounters(core.gateway, (userId) => core.identity.roles(userId));
  core.http.addHook('onClose', async () => stopCounters());
  const status = new SiteStatus({
    config: ctx.config,
    app: ctx.app,
    displayName: spec.displayName,
    title: spec.title,
    apiPrefix: spec.apiPrefix,
    envelope: spec.envelope.name,
    spec: spec.site,
    database: ctx.database,
    cache: core.cache,
    gateway: core.gateway,
    jobs: core.jobs,
  });
  registerSite(core.http, core.router, status, spec.site.webApp);
}

/** The parts every app starts from: HTTP server, router, identity, mail, files, sockets, health. */
async function createAppCore<T extends AppTypes>(ctx: AppContext, options: AppSpec<T>): Promise<AppCore<T>> {
  const tables = platformTables(options.schema);
  const { config, app, database } = ctx;
  const cache = scopedCache(ctx.cache, app.name);
  // The app's words: its own messages over the platform's, for its answers and its sockets alike.
  const messages = appMessages(app.name);
  const audit = new AuditLog(database.db, options.schema.auditLog, config.auditRetentionMs, ctx.logger);
  const mailer = createMailer({ smtp: config.smtp, from: config.mailFrom, db: database.db, table: tables.emailMessages, logger: ctx.logger });
  const identity = new Identity({
    app,
    config,
    db: database.db,
    cache,
    mailer,
    logger: ctx.logger,
    audit,
    displayName: options.displayName,
    tables,
    oauthCallbackPath: options.oauthCallbackPath,
    providerColumns: options.providerColumns,
  });
  const http = await createHttpServer({
    config,
    app,
    title: options.title,
    description: options.description,
    envelope: options.envelope,
    messages,
    cache,
    logger: ctx.logger,
  });
  const devices = new DeviceAuth();
  const router = createRouter(http, {
    envelope: options.envelope,
    authenticate: identity.authenticate,
    devices,
    onAdminChange: (req) => audit.adminRequest(req),
  });
  const draining = new Draining();
  registerHealth(router, { db: database.db, databaseDriver: database.driver, cache, draining });
  // While draining, every answer closes its connection: the next request goes through the load balancer to another node.
  http.addHook('onSend', async (_req, reply) => {
    if (draining.active) reply.header('connection', 'close');
  });
  const storage = await createStorage(config, app);
  if (storage instanceof LocalStorage) await registerFileRoutes(http, { storage, envelope: options.envelope, uploadLimit: app.uploadLimit });
  const gateway: AppGateway<T> = new Gateway({
    app: app.name,
    httpServer: http.server,
    corsOrigins: app.corsOrigins,
    authenticate: identity.checkToken,
    devices,
    logger: ctx.logger,
    cache,
    limits: { handshakes: app.rateLimits.socketConnect, events: app.rateLimits.socketEvents, maxPayload: app.socketMaxPayload },
    errors: { event: options.socketErrors?.event ?? 'error', code: (code) => options.envelope.code(code), messages, body: options.socketErrors?.body },
    trustProxy: config.trustProxy,
    redis: config.redisUrl ? { url: config.redisUrl, keyPrefix: config.redisKeyPrefix } : undefined,
    offlineGraceMs: config.presenceGraceMs,
    accepting: () => !draining.active,
  });
  await gateway.ready();
  // A session that ends closes its sockets on every node, whatever ended it.
  identity.onSessionsEnded((ended) => gateway.endSessions(ended));
  const jobs = new Jobs<T['jobs']>({
    database,
    schema: `${app.name}_jobs`,
    logger: ctx.logger,
    retryDelaySeconds: config.jobs.retryDelaySec,
    pollIntervalSeconds: config.jobs.pollIntervalSec,
  });
  const sms = new Sms({
    db: database.db,
    table: options.schema.smsLogs as SmsLogsTable,
    provider: createSmsProvider(config.sms, ctx.logger, config.env),
    jobs,
    logger: ctx.logger,
    cache,
    dailyLimits: config.sms.dailyLimits,
    verifiedPhoneOf: async (userId) => (options.verifiedPhone ? options.verifiedPhone(database.db, userId) : null),
  });
  const inboxTables = options.schema as unknown as NotificationTables;
  const channels = await createChannels({
    config,
    app,
    db: database.db,
    tables: options.schema as unknown as Parameters<typeof createChannels>[0]['tables'],
    mailer,
    sms,
    displayName: options.displayName,
    priorities: inboxTables.notificationPriority.enumValues,
    logger: ctx.logger,
  });
  const notifications = new Inbox<T['notifications']>({
    db: database.db,
    tables: inboxTables,
    gateway,
    logger: ctx.logger,
    types: inboxTables.notificationType.enumValues,
    priorities: inboxTables.notificationPriority.enumValues,
    switchesOf: (userId) => options.notificationSwitches(database.db, userId),
    drivers: channels.drivers,
    jobs,
  });
  sms.onSettled(async ({ notificationId, status, errorMessage }) => {
    if (notificationId) await notifications.delivery.settle(notificationId, 'sms', { status, reason: errorMessage });
  });
  // Sockets go before the listener closes, or their open connections would hold it up.
  http.addHook('preClose', async () => gateway.close());
  http.addHook('onClose', async () => {
    await jobs.stop();
    mailer.close();
    await storage.close();
  });
  const cleanup = [...platformCleanup(database.db, tables, inboxTables), audit.cleanupStep()];
  defineDailyCleanup(jobs, cleanup, ctx.logger);
  return {
    apiPrefix: options.apiPrefix,
    http,
    router,
    identity,
    mailer,
    cache,
    storage,
    gateway,
    devices,
    notifications,
    jobs,
    cleanup,
    sms,
    push: channels.push,
    audit,
    draining,
  };
}
