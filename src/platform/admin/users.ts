import { and, count, desc, eq, gt, ilike, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Identity } from '../auth/identity';
import type { IdentityTables } from '../auth/tables';
import type { Db } from '../db/database';
import { badRequest, notFound } from '../http/errors';
import { defineMessages } from '../http/i18n';
import { type PageQuery, offsetOf, pageOf } from '../http/pagination';
import type { Gateway } from '../realtime/gateway';
import type { SuspensionsTable } from './table';

export const UserAdminMessage = defineMessages({
  USER_NOT_FOUND: { ko: '사용자를 찾을 수 없습니다.', en: 'The user was not found.' },
  CANNOT_SUSPEND_SELF: { ko: '자기 자신은 정지할 수 없습니다.', en: 'You cannot suspend yourself.' },
});

export interface UserQuery extends PageQuery {
  q?: string;
  status?: 'active' | 'suspended';
  role?: string;
}

export type SuspensionInput = { suspended: boolean; reason?: string; endsAt?: Date | null };

// "%" and "_" are wildcards in LIKE; searched for, they mean themselves.
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * Every app's users as an operator sees them: search, roles, open sessions and sockets, and
 * suspension. Suspending turns the account off through the identity, which ends its sessions and
 * so cuts its open sockets; a suspension with an end is lifted by the `suspensions.lift` job.
 */
export class UserAdmin {
  constructor(
    private readonly db: Db,
    private readonly tables: IdentityTables & { userSuspensions: SuspensionsTable },
    private readonly identity: Identity,
    private readonly gateway: Gateway,
  ) {}

  async list(query: UserQuery) {
    const { users, userRoles, userSuspensions } = this.tables;
    const where = and(
      query.q ? or(ilike(users.email, likePattern(query.q)), ilike(users.name, likePattern(query.q))) : undefined,
      query.status ? eq(users.isActive, query.status === 'active') : undefined,
      query.role
        ? inArray(
            users.id,
            this.db
              .select({ id: userRoles.userId })
              .from(userRoles)
              .where(eq(userRoles.role, query.role as never)),
          )
        : undefined,
    );
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ user: users, suspension: userSuspensions })
        .from(users)
        .leftJoin(userSuspensions, eq(userSuspensions.userId, users.id))
        .where(where)
        .orderBy(desc(users.createdAt), desc(users.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db.select({ n: count() }).from(users).where(where),
    ]);
    return pageOf(await this.views(rows), query, total!.n);
  }

  async get(userId: number) {
    const { users, userSuspensions } = this.tables;
    const rows = await this.db
      .select({ user: users, suspension: userSuspensions })
      .from(users)
      .leftJoin(userSuspensions, eq(userSuspensions.userId, users.id))
      .where(eq(users.id, userId));
    if (!rows.length) throw notFound(UserAdminMessage.USER_NOT_FOUND);
    return (await this.views(rows))[0]!;
  }

  async setSuspension(adminId: number, userId: number, input: SuspensionInput) {
    const { userSuspensions } = this.tables;
    await this.get(userId);
    if (input.suspended) {
      if (userId === adminId) throw badRequest(UserAdminMessage.CANNOT_SUSPEND_SELF);
      const row = { reason: input.reason!, endsAt: input.endsAt ?? null, suspendedBy: adminId, createdAt: new Date() };
      await this.db
        .insert(userSuspensions)
        .values({ userId, ...row })
        .onConflictDoUpdate({ target: userSuspensions.userId, set: row });
      await this.identity.setActive(userId, false, { reason: row.reason, endsAt: row.endsAt });
    } else {
      await this.identity.setActive(userId, true);
      await this.db.delete(userSuspensions).where(eq(userSuspensions.userId, userId));
    }
    return this.get(userId);
  }

  /** Whether a suspension's end has come (what `liftEnded` would lift). */
  async anyEnded(now = new Date()): Promise<boolean> {
    const { userSuspensions } = this.tables;
    const [ended] = await this.db
      .select({ userId: userSuspensions.userId })
      .from(userSuspensions)
      .where(and(isNotNull(userSuspensions.endsAt), lte(userSuspensions.endsAt, now)))
      .limit(1);
    return ended !== undefined;
  }

  /** Lifts the suspensions whose end has come; answers how many. */
  async liftEnded(now = new Date()): Promise<number> {
    const { userSuspensions } = this.tables;
    const ended = await this.db
      .select({ userId: userSuspensions.userId })
      .from(userSuspensions)
      .where(and(isNotNull(userSuspensions.endsAt), lte(userSuspensions.endsAt, now)));
    for (const { userId } of ended) {
      await this.identity.setActive(userId, true, { reason: 'suspension_ended' });
      await this.db.delete(userSuspensions).where(eq(userSuspensions.userId, userId));
    }
    return ended.length;
  }

  private async views(rows: Array<{ user: IdentityTables['users']['$inferSelect']; suspension: SuspensionsTable['$inferSelect'] | null }>) {
    if (!rows.length) return [];
    const { userRoles, sessions } = this.tables;
    const ids = rows.map((r) => r.user.id);
    const [roles, open, online] = await Promise.all([
      this.db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, ids)).orderBy(userRoles.id),
      this.db
        .select({ userId: sessions.userId, n: count() })
        .from(sessions)
        .where(and(inArray(sessions.userId, ids), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
        .groupBy(sessions.userId),
      this.gateway.onlineOf(ids),
    ]);
    return rows.map(({ user, suspension }) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      provider: user.provider,
      emailVerified: user.emailVerified,
      roles: roles.filter((r) => r.userId === user.id).map((r) => r.role as string),
      isActive: user.isActive,
      suspension:
        !user.isActive && suspension
          ? { reason: suspension.reason, endsAt: suspension.endsAt, suspendedBy: suspension.suspendedBy, createdAt: suspension.createdAt }
          : null,
      openSessions: open.find((o) => o.userId === user.id)?.n ?? 0,
      online: online.has(user.id),
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
    }));
  }
}
