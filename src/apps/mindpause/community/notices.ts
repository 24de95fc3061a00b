import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Cache } from '../../../platform/cache';
import type { Db } from '../../../platform/db/database';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import { users } from '../users/tables';
import type { NotificationType } from '../types';
import { communityPosts } from './tables';

/** One like notice per post and person a day, however often they like and unlike. */
const LIKE_NOTICE_WINDOW_MS = 86_400_000;

const excerpt = (text: string, max: number) => {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
};

/**
 * Document 002's community notices to a post's author: `community_comment` when someone else
 * comments, `community_like` when someone else likes it, each only while the author's switch for
 * it is on. An anonymous comment stays anonymous in its notice, and a like never names who liked.
 * A notice that cannot be raised is logged; the comment or like stands.
 */
export class CommunityNotices {
  constructor(private readonly deps: { db: Db; notifier: Notifier<NotificationType>; cache: Cache; logger: Logger }) {}

  async commented(postId: number, comment: { id: number; userId: number; content: string; isAnonymous: boolean }): Promise<void> {
    await this.safely('community_comment', async () => {
      const post = await this.post(postId);
      if (!post || post.authorId === comment.userId || !post.author.comments) return;
      const [commenter] = await this.deps.db.select({ name: users.name }).from(users).where(eq(users.id, comment.userId));
      const who = comment.isAnonymous ? '익명' : (commenter?.name ?? '누군가');
      await this.deps.notifier.notify(post.authorId, {
        type: 'community_comment',
        title: '새 댓글이 달렸어요 💬',
        message: `${who}님이 '${excerpt(post.title, 30)}' 글에 댓글을 남겼어요: ${excerpt(comment.content, 60)}`,
        data: { postId, commentId: comment.id },
      });
    });
  }

  async liked(postId: number, likerId: number, likeCount: number): Promise<void> {
    await this.safely('community_like', async () => {
      const post = await this.post(postId);
      if (!post || post.authorId === likerId || !post.author.likes) return;
      // Claimed in the shared cache, so likes toggled on several nodes still make one notice.
      const { count } = await this.deps.cache.increment(`community:like-notice:${postId}:${likerId}`, LIKE_NOTICE_WINDOW_MS);
      if (count > 1) return;
      await this.deps.notifier.notify(post.authorId, {
        type: 'community_like',
        title: '공감을 받았어요 💛',
        message: `누군가 '${excerpt(post.title, 30)}' 글에 공감했어요. 지금까지 ${likeCount}명이 공감했어요.`,
        data: { postId, likeCount },
        priority: 'low',
      });
    });
  }

  private async post(postId: number) {
    const [row] = await this.deps.db
      .select({
        authorId: communityPosts.userId,
        title: communityPosts.title,
        author: { comments: users.commentNotificationEnabled, likes: users.likeNotificationEnabled },
      })
      .from(communityPosts)
      .innerJoin(users, eq(users.id, communityPosts.userId))
      .where(eq(communityPosts.id, postId));
    return row;
  }

  private async safely(type: NotificationType, raise: () => Promise<void>): Promise<void> {
    try {
      await raise();
    } catch (err) {
      this.deps.logger.error({ err, type }, 'community notice failed');
    }
  }
}
