import { generateCodeVerifier, generateState } from 'arctic';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig, Config, OAuthProviderName } from '../../config';
import type { AuditLog } from '../audit/audit-log';
import type { Cache } from '../cache';
import type { Db, Tx } from '../db/database';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from '../http/errors';
import { RateLimiter } from '../http/rate-limit';
import type { Principal } from '../http/router';
import type { Mailer } from '../notify/email/mailer';
import { passwordResetEmail, verificationEmail } from '../notify/email/templates';
import { type NewUser, createAccount, normalizeEmail } from './accounts';
import { AccessTokens } from './access-tokens';
import { CODE_TTL_MINUTES, VerificationCodes } from './codes';
import { deriveKey, safeEqual, sha256 } from './crypto';
import { AuthMessage } from './messages';
import { type OAuthProvider, type ProviderProfile, createOAuthProviders, verifyGoogleIdToken } from './oauth';
import { Passwords } from './passwords';
import type { SessionsEnded, SessionsEndedListener } from './session-end';
import { type ClientInfo, type SessionGrant, SessionStore } from './sessions';
import type { IdentityTables } from './tables';

export type { NewUser } from './accounts';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshExpiresAt: Date;
}

export interface IdentityOptions {
  app: AppConfig;
  /** How the app names itself to people, in emails: "FitMate", "마음쉼표", "MIMO". */
  displayName: string;
  config: Config;
  db: Db;
  cache: Cache;
  mailer: Mailer;
  logger: Logger;
  /** Sign-ins, failed sign-ins, password changes and resets, suspensions, role changes and deletions are written here. */
  audit: AuditLog;
  tables: IdentityTables;
  /** Where each provider sends the browser back to, under the app's public URL. */
  oauthCallbackPath?: (provider: OAuthProviderName) => string;
  /** App columns to set when a provider account creates or joins a user (picture, MIMO's google_id). */
  providerColumns?: (profile: ProviderProfile, joining: 'new' | 'existing') => Record<string, unknown>;
}

interface OAuthState {
  provider: OAuthProviderName;
  codeVerifier: string;
}

const OAUTH_STATE_TTL_MS = 10 * 60_000;
const REAUTH_WINDOW_MS = 10 * 60_000;

/**
 * The identity core every app shares: accounts, passwords, sessions and tokens, email codes and
 * provider sign-in. Each app has its own instance over its own tables and keys.
 */
export class Identity {
  readonly accessTokens: AccessTokens;
  readonly sessions: SessionStore;
  readonly codes: VerificationCodes;
  readonly providers: Partial<Record<OAuthProviderName, OAuthProvider>>;
  /** Hashes and checks passwords at the deployment's cost (also for an app's own secrets, such as MIMO's app-lock PIN). */
  readonly passwords: Passwords;
  private readonly limits: Record<'loginIp' | 'loginEmail' | 'codeBurst' | 'codeHourly', RateLimiter>;
  private readonly deletionHooks: Array<(userId: number) => Promise<void>> = [];
  private readonly endListeners: SessionsEndedListener[] = [];

  /** The settings of the app this identity serves. */
  get app(): AppConfig {
    return this.o.app;
  }

  constructor(private readonly o: IdentityOptions) {
    const { config, app, db, cache, tables } = o;
    this.passwords = new Passwords(config.passwordHashing);
    this.accessTokens = new AccessTokens(config.jwt.secret, app.name, config.jwt.accessTtlSec);
    this.sessions = new SessionStore(db, tables, cache, config.jwt.refreshTtlSec, config.jwt.reuseGraceSec, (ended) => this.announceEnd(ended));
    this.codes = new VerificationCodes(db, tables, deriveKey(config.appSecret, `codes:${app.name}`));
    this.providers = o.oauthCallbackPath ? createOAuthProviders(app, o.oauthCallbackPath) : {};
    this.limits = {
      loginIp: new RateLimiter(cache, 'login-ip', app.rateLimits.login),
      loginEmail: new RateLimiter(cache, 'login-email', app.rateLimits.login),
      codeBurst: new RateLimiter(cache, 'code-burst', { limit: 1, windowMs: 60_000, text: '1/minute' }),
      codeHourly: new RateLimiter(cache, 'code-hourly', { limit: 5, windowMs: 3_600_000, text: '5/hour' }),
    };
  }

  /** For routes: the caller of a request, from its bearer access token. */
  authenticate = async (req: FastifyRequest): Promise<Principal> => {
    const header = req.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) throw unauthorized();
    return this.authenticateToken(header.slice(header.indexOf(' ') + 1).trim());
  };

  /** The caller behind an access token: a valid signature and a live session, or a 401/403. */
  authenticateToken = async (token: string): Promise<Principal> => (await this.checkToken(token)).principal;

  /** The same, with when the token expires (a socket opened with it closes then, unless given a fresh one). */
  checkToken = async (token: string): Promise<{ principal: Principal; expiresAt: Date }> => {
    const claims = await this.accessTokens.verify(token);
    return { principal: await this.sessions.principal(claims.userId, claims.sessionId), expiresAt: new Date(claims.expiresAt * 1000) };
  };

  /**
   * Listens for sessions that end however they end: sign-out (one device or all), a password
   * changed or reset, a stolen refresh token, suspension, deletion. Whatever holds connections
   * opened with those sessions (the real-time gateway) closes them. Runs on the node that ended them.
   */
  onSessionsEnded(listener: SessionsEndedListener): void {
    this.endListeners.push(listener);
  }

  async createUser(user: NewUser, afterCreate?: (tx: Tx, userId: number) => Promise<void>): Promise<number> {
    return createAccount(this.o.db, this.o.tables, this.passwords, user, afterCreate);
  }

  async register(user: NewUser, client: ClientInfo, afterCreate?: (tx: Tx, userId: number) => Promise<void>) {
    const userId = await this.createUser(user, afterCreate);
    return { userId, tokens: await this.grant(await this.sessions.start(userId, client)) };
  }

  async login(email: string, password: string, client: ClientInfo) {
    const address = normalizeEmail(email);
    await this.limits.loginIp.consume(client.ip ?? 'unknown');
    await this.limits.loginEmail.consume(address);
    const { users } = this.o.tables;
    const [user] = await this.o.db
      .select({ id: users.id, passwordHash: users.passwordHash, isActive: users.isActive })
      .from(users)
      .where(eq(users.email, address));
    // Unknown email and wrong password take the same time and give the same answer.
    if (!(await this.passwords.check(user?.passwordHash, password)) || !user) {
      await this.loginFailed(user?.id, user ? 'wrong_password' : 'unknown_account');
      throw unauthorized(AuthMessage.INVALID_CREDENTIALS);
    }
    if (!user.isActive) {
      await this.loginFailed(user.id, 'suspended');
      throw forbidden(AuthMessage.ACCOUNT_SUSPENDED);
    }
    await this.limits.loginEmail.reset(address);
    return { userId: user.id, tokens: await this.signIn(user.id, client, 'password') };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    return this.grant(await this.sessions.rotate(refreshToken));
  }

  /** Ends every session of the caller's account, this one included: "sign out everywhere". */
  async logoutAll(principal: Principal): Promise<void> {
    await this.sessions.revokeAll(principal.userId, 'logout_all');
  }

  /** Ends the caller's session; a refresh token given instead ends the session it belongs to. */
  async logout(principal: Principal | null, refreshToken?: string): Promise<void> {
    if (principal) await this.sessions.revoke(principal.sessionId, 'logout');
    if (refreshToken) {
      const { refreshTokens } = this.o.tables;
      const [row] = await this.o.db
        .select({ sessionId: refreshTokens.sessionId, userId: refreshTokens.userId })
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, sha256(refreshToken)));
      if (row && (!principal || row.userId === principal.userId)) await this.sessions.revoke(row.sessionId, 'logout');
    }
  }

  /** Re-checks the password of a signed-in user before a sensitive step. */
  async verifyPassword(userId: number, password: string): Promise<void> {
    await this.limits.loginEmail.consume(`user:${userId}`);
    const user = await this.account(userId);
    if (!(await this.passwords.check(user.passwordHash, password))) throw unauthorized(AuthMessage.INVALID_PASSWORD);
    await this.limits.loginEmail.reset(`user:${userId}`);
  }

  /**
   * Changes the password and signs out every other device. An account without a password gets
   * one only through the reset code: a stolen access token must not be able to plant one.
   */
  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    const user = await this.account(principal.userId);
    if (!user.passwordHash) throw badRequest(AuthMessage.NO_PASSWORD_SET);
    await this.verifyPassword(principal.userId, current);
    if (current === next) throw badRequest(AuthMessage.PASSWORD_SAME_AS_OLD);
    await this.setPassword(principal.userId, next);
    await this.sessions.revokeAll(principal.userId, 'password_changed', { keep: principal.sessionId });
    await this.o.audit.record({ action: 'auth.password_changed', target: { type: 'user', id: principal.userId } });
  }

  async sendEmailVerification(userId: number): Promise<{ email: string; expiresAt: Date }> {
    const user = await this.account(userId);
    if (user.emailVerified) throw conflict(AuthMessage.EMAIL_ALREADY_VERIFIED);
    await this.limits.codeBurst.consume(`verify:${userId}`);
    await this.limits.codeHourly.consume(`verify:${userId}`);
    const code = await this.codes.issue(userId, user.email, 'email_verification');
    await this.o.mailer.send(verificationEmail({ appName: this.o.displayName, to: user.email, name: user.name, code, minutes: CODE_TTL_MINUTES })).catch(() => {
      // The mailer logged why; the client learns that it may try again.
      throw new AppError(503, AuthMessage.EMAIL_DELIVERY_FAILED);
    });
    return { email: user.email, expiresAt: new Date(Date.now() + CODE_TTL_MINUTES * 60_000) };
  }

  /**
   * Whether a verification code may be sent now (not verified yet, and within one a minute and
   * five an hour); when only the minute holds it back, from when.
   */
  async emailVerificationResend(userId: number): Promise<{ canResend: boolean; nextResendTime: Date | null }> {
    const user = await this.account(userId);
    if (user.emailVerified) return { canResend: false, nextResendTime: null };
    const key = `verify:${userId}`;
    const [minute, hour, pending] = await Promise.all([
      this.limits.codeBurst.allows(key),
      this.limits.codeHourly.allows(key),
      this.codes.pending(userId, 'email_verification'),
    ]);
    if (minute && hour) return { canResend: true, nextResendTime: null };
    // The minute's window opened when the last code was sent.
    const sentAt = pending && pending.expiresAt.getTime() - CODE_TTL_MINUTES * 60_000;
    return { canResend: false, nextResendTime: hour && sentAt ? new Date(sentAt + 60_000) : null };
  }

  async confirmEmail(userId: number, code: string): Promise<void> {
    const user = await this.account(userId);
    if (user.emailVerified) throw conflict(AuthMessage.EMAIL_ALREADY_VERIFIED);
    const { email } = await this.codes.consume(userId, 'email_verification', code);
    // A code sent to an address the account no longer has proves nothing about the new one.
    if (email !== user.email) throw badRequest(AuthMessage.CODE_EXPIRED);
    await this.update(userId, { emailVerified: true });
  }

  async emailVerificationStatus(userId: number) {
    const user = await this.account(userId);
    const pending = user.emailVerified ? undefined : await this.codes.pending(userId, 'email_verification');
    return { email: user.email, emailVerified: user.emailVerified, pendingExpiresAt: pending?.expiresAt ?? null };
  }

  /** Sends a reset code if the account exists; the answer never says whether it does. */
  async forgotPassword(email: string, client: ClientInfo): Promise<void> {
    const address = normalizeEmail(email);
    // Reset requests count as sign-in attempts of the IP; per account they are limited below.
    await this.limits.loginIp.consume(client.ip ?? 'unknown');
    const user = await this.findByEmail(address);
    if (!user || !user.isActive) return;
    try {
      await this.limits.codeBurst.consume(`reset:${user.id}`);
      await this.limits.codeHourly.consume(`reset:${user.id}`);
    } catch {
      return; // Saying "too many" here would reveal that the account exists.
    }
    const code = await this.codes.issue(user.id, address, 'password_reset');
    // Not awaited: how long sending takes must not reveal that the account exists.
    void this.o.mailer
      .send(passwordResetEmail({ appName: this.o.displayName, to: address, name: user.name, code, minutes: CODE_TTL_MINUTES }))
      .catch((err) => this.o.logger.error({ err }, 'password reset email failed'));
  }

  /**
   * Sets a new password with the emailed code. An unknown address, a wrong code, an expired or
   * used-up one all get the same answer, after the same lookups: the route tells nobody which
   * addresses have accounts.
   */
  async resetPassword(email: string, code: string, password: string): Promise<void> {
    const user = await this.findByEmail(normalizeEmail(email));
    try {
      // No account is user 0, who has no codes: the same queries as an expired code.
      await this.codes.consume(user?.id ?? 0, 'password_reset', code);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) throw badRequest(AuthMessage.RESET_CODE_INVALID);
      throw error;
    }
    if (!user) throw badRequest(AuthMessage.RESET_CODE_INVALID);
    await this.setPassword(user.id, password);
    // The code reached the inbox, so the address is proven too.
    await this.update(user.id, { emailVerified: true });
    await this.sessions.revokeAll(user.id, 'password_reset');
    await this.o.audit.record({ action: 'auth.password_reset', actorId: user.id, target: { type: 'user', id: user.id } });
  }

  /**
   * Deletes the account and everything that hangs off it. An account with a password confirms
   * with it; one without must be signed in afresh (a session under ten minutes old).
   */
  async deleteAccount(principal: Principal, password: string | undefined): Promise<void> {
    const { userId } = principal;
    const user = await this.account(userId);
    const { users, sessions } = this.o.tables;
    if (user.passwordHash) {
      if (!password) throw badRequest(AuthMessage.PASSWORD_REQUIRED);
      await this.verifyPassword(userId, password);
    } else {
      const [session] = await this.o.db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, principal.sessionId));
      if (!session || Date.now() - session.createdAt.getTime() > REAUTH_WINDOW_MS) throw forbidden(AuthMessage.REAUTH_REQUIRED);
    }
    for (const hook of this.deletionHooks) await hook(userId);
    const live = await this.o.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    await this.o.db.delete(users).where(eq(users.id, userId));
    await this.sessions.end(
      userId,
      live.map((s) => s.id),
      'deleted',
      true,
    );
    await this.o.audit.record({ action: 'user.deleted', target: { type: 'user', id: userId } });
  }

  /**
   * Lets an app remove what it keeps outside its tables (files) when an account is deleted: the
   * rows go by cascade, the rest is the app's to clean. Runs after the checks, before the delete.
   */
  onAccountDeletion(hook: (userId: number) => Promise<void>): void {
    this.deletionHooks.push(hook);
  }

  /**
   * Suspends or restores an account; suspension ends its sessions at once. Audited as done by the
   * caller of the request (the system when a job lifts it), with `details` (reason, end).
   */
  /** The roles this app knows (its role enum). */
  get roleNames(): readonly string[] {
    return this.o.tables.userRole.enumValues;
  }

  async setActive(userId: number, active: boolean, details: Record<string, unknown> = {}): Promise<void> {
    await this.update(userId, { isActive: active });
    if (active) await this.sessions.forgetUser(userId);
    else await this.sessions.revokeAll(userId, 'suspended', { account: true });
    await this.o.audit.record({ action: active ? 'user.unsuspended' : 'user.suspended', target: { type: 'user', id: userId }, details });
  }

  /** Replaces a user's roles; an ADMIN cannot take away their own. Answers the roles now held. */
  async setRoles(userId: number, roles: string[], by: Principal): Promise<string[]> {
    const { userRoles } = this.o.tables;
    if (userId === by.userId && by.roles.includes('ADMIN') && !roles.includes('ADMIN')) throw badRequest(AuthMessage.OWN_ADMIN_ROLE);
    await this.account(userId);
    const before = await this.roles(userId);
    await this.o.db.transaction(async (tx) => {
      await tx.delete(userRoles).where(eq(userRoles.userId, userId));
      await tx.insert(userRoles).values(roles.map((role) => ({ userId, role, assignedBy: by.userId })) as never);
    });
    await this.sessions.forgetUser(userId);
    await this.o.audit.record({ action: 'user.roles_changed', target: { type: 'user', id: userId }, details: { from: before, to: roles } });
    return this.roles(userId);
  }

  async roles(userId: number): Promise<string[]> {
    const { userRoles } = this.o.tables;
    const rows = await this.o.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).orderBy(userRoles.id);
    return rows.map((r) => r.role);
  }

  // ---- provider sign-in ----

  provider(name: OAuthProviderName): OAuthProvider {
    const provider = this.providers[name];
    if (!provider) throw new AppError(404, AuthMessage.OAUTH_NOT_CONFIGURED, { provider: name });
    return provider;
  }

  /** Starts a provider sign-in: the URL to send the browser to, and the state to pin in a cookie. */
  async startOAuth(name: OAuthProviderName): Promise<{ url: URL; state: string }> {
    const provider = this.provider(name);
    const state = generateState();
    const codeVerifier = generateCodeVerifier();
    await this.o.cache.set(`oauth:${state}`, { provider: name, codeVerifier } satisfies OAuthState, OAUTH_STATE_TTL_MS);
    return { url: provider.authorizationUrl(state, codeVerifier), state };
  }

  /** Finishes it: the state must match the browser's cookie and be unused and fresh. */
  async finishOAuth(name: OAuthProviderName, input: { code: string; state: string; cookieState?: string }, client: ClientInfo) {
    const provider = this.provider(name);
    if (!input.cookieState || !safeEqual(input.cookieState, input.state)) throw badRequest(AuthMessage.OAUTH_STATE_MISMATCH);
    const saved = await this.o.cache.take<OAuthState>(`oauth:${input.state}`);
    if (!saved || saved.provider !== name) throw badRequest(AuthMessage.OAUTH_STATE_MISMATCH);
    return this.signInWithProvider(await provider.profile(input.code, saved.codeVerifier), client);
  }

  /** MIMO's native sign-in: the app already holds a Google ID token. */
  async signInWithGoogleIdToken(idToken: string, client: ClientInfo) {
    const clientId = this.o.app.oauth.google?.clientId;
    if (!clientId) throw new AppError(404, AuthMessage.OAUTH_NOT_CONFIGURED, { provider: 'google' });
    return this.signInWithProvider(await verifyGoogleIdToken(idToken, clientId), client);
  }

  /**
   * Finds the user a provider account belongs to, links it to an existing account, or creates
   * one. Linking goes only through an email the provider vouches for, and only into an account
   * whose own email is proven or that has no password (else someone could have registered the
   * address first and would share the account).
   */
  async signInWithProvider(profile: ProviderProfile, client: ClientInfo) {
    const { db, tables } = this.o;
    const { oauthAccounts, users } = tables;
    const [linked] = await db
      .select({ userId: oauthAccounts.userId, isActive: users.isActive })
      .from(oauthAccounts)
      .innerJoin(users, eq(users.id, oauthAccounts.userId))
      .where(and(eq(oauthAccounts.provider, profile.provider), eq(oauthAccounts.providerUserId, profile.providerUserId)));
    if (linked) {
      if (!linked.isActive) {
        await this.loginFailed(linked.userId, 'suspended', profile.provider);
        throw forbidden(AuthMessage.ACCOUNT_SUSPENDED);
      }
      return { userId: linked.userId, created: false, tokens: await this.signIn(linked.userId, client, profile.provider) };
    }
    if (!profile.email) throw badRequest(AuthMessage.OAUTH_EMAIL_REQUIRED);
    const email = normalizeEmail(profile.email);
    const link = (tx: Pick<Db, 'insert'>, userId: number) =>
      tx.insert(oauthAccounts).values({ userId, provider: profile.provider, providerUserId: profile.providerUserId, email });

    const existing = await this.findByEmail(email);
    if (existing) {
      if (!profile.emailVerified || !(existing.emailVerified || !existing.passwordHash)) throw conflict(AuthMessage.OAUTH_ACCOUNT_EXISTS);
      if (!existing.isActive) {
        await this.loginFailed(existing.id, 'suspended', profile.provider);
        throw forbidden(AuthMessage.ACCOUNT_SUSPENDED);
      }
      await db.transaction(async (tx) => {
        await link(tx, existing.id);
        const extra = this.o.providerColumns?.(profile, 'existing') ?? {};
        await tx
          .update(users)
          .set({ ...extra, emailVerified: true })
          .where(eq(users.id, existing.id));
      });
      return { userId: existing.id, created: false, tokens: await this.signIn(existing.id, client, profile.provider) };
    }
    const userId = await this.createUser(
      {
        email,
        name: (profile.name || email.split('@')[0]!).slice(0, 30),
        provider: profile.provider,
        emailVerified: profile.emailVerified,
        columns: this.o.providerColumns?.(profile, 'new'),
      },
      (tx, id) => link(tx, id).then(() => undefined),
    );
    return { userId, created: true, tokens: await this.signIn(userId, client, profile.provider) };
  }

  // ---- helpers ----

  private async announceEnd(ended: SessionsEnded): Promise<void> {
    for (const listener of this.endListeners) {
      try {
        await listener(ended);
      } catch (err) {
        // The sessions have ended all the same; a listener that failed to act on it is logged.
        this.o.logger.error({ err, userId: ended.userId, reason: ended.reason }, 'session end listener failed');
      }
    }
  }

  private async signIn(userId: number, client: ClientInfo, method: string): Promise<TokenPair> {
    await this.update(userId, { lastLoginAt: new Date() });
    const session = await this.sessions.start(userId, client);
    await this.o.audit.record({
      action: 'auth.login',
      actorId: userId,
      sessionId: session.sessionId,
      target: { type: 'user', id: userId },
      details: { method },
    });
    return this.grant(session);
  }

  /** A refused sign-in: the account when there is one (never the address typed), and why. */
  private loginFailed(userId: number | undefined, reason: 'wrong_password' | 'unknown_account' | 'suspended', method = 'password') {
    return this.o.audit.record({
      action: 'auth.login_failed',
      actorId: null,
      target: userId === undefined ? undefined : { type: 'user', id: userId },
      details: { method, reason },
    });
  }

  private async grant(session: SessionGrant): Promise<TokenPair> {
    return {
      accessToken: await this.accessTokens.sign(session.userId, session.sessionId),
      refreshToken: session.refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSec,
      refreshExpiresAt: session.refreshExpiresAt,
    };
  }

  private async setPassword(userId: number, password: string) {
    await this.update(userId, { passwordHash: await this.passwords.hash(password) });
  }

  private async update(userId: number, values: Partial<IdentityTables['users']['$inferInsert']>) {
    const { users } = this.o.tables;
    await this.o.db.update(users).set(values).where(eq(users.id, userId));
  }

  private async findByEmail(email: string) {
    const { users } = this.o.tables;
    const [user] = await this.o.db
      .select({ id: users.id, name: users.name, passwordHash: users.passwordHash, emailVerified: users.emailVerified, isActive: users.isActive })
      .from(users)
      .where(eq(users.email, email));
    return user;
  }

  private async account(userId: number) {
    const { users } = this.o.tables;
    const [user] = await this.o.db
      .select({ email: users.email, name: users.name, passwordHash: users.passwordHash, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, userId));
    if (!user) throw notFound();
    return user;
  }
}
