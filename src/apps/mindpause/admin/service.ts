import { type SQL, and, count, desc, eq, ilike, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Identity } from '../../../platform/auth/identity';
import type { Db } from '../../../platform/db/database';
import { badRequest, conflict, notFound } from '../../../platform/http/errors';
import { defineMessages } from '../../../platform/http/i18n';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import { DELETED_BY_ADMIN, type Community, CommunityMessage } from '../community/service';
import type { REPORT_STATUSES, REPORT_TARGETS} from '../community/tables';
import { communityComments, communityPosts, communityReports } from '../community/tables';
import { userRoles, users } from '../schema';
import type { ActivityLog } from './activity';
import { userSuspensions } from './tables';

export const AdminMessage = defineMessages({
  USER_NOT_FOUND: { ko: '사용자를 찾을 수 없습니다.', en: 'The user was not found.' },
  CANNOT_SUSPEND_SELF: { ko: '자기 자신은 정지할 수 없습니다.', en: 'You cannot suspend yourself.' },
  USER_SUSPENDED: { ko: '사용자가 정지되었습니다.', en: 'The user has been suspended.' },
  USER_UNSUSPENDED: { ko: '사용자 정지가 해제되었습니다.', en: 'The suspension has been lifted.' },
  REPORT_NOT_FOUND: { ko: '신고를 찾을 수 없습니다.', en: 'The report was not found.' },
  REPORT_ALREADY_HANDLED: { ko: '이미 처리된 신고입니다.', en: 'This report has already been handled.' },
  CONTENT_REMOVED: { ko: '삭제되었습니다.', en: 'Removed.' },
  REPORT_HANDLED: { ko: '신고가 처리되었습니다.', en: 'The report has been handled.' },
});

export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportTarget = (typeof REPORT_TARGETS)[number];

/** What the admin stats learn from the other parts of the app (moods, counselling). */
export interface StatSources {
  moodRecords?: () => Promise<number>;
  aiMessages?: () => Promise<number>;
  flaggedConversations?: () => Promise<number>;
}

// "%" and "_" are wildcards in LIKE; searched for, they mean themselves.
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

const REMOVED_BY_ADMIN = 'removed by admin';

/** Document 002's Phase 5.3 admin work, and the report queue. */
export class Admin {
  constructor(
    private readonly db: Db,
    private readonly identity: Identity,
    private readonly community: Community,
    private readonly activity: ActivityLog,
    private readonly sources: StatSources,
  ) {}

  async listUsers(query: PageQuery & { q?: string; status?: 'active' | 'suspended' }) {
    const where = and(
      query.q ? or(ilike(users.email, likePattern(query.q)), ilike(users.name, likePattern(query.q))) : undefined,
      query.status ? eq(users.isActive, query.status === 'active') : undefined,
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
    const roles = rows.length ? await this.db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, rows.map((r) => r.user.id))) : [];
    const items = rows.map(({ user, suspension }) => ({
      id: user.id,
      email: user.email,
      nickname: user.name,
      provider: user.provider,
      emailVerified: user.emailVerified,
      roles: roles.filter((r) => r.userId === user.id).map((r) => r.role),
      isActive: user.isActive,
      suspension: !user.isActive && suspension ? { reason: suspension.reason, endsAt: suspension.endsAt, suspendedBy: suspension.suspendedBy, createdAt: suspension.createdAt } : null,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
    }));
    return pageOf(items, query, total!.n);
  }

  /** Suspends an account (its sessions end at once) or lifts a suspension. */
  async setSuspension(adminId: number, userId: number, input: { suspended: boolean; reason?: string; endsAt?: Date | null }) {
    const [user] = await this.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound(AdminMessage.USER_NOT_FOUND);
    if (input.suspended) {
      if (userId === adminId) throw badRequest(AdminMessage.CANNOT_SUSPEND_SELF);
      const row = { reason: input.reason!, endsAt: input.endsAt ?? null, suspendedBy: adminId, createdAt: new Date() };
      await this.db.insert(userSuspensions).values({ userId, ...row }).onConflictDoUpdate({ target: userSuspensions.userId, set: row });
      await this.identity.setActive(userId, false, { reason: row.reason, endsAt: row.endsAt });
    } else {
      await this.identity.setActive(userId, true);
      await this.db.delete(userSuspensions).where(eq(userSuspensions.userId, userId));
    }
    return this.userById(userId);
  }

  /** Lifts the suspensions whose end has come; answers how many. */
  async liftEndedSuspensions(now = new Date()): Promise<number> {
    const ended = await this.db.select({ userId: userSuspensions.userId }).from(userSuspensions).where(and(isNotNull(userSuspensions.endsAt), lte(userSuspensions.endsAt, now)));
    for (const { userId } of ended) {
      await this.identity.setActive(userId, true, { reason: 'suspension_ended' });
      await this.db.delete(userSuspensions).where(eq(userSuspensions.userId, userId));
    }
    return ended.length;
  }

  /** Removes a post or comment and resolves every pending report on it. */
  async removeContent(adminId: number, targetType: ReportTarget, targetId: number) {
    const removed = await this.db.transaction(async (tx) => {
      const done = targetType === 'post' ? await this.community.removePost(targetId, DELETED_BY_ADMIN, tx) : await this.community.removeComment(targetId, DELETED_BY_ADMIN, tx);
      if (!done) return false;
      await tx
        .update(communityReports)
        .set({ status: 'resolved', resolvedBy: adminId, resolvedAt: new Date(), resolution: REMOVED_BY_ADMIN })
        .where(and(eq(communityReports.targetType, targetType), eq(communityReports.targetId, targetId), eq(communityReports.status, 'pending')));
      return true;
    });
    if (!removed) throw notFound(targetType === 'post' ? CommunityMessage.POST_NOT_FOUND : CommunityMessage.COMMENT_NOT_FOUND);
  }

  async listReports(query: PageQuery & { status?: ReportStatus; targetType?: ReportTarget }) {
    const r = communityReports;
    const where = and(query.status ? eq(r.status, query.status) : undefined, query.targetType ? eq(r.targetType, query.targetType) : undefined);
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ report: r, reporterNickname: users.name })
        .from(r)
        .innerJoin(users, eq(users.id, r.reporterId))
        .where(where)
        .orderBy(desc(r.createdAt), desc(r.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db.select({ n: count() }).from(r).where(where),
    ]);
    const targets = await this.targets(rows.map((row) => row.report));
    const items = rows.map(({ report, reporterNickname }) => this.reportView(report, reporterNickname, targets));
    return pageOf(items, query, total!.n);
  }

  /** Resolves or dismisses a pending report; resolving with `removeContent` also removes what it is about. */
  async handleReport(adminId: number, id: number, input: { status: 'resolved' | 'dismissed'; resolution?: string | null; removeContent?: boolean }) {
    const [report] = await this.db.select().from(communityReports).where(eq(communityReports.id, id));
    if (!report) throw notFound(AdminMessage.REPORT_NOT_FOUND);
    if (report.status !== 'pending') throw conflict(AdminMessage.REPORT_ALREADY_HANDLED);
    if (input.status === 'resolved' && input.removeContent) {
      // Already gone (its author deleted it) is fine: the report is resolved all the same.
      await this.removeContent(adminId, report.targetType, report.targetId).catch((error) => {
        if ((error as { status?: number }).status !== 404) throw error;
      });
    }
    await this.db
      .update(communityReports)
      .set({ status: input.status, resolvedBy: adminId, resolvedAt: new Date(), resolution: input.resolution ?? (input.removeContent ? REMOVED_BY_ADMIN : null) })
      .where(and(eq(communityReports.id, id), eq(communityReports.status, 'pending')));
    const [row] = await this.db.select({ report: communityReports, reporterNickname: users.name }).from(communityReports).innerJoin(users, eq(users.id, communityReports.reporterId)).where(eq(communityReports.id, id));
    return this.reportView(row!.report, row!.reporterNickname, await this.targets([row!.report]));
  }

  async stats(now = new Date()) {
    const live = isNull(communityPosts.deletedAt);
    const [[userCounts], [posts], [comments], [pendingReports], last7Days, last30Days, active7, active30, moodRecords, aiMessages, flaggedConversations] = await Promise.all([
      this.db.select({ total: count() }).from(users),
      this.db.select({ n: count() }).from(communityPosts).where(live),
      this.db
        .select({ n: count() })
        .from(communityComments)
        .innerJoin(communityPosts, eq(communityPosts.id, communityComments.postId))
        .where(and(isNull(communityComments.deletedAt), live)),
      this.db.select({ n: count() }).from(communityReports).where(eq(communityReports.status, 'pending')),
      this.activity.dailyActives(7, now),
      this.activity.dailyActives(30, now),
      this.activity.activeUsers(7, now),
      this.activity.activeUsers(30, now),
      this.sources.moodRecords?.() ?? null,
      this.sources.aiMessages?.() ?? null,
      this.sources.flaggedConversations?.() ?? null,
    ]);
    const [suspended] = await this.db.select({ n: count() }).from(users).where(eq(users.isActive, false));
    return {
      users: { total: userCounts!.total, suspended: suspended!.n },
      activeUsers: { last7Days: active7, last30Days: active30 },
      dailyActiveUsers: { last7Days, last30Days },
      moodRecords,
      posts: posts!.n,
      comments: comments!.n,
      pendingReports: pendingReports!.n,
      aiMessages,
      flaggedConversations,
    };
  }

  private async userById(userId: number) {
    const [row] = await this.db
      .select({ user: users, suspension: userSuspensions })
      .from(users)
      .leftJoin(userSuspensions, eq(userSuspensions.userId, users.id))
      .where(eq(users.id, userId));
    if (!row) throw notFound(AdminMessage.USER_NOT_FOUND);
    const roles = await this.identity.roles(userId);
    const { user, suspension } = row;
    return {
      id: user.id,
      email: user.email,
      nickname: user.name,
      provider: user.provider,
      emailVerified: user.emailVerified,
      roles,
      isActive: user.isActive,
      suspension: !user.isActive && suspension ? { reason: suspension.reason, endsAt: suspension.endsAt, suspendedBy: suspension.suspendedBy, createdAt: suspension.createdAt } : null,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
    };
  }

  /** What reports are about, as admins need to judge them: the real author included. */
  private async targets(reports: Array<typeof communityReports.$inferSelect>) {
    const ids = (type: ReportTarget) => [...new Set(reports.filter((r) => r.targetType === type).map((r) => r.targetId))];
    const postIds = ids('post');
    const commentIds = ids('comment');
    const [posts, comments] = await Promise.all([
      postIds.length
        ? this.db
            .select({ id: communityPosts.id, postId: communityPosts.id, authorId: communityPosts.userId, authorNickname: users.name, title: communityPosts.title, content: communityPosts.content, isAnonymous: communityPosts.isAnonymous, deletedAt: communityPosts.deletedAt })
            .from(communityPosts)
            .innerJoin(users, eq(users.id, communityPosts.userId))
            .where(inArray(communityPosts.id, postIds))
        : [],
      commentIds.length
        ? this.db
            .select({ id: communityComments.id, postId: communityComments.postId, authorId: communityComments.userId, authorNickname: users.name, content: communityComments.content, isAnonymous: communityComments.isAnonymous, deletedAt: communityComments.deletedAt })
            .from(communityComments)
            .innerJoin(users, eq(users.id, communityComments.userId))
            .where(inArray(communityComments.id, commentIds) as SQL)
        : [],
    ]);
    return {
      post: new Map(posts.map((t) => [t.id, { ...t, title: t.title as string | null }])),
      comment: new Map(comments.map((t) => [t.id, { ...t, title: null as string | null }])),
    };
  }

  private reportView(report: typeof communityReports.$inferSelect, reporterNickname: string, targets: Awaited<ReturnType<Admin['targets']>>) {
    const target = targets[report.targetType].get(report.targetId);
    return {
      id: report.id,
      targetType: report.targetType,
      targetId: report.targetId,
      reason: report.reason,
      note: report.note,
      status: report.status,
      reporter: { id: report.reporterId, nickname: reporterNickname },
      target: target
        ? { postId: target.postId, authorId: target.authorId, authorNickname: target.authorNickname, isAnonymous: target.isAnonymous, title: target.title, content: target.content, deleted: target.deletedAt !== null }
        : null,
      resolvedBy: report.resolvedBy,
      resolvedAt: report.resolvedAt,
      resolution: report.resolution,
      createdAt: report.createdAt,
    };
  }
}
