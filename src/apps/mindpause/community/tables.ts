import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, primaryKey, smallint, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumns } from '../../../platform/db/columns';
import { fileAttachments } from '../files/tables';
import { mindpause, users } from '../users/tables';

/** The boards of the community; the document names none, so these are the usual ones of Korean wellness communities. */
export const POST_CATEGORIES = ['daily', 'worry', 'gratitude', 'comfort', 'tips', 'free'] as const;
export const CATEGORY_LABELS: Record<(typeof POST_CATEGORIES)[number], { ko: string; en: string }> = {
  daily: { ko: '일상', en: 'Daily life' },
  worry: { ko: '고민 상담', en: 'Worries' },
  gratitude: { ko: '감사 일기', en: 'Gratitude' },
  comfort: { ko: '위로와 응원', en: 'Comfort and cheering' },
  tips: { ko: '마음 관리 팁', en: 'Self-care tips' },
  free: { ko: '자유', en: 'Free talk' },
};
export const REPORT_REASONS = ['spam', 'abuse', 'hate', 'sexual', 'self_harm', 'privacy', 'misinformation', 'other'] as const;
export const REPORT_TARGETS = ['post', 'comment'] as const;
export const REPORT_STATUSES = ['pending', 'resolved', 'dismissed'] as const;

export const postCategory = mindpause.enum('post_category', POST_CATEGORIES);
export const reportReason = mindpause.enum('report_reason', REPORT_REASONS);
export const reportTarget = mindpause.enum('report_target', REPORT_TARGETS);
export const reportStatus = mindpause.enum('report_status', REPORT_STATUSES);

const userRef = (name: string) =>
  bigint(name, { mode: 'number' })
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/** Document 002's CommunityPost. Removed posts stay (reports point at them) with `deletedAt`. */
export const communityPosts = mindpause.table(
  'community_posts',
  {
    id: idColumn(),
    userId: userRef('user_id'),
    category: postCategory('category').notNull(),
    title: varchar('title', { length: 100 }).notNull(),
    content: text('content').notNull(),
    /** The author is hidden from everyone else; the post is still theirs. */
    isAnonymous: boolean('is_anonymous').notNull().default(false),
    viewCount: integer('view_count').notNull().default(0),
    likeCount: integer('like_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** 'author' or 'admin'. */
    deletedBy: varchar('deleted_by', { length: 10 }),
    ...timestampColumns(),
  },
  (t) => [
    index('idx_community_posts_created').on(t.createdAt, t.id),
    index('idx_community_posts_category').on(t.category, t.createdAt),
    index('idx_community_posts_popular').on(t.likeCount, t.createdAt),
    index('idx_community_posts_user').on(t.userId),
    check('community_posts_counts_non_negative', sql`${t.likeCount} >= 0 AND ${t.commentCount} >= 0 AND ${t.viewCount} >= 0`),
  ],
);

/** The pictures of a post: the author's own uploaded attachments, in order. */
export const communityPostImages = mindpause.table(
  'community_post_images',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    attachmentId: bigint('attachment_id', { mode: 'number' })
      .notNull()
      .references(() => fileAttachments.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.attachmentId] })],
);

/** One like per user per post; the post keeps the count. */
export const communityPostLikes = mindpause.table(
  'community_post_likes',
  {
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    userId: userRef('user_id'),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] }), index('idx_community_post_likes_user').on(t.userId)],
);

/** Document 002's Comment. */
export const communityComments = mindpause.table(
  'community_comments',
  {
    id: idColumn(),
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => communityPosts.id, { onDelete: 'cascade' }),
    userId: userRef('user_id'),
    content: text('content').notNull(),
    isAnonymous: boolean('is_anonymous').notNull().default(false),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: varchar('deleted_by', { length: 10 }),
    ...timestampColumns(),
  },
  (t) => [index('idx_community_comments_post').on(t.postId, t.createdAt), index('idx_community_comments_user').on(t.userId)],
);

/** A user's report of a post or comment: one per user per target; admins resolve or dismiss it. */
export const communityReports = mindpause.table(
  'community_reports',
  {
    id: idColumn(),
    reporterId: userRef('reporter_id'),
    targetType: reportTarget('target_type').notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    reason: reportReason('reason').notNull(),
    note: varchar('note', { length: 500 }),
    status: reportStatus('status').notNull().default('pending'),
    resolvedBy: bigint('resolved_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: varchar('resolution', { length: 500 }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('unique_report_per_user_target').on(t.reporterId, t.targetType, t.targetId),
    index('idx_community_reports_status').on(t.status, t.createdAt),
    index('idx_community_reports_target').on(t.targetType, t.targetId),
  ],
);
