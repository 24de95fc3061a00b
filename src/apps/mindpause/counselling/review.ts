import { and, count, desc, eq, gte, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import { CounsellingCode } from './messages';
import { type ReplySource, chatConversations, chatFlags, chatMessages } from './tables';

const EXCERPT = 300;

/**
 * What the admins see of the counselling chat: conversations the safety rules flagged, and how
 * many replies the assistant gave. A conversation stays in the queue (`flaggedAt` set) until an
 * admin resolves its open flags; each flag keeps its reason, message, time and review in chat_flags.
 */
export class CounsellingReview {
  constructor(private readonly db: Db) {}

  /** Conversations with open flags, latest flag first, each with its open flags and the flagged messages. */
  async flaggedConversations(page: PageQuery) {
    const where = isNotNull(chatConversations.flaggedAt);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(chatConversations)
        .where(where)
        .orderBy(desc(chatConversations.flaggedAt), desc(chatConversations.id))
        .limit(page.limit)
        .offset(offsetOf(page)),
      this.db.select({ n: count() }).from(chatConversations).where(where),
    ]);
    const ids = rows.map((row) => row.id);
    const flags = ids.length
      ? await this.db
          .select({
            id: chatFlags.id,
            conversationId: chatFlags.conversationId,
            reason: chatFlags.reason,
            messageId: chatFlags.messageId,
            createdAt: chatFlags.createdAt,
            message: chatMessages.content,
          })
          .from(chatFlags)
          .leftJoin(chatMessages, eq(chatMessages.id, chatFlags.messageId))
          .where(and(inArray(chatFlags.conversationId, ids), isNull(chatFlags.reviewedAt)))
          .orderBy(desc(chatFlags.id))
      : [];
    const items = rows.map((row) => ({
      id: row.id,
      userId: row.userId,
      title: row.title,
      messageCount: row.messageCount,
      lastMessageAt: row.lastMessageAt,
      flaggedAt: row.flaggedAt!,
      /** The owner deleted it; it is kept for this review. */
      deletedAt: row.deletedAt,
      flags: flags
        .filter((flag) => flag.conversationId === row.id)
        .map(({ id, reason, messageId, createdAt, message }) => ({
          id,
          reason,
          messageId,
          createdAt,
          message: message && message.length > EXCERPT ? `${message.slice(0, EXCERPT)}…` : message,
        })),
    }));
    return pageOf(items, page, total?.n ?? 0);
  }

  /** How many conversations wait for review. */
  async openFlagCount(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(chatConversations).where(isNotNull(chatConversations.flaggedAt));
    return row?.n ?? 0;
  }

  /** Marks every open flag of a conversation reviewed; 404 when it has none. */
  async resolveFlag(conversationId: number, adminId: number, note?: string | null) {
    return this.db.transaction(async (tx) => {
      const reviewedAt = new Date();
      const resolved = await tx
        .update(chatFlags)
        .set({ reviewedAt, reviewedBy: adminId, reviewNote: note?.slice(0, 1000) ?? null })
        .where(and(eq(chatFlags.conversationId, conversationId), isNull(chatFlags.reviewedAt)))
        .returning({ id: chatFlags.id });
      if (!resolved.length) throw notFound(CounsellingCode.COUNSELLING_FLAG_NOT_FOUND);
      await tx.update(chatConversations).set({ flaggedAt: null }).where(eq(chatConversations.id, conversationId));
      return { conversationId, resolvedFlags: resolved.length, reviewedAt, reviewedBy: adminId, reviewNote: note ?? null };
    });
  }

  /** How many replies the assistant gave (since a time, when given), in all and by source. */
  async aiMessageCount(since?: Date): Promise<{ total: number; bySource: Record<ReplySource, number> }> {
    const rows = await this.db
      .select({ source: chatMessages.source, n: count() })
      .from(chatMessages)
      .where(and(eq(chatMessages.role, 'assistant'), since ? gte(chatMessages.createdAt, since) : undefined))
      .groupBy(chatMessages.source);
    const bySource: Record<ReplySource, number> = { model: 0, fallback: 0, safety: 0 };
    for (const row of rows) if (row.source) bySource[row.source] = row.n;
    return { total: rows.reduce((sum, row) => sum + row.n, 0), bySource };
  }
}
