import { type SQL, and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, type Tx, isUniqueViolation } from '../../../platform/db/database';
import { badRequest, conflict, fieldError, forbidden, notFound } from '../../../platform/http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Storage } from '../../../platform/storage';
import { pictureUrl } from '../../../platform/storage/reference';
import type { MindpauseFiles } from '../files/service';
import type { CommunityNotices } from './notices';
import { fileAttachments } from '../files/tables';
import { users } from '../users/tables';
import { CommunityMessage } from './messages';
import type { POST_CATEGORIES, REPORT_REASONS, REPORT_TARGETS } from './tables';
import { communityComments, communityPostImages, communityPostLikes, communityPosts, communityReports } from './tables';

export type PostCategory = (typeof POST_CATEGORIES)[number];
export type ReportReason = (typeof REPORT_REASONS)[number];
export type ReportTarget = (typeof REPORT_TARGETS)[number];

export interface PostInput {
  category: PostCategory;
  title: string;
  content: string;
  isAnonymous?: boolean;
  attachmentIds?: number[];
}
export interface CommentInput {
  content: string;
  isAnonymous?: boolean;
}

export interface AuthorView {
  id: number;
  nickname: string;
  profileImageUrl: string | null;
}

const p = communityPosts;
const c = communityComments;
const DELETED_BY_AUTHOR = 'author';
export const DELETED_BY_ADMIN = 'admin';

/** A selected row: each column's data, nullable where the column is. */
type Row<T> = { [K in keyof T]: T[K] extends { _: { data: infer D; notNull: infer N } } ? (N extends true ? D : D | null) : never };

const postColumns = {
  id: p.id,
  userId: p.userId,
  category: p.category,
  title: p.title,
  content: p.content,
  isAnonymous: p.isAnonymous,
  viewCount: p.viewCount,
  likeCount: p.likeCount,
  commentCount: p.commentCount,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  nickname: users.name,
  picture: users.profileImageUrl,
};
type PostRow = Row<typeof postColumns>;

/**
 * Document 002's community: posts, likes, comments and reports. An anonymous post or comment
 * never names its author to anyone (the author included, so no answer differs by who asks but for
 * `isMine`); ownership is checked on the row, not on what is shown.
 */
export class Community {
  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
    private readonly files: MindpauseFiles,
    private readonly notices: Pick<CommunityNotices, 'commented' | 'liked'>,
  ) {}

  async createPost(userId: number, input: PostInput) {
    const images = await this.checkImages(userId, input.attachmentIds);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(p)
        .values({ userId, category: input.category, title: input.title, content: input.content, isAnonymous: input.isAnonymous ?? false })
        .returning({ id: p.id });
      await this.setImages(tx, row!.id, images);
      return row!.id;
    });
    return this.post(id, userId, { countView: false });
  }

  async listPosts(viewerId: number, query: PageQuery & { sort: 'latest' | 'popular'; category?: PostCategory }) {
    const where = and(isNull(p.deletedAt), query.category ? eq(p.category, query.category) : undefined);
    const order = query.sort === 'popular' ? [desc(p.likeCount), desc(p.commentCount), desc(p.createdAt), desc(p.id)] : [desc(p.createdAt), desc(p.id)];
    const [rows, [total]] = await Promise.all([
      this.db
        .select(postColumns)
        .from(p)
        .innerJoin(users, eq(users.id, p.userId))
        .where(where)
        .orderBy(...order)
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db.select({ n: count() }).from(p).where(where),
    ]);
    return pageOf(await this.postViews(rows, viewerId), query, total!.n);
  }

  /** A post as its reader sees it; reading it counts a view. */
  async post(id: number, viewerId: number, { countView = true } = {}) {
    if (countView) {
      const [seen] = await this.db
        .update(p)
        .set({ viewCount: sql`${p.viewCount} + 1`, updatedAt: sql`${p.updatedAt}` })
        .where(and(eq(p.id, id), isNull(p.deletedAt)))
        .returning({ id: p.id });
      if (!seen) throw notFound(CommunityMessage.POST_NOT_FOUND);
    }
    const [row] = await this.db
      .select(postColumns)
      .from(p)
      .innerJoin(users, eq(users.id, p.userId))
      .where(and(eq(p.id, id), isNull(p.deletedAt)));
    if (!row) throw notFound(CommunityMessage.POST_NOT_FOUND);
    return (await this.postViews([row], viewerId))[0]!;
  }

  async updatePost(id: number, userId: number, patch: Partial<PostInput>) {
    await this.ownPost(id, userId);
    const images = patch.attachmentIds === undefined ? undefined : await this.checkImages(userId, patch.attachmentIds);
    const { attachmentIds: _ignored, ...columns } = patch;
    await this.db.transaction(async (tx) => {
      // updatedAt changes even when only the images do.
      await tx
        .update(p)
        .set({ ...columns, updatedAt: new Date() })
        .where(eq(p.id, id));
      if (images) await this.setImages(tx, id, images);
    });
    return this.post(id, userId, { countView: false });
  }

  async deletePost(id: number, userId: number) {
    await this.ownPost(id, userId);
    await this.removePost(id, DELETED_BY_AUTHOR);
  }

  /** Soft delete: the post disappears for everyone; reports keep pointing at it. */
  async removePost(id: number, by: string, tx: Db | Tx = this.db): Promise<boolean> {
    const removed = await tx
      .update(p)
      .set({ deletedAt: new Date(), deletedBy: by })
      .where(and(eq(p.id, id), isNull(p.deletedAt)))
      .returning({ id: p.id });
    return removed.length > 0;
  }

  async like(postId: number, userId: number) {
    const { added, likeCount } = await this.db.transaction(async (tx) => {
      await this.livePost(tx, postId);
      // The primary key makes a second like (or two at once) a no-op, so the count stays exact.
      const added = await tx.insert(communityPostLikes).values({ postId, userId }).onConflictDoNothing().returning({ postId: communityPostLikes.postId });
      const [row] = added.length
        ? await tx
            .update(p)
            .set({ likeCount: sql`${p.likeCount} + 1`, updatedAt: sql`${p.updatedAt}` })
            .where(eq(p.id, postId))
            .returning({ likeCount: p.likeCount })
        : await tx.select({ likeCount: p.likeCount }).from(p).where(eq(p.id, postId));
      return { added: added.length > 0, likeCount: row!.likeCount };
    });
    if (added) await this.notices.liked(postId, userId, likeCount);
    return { postId, liked: true, likeCount };
  }

  async unlike(postId: number, userId: number) {
    return this.db.transaction(async (tx) => {
      await this.livePost(tx, postId);
      const removed = await tx
        .delete(communityPostLikes)
        .where(and(eq(communityPostLikes.postId, postId), eq(communityPostLikes.userId, userId)))
        .returning({ postId: communityPostLikes.postId });
      const [row] = removed.length
        ? await tx
            .update(p)
            .set({ likeCount: sql`${p.likeCount} - 1`, updatedAt: sql`${p.updatedAt}` })
            .where(eq(p.id, postId))
            .returning({ likeCount: p.likeCount })
        : await tx.select({ likeCount: p.likeCount }).from(p).where(eq(p.id, postId));
      return { postId, liked: false, likeCount: row!.likeCount };
    });
  }

  async createComment(postId: number, userId: number, input: CommentInput) {
    const { id, isAnonymous } = await this.db.transaction(async (tx) => {
      const post = await this.livePost(tx, postId);
      // The author of an anonymous post comments anonymously on it, or their name would give the post away.
      const isAnonymous = (input.isAnonymous ?? false) || (post.isAnonymous && post.userId === userId);
      const [row] = await tx.insert(c).values({ postId, userId, content: input.content, isAnonymous }).returning({ id: c.id });
      await tx
        .update(p)
        .set({ commentCount: sql`${p.commentCount} + 1`, updatedAt: sql`${p.updatedAt}` })
        .where(eq(p.id, postId));
      return { id: row!.id, isAnonymous };
    });
    await this.notices.commented(postId, { id, userId, content: input.content, isAnonymous });
    return this.comment(id, userId);
  }

  async listComments(postId: number, viewerId: number, query: PageQuery) {
    const post = await this.livePost(this.db, postId);
    const where = and(eq(c.postId, postId), isNull(c.deletedAt));
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ ...commentColumns })
        .from(c)
        .innerJoin(users, eq(users.id, c.userId))
        .where(where)
        .orderBy(asc(c.createdAt), asc(c.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db.select({ n: count() }).from(c).where(where),
    ]);
    const items = await Promise.all(rows.map((row) => this.commentView(row, post, viewerId)));
    return pageOf(items, query, total!.n);
  }

  async updateComment(id: number, userId: number, input: { content: string }) {
    const comment = await this.liveComment(id);
    if (comment.userId !== userId) throw forbidden(CommunityMessage.NOT_THE_AUTHOR);
    await this.db.update(c).set({ content: input.content }).where(eq(c.id, id));
    return this.comment(id, userId);
  }

  async deleteComment(id: number, userId: number) {
    const comment = await this.liveComment(id);
    if (comment.userId !== userId) throw forbidden(CommunityMessage.NOT_THE_AUTHOR);
    await this.removeComment(id, DELETED_BY_AUTHOR);
  }

  async removeComment(id: number, by: string, tx: Db | Tx = this.db): Promise<boolean> {
    const [removed] = await tx
      .update(c)
      .set({ deletedAt: new Date(), deletedBy: by })
      .where(and(eq(c.id, id), isNull(c.deletedAt)))
      .returning({ postId: c.postId });
    if (!removed) return false;
    await tx
      .update(p)
      .set({ commentCount: sql`greatest(${p.commentCount} - 1, 0)`, updatedAt: sql`${p.updatedAt}` })
      .where(eq(p.id, removed.postId));
    return true;
  }

  async report(userId: number, targetType: ReportTarget, targetId: number, input: { reason: ReportReason; note?: string | null }) {
    const owner = targetType === 'post' ? (await this.livePost(this.db, targetId)).userId : (await this.liveComment(targetId)).userId;
    if (owner === userId) throw badRequest(CommunityMessage.CANNOT_REPORT_OWN);
    try {
      const [row] = await this.db
        .insert(communityReports)
        .values({ reporterId: userId, targetType, targetId, reason: input.reason, note: input.note ?? null })
        .returning();
      const { id, reason, note, status, createdAt } = row!;
      return { id, targetType, targetId, reason, note, status, createdAt };
    } catch (error) {
      if (isUniqueViolation(error, 'unique_report_per_user_target')) throw conflict(CommunityMessage.ALREADY_REPORTED);
      throw error;
    }
  }

  // --- views -------------------------------------------------------------------------------

  private async postViews(rows: PostRow[], viewerId: number) {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [liked, images] = await Promise.all([
      this.db
        .select({ postId: communityPostLikes.postId })
        .from(communityPostLikes)
        .where(and(eq(communityPostLikes.userId, viewerId), inArray(communityPostLikes.postId, ids))),
      this.db
        .select({ postId: communityPostImages.postId, id: fileAttachments.id, key: fileAttachments.fileKey, mimeType: fileAttachments.mimeType })
        .from(communityPostImages)
        .innerJoin(fileAttachments, eq(fileAttachments.id, communityPostImages.attachmentId))
        .where(inArray(communityPostImages.postId, ids))
        .orderBy(asc(communityPostImages.position)),
    ]);
    const likedIds = new Set(liked.map((l) => l.postId));
    return Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        category: row.category,
        title: row.title,
        content: row.content,
        isAnonymous: row.isAnonymous,
        author: await this.author(row.isAnonymous, row.userId, row.nickname, row.picture),
        isMine: row.userId === viewerId,
        likedByMe: likedIds.has(row.id),
        viewCount: row.viewCount,
        likeCount: row.likeCount,
        commentCount: row.commentCount,
        images: await Promise.all(
          images.filter((i) => i.postId === row.id).map(async (i) => ({ id: i.id, url: await this.files.url(i.key), mimeType: i.mimeType })),
        ),
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      })),
    );
  }

  private async comment(id: number, viewerId: number) {
    const [row] = await this.db
      .select(commentColumns)
      .from(c)
      .innerJoin(users, eq(users.id, c.userId))
      .where(and(eq(c.id, id), isNull(c.deletedAt)));
    if (!row) throw notFound(CommunityMessage.COMMENT_NOT_FOUND);
    const post = await this.livePost(this.db, row.postId);
    return this.commentView(row, post, viewerId);
  }

  private async commentView(row: CommentRow, post: { userId: number; isAnonymous: boolean }, viewerId: number) {
    const byPostAuthor = row.userId === post.userId;
    return {
      id: row.id,
      postId: row.postId,
      content: row.content,
      isAnonymous: row.isAnonymous,
      author: await this.author(row.isAnonymous, row.userId, row.nickname, row.picture),
      isMine: row.userId === viewerId,
      // "글쓴이": only where it gives nobody away (an anonymous comment on a named post would be named by it).
      isPostAuthor: byPostAuthor && (post.isAnonymous || !row.isAnonymous),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private async author(anonymous: boolean, id: number, nickname: string, picture: string | null): Promise<AuthorView | null> {
    return anonymous ? null : { id, nickname, profileImageUrl: await pictureUrl(this.storage, picture) };
  }

  // --- checks ------------------------------------------------------------------------------

  private async checkImages(userId: number, ids: number[] | undefined) {
    if (!ids?.length) return [];
    const owned = await this.files.ownImages(userId, ids);
    const ownedIds = new Set(owned.map((a) => a.id));
    const missing = ids.findIndex((id) => !ownedIds.has(id));
    if (missing >= 0) throw fieldError(`attachmentIds.${missing}`, CommunityMessage.ATTACHMENT_NOT_YOURS);
    return ids;
  }

  private async setImages(tx: Tx, postId: number, attachmentIds: number[]) {
    await tx.delete(communityPostImages).where(eq(communityPostImages.postId, postId));
    if (attachmentIds.length) await tx.insert(communityPostImages).values(attachmentIds.map((attachmentId, position) => ({ postId, attachmentId, position })));
  }

  private async livePost(db: Db | Tx, id: number) {
    const [row] = await db
      .select({ userId: p.userId, isAnonymous: p.isAnonymous })
      .from(p)
      .where(and(eq(p.id, id), isNull(p.deletedAt)));
    if (!row) throw notFound(CommunityMessage.POST_NOT_FOUND);
    return row;
  }

  private async ownPost(id: number, userId: number) {
    const post = await this.livePost(this.db, id);
    if (post.userId !== userId) throw forbidden(CommunityMessage.NOT_THE_AUTHOR);
  }

  private async liveComment(id: number) {
    const [row] = await this.db
      .select({ userId: c.userId, postId: c.postId })
      .from(c)
      .innerJoin(p, eq(p.id, c.postId))
      .where(and(eq(c.id, id), isNull(c.deletedAt), isNull(p.deletedAt)) as SQL);
    if (!row) throw notFound(CommunityMessage.COMMENT_NOT_FOUND);
    return row;
  }
}

const commentColumns = {
  id: c.id,
  postId: c.postId,
  userId: c.userId,
  content: c.content,
  isAnonymous: c.isAnonymous,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  nickname: users.name,
  picture: users.profileImageUrl,
};
type CommentRow = Row<typeof commentColumns>;
