import { type SQL, and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../../platform/db/database';
import { conflict, notFound } from '../../../platform/http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import { CommunityMessage } from '../community/messages';
import { DELETED_BY_ADMIN, type Community } from '../community/service';
import type { REPORT_STATUSES, REPORT_TARGETS } from '../community/tables';
import { communityComments, communityPosts, communityReports } from '../community/tables';
import { users } from '../users/tables';
import type { ActivityLog } from './activity';
import { AdminMessage } from './messages';

export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportTarget = (typeof REPORT_TARGETS)[number];

/** What the admin stats learn from the other parts of the app (moods, counselling). */
export interface StatSources {
  moodRecords?: () => Promise<number>;
  aiMessages?: () => Promise<number>;
  flaggedConversations?: () => Promise<number>;
}

const REMOVED_BY_ADMIN = 'removed by admin';

/** Document 002's Phase 5.3 admin work, and the report queue. */
export class Admin {
  constructor(
    private readonly db: Db,
    private readonly community: Community,
    private readonly activity: ActivityLog,
    private readonly sources: StatSources,
  ) {}

  /** Removes a post or comment and resolves every pending report on it. */
  async removeContent(adminId: number, targetType: ReportTarget, targetId: number) {
    const removed = await this.db.transaction((tx) => this.remove(tx, adminId, targetType, targetId));
    if (!removed) throw notFound(targetType === 'post' ? CommunityMessage.POST_NOT_FOUND : CommunityMessage.COMMENT_NOT_FOUND);
  }

  /** The removal itself, in the caller's transaction: false when it was gone already. */
  private async remove(tx: Tx, adminId: number, targetType: ReportTarget, targetId: number): Promise<boolean> {
    const done =
      targetType === 'post'
        ? await this.community.removePost(targetId, DELETED_BY_ADMIN, tx)
        : await this.community.removeComment(targetId, DELETED_BY_ADMIN, tx);
    if (!done) return false;
    await tx
      .update(communityReports)
      .set({ status: 'resolved', resolvedBy: adminId, resolvedAt: new Date(), resolution: REMOVED_BY_ADMIN })
      .where(and(eq(communityReports.targetType, targetType), eq(communityReports.targetId, targetId), eq(communityReports.status, 'pending')));
    return true;
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
    const removing = input.status === 'resolved' && input.removeContent === true;
    await this.db.transaction(async (tx) => {
      // This report is settled first, with the admin's own note, so the removal's blanket
      // resolution of the other reports on the same content does not overwrite it.
      const [handled] = await tx
        .update(communityReports)
        .set({ status: input.status, resolvedBy: adminId, resolvedAt: new Date(), resolution: input.resolution ?? (removing ? REMOVED_BY_ADMIN : null) })
        .where(and(eq(communityReports.id, id), eq(communityReports.status, 'pending')))
        .returning({ id: communityReports.id });
      if (!handled) throw conflict(AdminMessage.REPORT_ALREADY_HANDLED);
      // Already gone (its author deleted it) is fine: the report is resolved all the same.
      if (removing) await this.remove(tx, adminId, report.targetType, report.targetId);
    });
    const [row] = await this.db
      .select({ report: communityReports, reporterNickname: users.name })
      .from(communityReports)
      .innerJoin(users, eq(users.id, communityReports.reporterId))
      .where(eq(communityReports.id, id));
    return this.reportView(row!.report, row!.reporterNickname, await this.targets([row!.report]));
  }

  async stats(now = new Date()) {
    const live = isNull(communityPosts.deletedAt);
    const [[userCounts], [posts], [comments], [pendingReports], last7Days, last30Days, active7, active30, moodRecords, aiMessages, flaggedConversations] =
      await Promise.all([
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

  /** What reports are about, as admins need to judge them: the real author included. */
  private async targets(reports: Array<typeof communityReports.$inferSelect>) {
    const ids = (type: ReportTarget) => [...new Set(reports.filter((r) => r.targetType === type).map((r) => r.targetId))];
    const postIds = ids('post');
    const commentIds = ids('comment');
    const [posts, comments] = await Promise.all([
      postIds.length
        ? this.db
            .select({
              id: communityPosts.id,
              postId: communityPosts.id,
              authorId: communityPosts.userId,
              authorNickname: users.name,
              title: communityPosts.title,
              content: communityPosts.content,
              isAnonymous: communityPosts.isAnonymous,
              deletedAt: communityPosts.deletedAt,
            })
            .from(communityPosts)
            .innerJoin(users, eq(users.id, communityPosts.userId))
            .where(inArray(communityPosts.id, postIds))
        : [],
      commentIds.length
        ? this.db
            .select({
              id: communityComments.id,
              postId: communityComments.postId,
              authorId: communityComments.userId,
              authorNickname: users.name,
              content: communityComments.content,
              isAnonymous: communityComments.isAnonymous,
              deletedAt: communityComments.deletedAt,
            })
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
        ? {
            postId: target.postId,
            authorId: target.authorId,
            authorNickname: target.authorNickname,
            isAnonymous: target.isAnonymous,
            title: target.title,
            content: target.content,
            deleted: target.deletedAt !== null,
          }
        : null,
      resolvedBy: report.resolvedBy,
      resolvedAt: report.resolvedAt,
      resolution: report.resolution,
      createdAt: report.createdAt,
    };
  }
}
