import { LRUCache } from 'lru-cache';
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Cache } from '../cache';
import type { Db } from '../db/database';
import { forbidden, unauthorized } from '../http/errors';
import type { Principal } from '../http/router';
import { SESSION_ID } from './access-tokens';
import { randomToken, sha256 } from './crypto';
import { AuthMessage } from './messages';
import type { SessionEndReason, SessionsEnded } from './session-end';
import type { IdentityTables } from './tables';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface SessionGrant {
  userId: number;
  sessionId: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

interface CachedPrincipal {
  userId: number;
  roles: string[];
  active: boolean;
}

// How long a checked session is trusted without asking the database again. Revocation deletes
// the entry at once; the time bounds staleness on nodes that share no cache.
const PRINCIPAL_TTL_MS = 60_000;
// In front of the shared cache, each process keeps what it checked for two seconds: the node
// that ends a session forgets it at once, other nodes within two seconds. Bounded in size.
const LOCAL_TTL_MS = 2_000;
const LOCAL_SIZE = 10_000;

/**
 * Sessions (one per signed-in device) and their refresh tokens. A refresh token is used once:
 * each use rotates it. Using a rotated token again, after a short grace for two tabs racing,
 * is treated as theft and ends the whole session.
 */
export class SessionStore {
  private readonly local = new LRUCache<string, { principal: CachedPrincipal | null; until: number }>({ max: LOCAL_SIZE });
  private readonly endListeners: Array<(sessionIds: string[], reason: string) => void> = [];

  constructor(
    private readonly db: Db,
    private readonly tables: IdentityTables,
    private readonly cache: Cache,
    private readonly refreshTtlSec: number,
    private readonly reuseGraceSec: number,
    /** Told of every session that ends, once its access tokens have stopped working. */
    private readonly ended: (ended: SessionsEnded) => Promise<void>,
  ) {}

  async start(userId: number, client: ClientInfo, db: Pick<Db, 'insert'> = this.db): Promise<SessionGrant> {
    const expiresAt = this.expiry();
    const [session] = await db
      .insert(this.tables.sessions)
      .values({ userId, ip: client.ip?.slice(0, 64), userAgent: client.userAgent?.slice(0, 512), expiresAt })
      .returning({ id: this.tables.sessions.id });
    const refreshToken = await this.issueToken(db, userId, session!.id, expiresAt);
    return { userId, sessionId: session!.id, refreshToken, refreshExpiresAt: expiresAt };
  }

  async rotate(refreshToken: string): Promise<SessionGrant> {
    const { refreshTokens: tokens, sessions, users } = this.tables;
    const now = new Date();
    const outcome = await this.db.transaction(
      async (tx): Promise<{ grant: SessionGrant } | { error: string; revoked?: { userId: number; sessionId: string } }> => {
        const [row] = await tx
          .select({
            id: tokens.id,
            userId: tokens.userId,
            sessionId: tokens.sessionId,
            expiresAt: tokens.expiresAt,
            rotatedAt: tokens.rotatedAt,
            revokedAt: sessions.revokedAt,
            isActive: users.isActive,
          })
          .from(tokens)
          .innerJoin(sessions, eq(sessions.id, tokens.sessionId))
          .innerJoin(users, eq(users.id, tokens.userId))
          .where(eq(tokens.tokenHash, sha256(refreshToken)))
          // Locks the three joined rows; "no key update" still lets other rows point at them. (Drizzle
          // qualifies the table of FOR UPDATE OF with its schema, which PostgreSQL refuses.)
          .for('no key update');
        if (!row || row.revokedAt) return { error: AuthMessage.INVALID_REFRESH_TOKEN };
        if (row.expiresAt <= now) return { error: AuthMessage.REFRESH_TOKEN_EXPIRED };
        if (row.rotatedAt && now.getTime() - row.rotatedAt.getTime() > this.reuseGraceSec * 1000) {
          await tx.update(sessions).set({ revokedAt: now, revokedReason: 'refresh_reuse' }).where(eq(sessions.id, row.sessionId));
          return { error: AuthMessage.REFRESH_TOKEN_REUSED, revoked: { userId: row.userId, sessionId: row.sessionId } };
        }
        if (!row.isActive) return { error: AuthMessage.ACCOUNT_SUSPENDED };
        // Within the grace period the old token stays rotated and a sibling is issued.
        if (!row.rotatedAt) await tx.update(tokens).set({ rotatedAt: now }).where(eq(tokens.id, row.id));
        const expiresAt = this.expiry();
        await tx.update(sessions).set({ lastUsedAt: now, expiresAt }).where(eq(sessions.id, row.sessionId));
        const next = await this.issueToken(tx, row.userId, row.sessionId, expiresAt);
        return { grant: { userId: row.userId, sessionId: row.sessionId, refreshToken: next, refreshExpiresAt: expiresAt } };
      },
    );
    if ('grant' in outcome) return outcome.grant;
    if (outcome.revoked) await this.end(outcome.revoked.userId, [outcome.revoked.sessionId], 'refresh_reuse');
    throw outcome.error === AuthMessage.ACCOUNT_SUSPENDED ? forbidden(outcome.error) : unauthorized(outcome.error);
  }

  /** Ends one session: its refresh tokens stop working and so do its access tokens. */
  async revoke(sessionId: string, reason: SessionEndReason): Promise<void> {
    const { sessions } = this.tables;
    const [ended] = await this.db
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ userId: sessions.userId });
    if (ended) await this.end(ended.userId, [sessionId], reason);
  }

  /**
   * Ends every session of a user, except `keep` (the device making the change); with `account`,
   * the account itself is off (suspended), and so is every connection acting for it.
   */
  async revokeAll(userId: number, reason: SessionEndReason, { keep, account = false }: { keep?: string; account?: boolean } = {}): Promise<void> {
    const { sessions } = this.tables;
    const ended = await this.db
      .update(sessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined))
      .returning({ id: sessions.id });
    await this.end(
      userId,
      ended.map((s) => s.id),
      reason,
      account,
    );
  }

  /**
   * Tells that sessions ended (or, with `account`, the whole account): their cached checks are
   * dropped first, so nothing told of the end can still pass with them.
   */
  async end(userId: number, sessionIds: string[], reason: SessionEndReason, account = false): Promise<void> {
    await this.forget(sessionIds);
    if (sessionIds.length || account) await this.ended({ userId, sessionIds, account, reason });
  }

  /** Drops cached checks, e.g. after a suspension or a role change. */
  async forgetUser(userId: number): Promise<void> {
    const { sessions } = this.tables;
    const rows = await this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
    await this.forget(rows.map((r) => r.id));
  }

  async forget(sessionIds: string[]): Promise<void> {
    for (const id of sessionIds) this.local.delete(id);
    if (sessionIds.length) await this.cache.delete(...sessionIds.map((id) => `session:${id}`));
  }

  /**
   * The caller behind a verified access token, or a 401/403 when its session was ended, the
   * account suspended or deleted. Cached for a minute; every change above clears the entry.
   */
  async principal(userId: number, sessionId: string): Promise<Principal> {
    if (!SESSION_ID.test(sessionId)) throw unauthorized(AuthMessage.INVALID_TOKEN);
    const cached = await this.lookup(sessionId);
    if (!cached || cached.userId !== userId) throw unauthorized(AuthMessage.SESSION_REVOKED);
    if (!cached.active) throw forbidden(AuthMessage.ACCOUNT_SUSPENDED);
    return { userId, sessionId, roles: cached.roles };
  }

  private async lookup(sessionId: string): Promise<CachedPrincipal | null> {
    const now = Date.now();
    const near = this.local.get(sessionId);
    if (near && near.until > now) return near.principal;
    const key = `session:${sessionId}`;
    let principal = await this.cache.get<CachedPrincipal | null>(key);
    if (principal === undefined) {
      principal = await this.load(sessionId);
      await this.cache.set(key, principal, PRINCIPAL_TTL_MS);
    }
    this.local.set(sessionId, { principal, until: now + LOCAL_TTL_MS });
    return principal;
  }

  private async load(sessionId: string): Promise<CachedPrincipal | null> {
    const { sessions, users, userRoles } = this.tables;
    const rows = await this.db
      .select({ userId: sessions.userId, active: users.isActive, role: userRoles.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(userRoles, eq(userRoles.userId, sessions.userId))
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
    if (!rows.length) return null;
    return { userId: rows[0]!.userId, active: rows[0]!.active, roles: rows.flatMap((r) => (r.role ? [r.role] : [])) };
  }

  private async issueToken(db: Pick<Db, 'insert'>, userId: number, sessionId: string, expiresAt: Date) {
    const token = randomToken(32);
    await db.insert(this.tables.refreshTokens).values({ userId, sessionId, tokenHash: sha256(token), expiresAt });
    return token;
  }

  private expiry() {
    return new Date(Date.now() + this.refreshTtlSec * 1000);
  }
}
