import { and, asc, count, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type ChatModel, type TokenUsage } from '../../../platform/ai/client';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import { CounsellingCode } from './messages';
import { extractiveSummary, modelSummary, promptTurns } from './prompt';
import { supportiveReply } from './responder';
import { AI_DISCLOSURE, SAFETY_MESSAGE, asksIdentity, detectCrisis, isCrisisCategory, isUnsafeReply } from './safety';
import { type ReplySource, chatConversations, chatFlags, chatMessages } from './tables';

type ConversationRow = typeof chatConversations.$inferSelect;
type MessageRow = typeof chatMessages.$inferSelect;

export interface CounsellingOptions {
  db: Db;
  /** The AI provider; without it the built-in responder answers every message. */
  model?: ChatModel;
  /** At most this many recent messages go to the model; older ones are folded into the summary. */
  contextMessages: number;
  logger: Logger;
}

/** A user's message, saved, waiting for its answer. */
export interface Turn {
  conversation: ConversationRow;
  userMessage: MessageRow;
}

export interface AnswerOptions {
  /** Aborts the provider call (the client went away). */
  signal?: AbortSignal;
  /** Streams the reply: called with each piece of text in order. */
  onDelta?: (delta: string) => void;
}

/** The reply was cut off after part of it had been streamed; nothing of it is saved. */
export class ReplyInterruptedError extends Error {
  constructor(cause: unknown) {
    super('the reply was cut off', { cause });
  }
}

export const messageView = (m: MessageRow) => ({
  id: m.id,
  role: m.role,
  content: m.content,
  source: m.source,
  model: m.model,
  usage: m.totalTokens === null ? null : { promptTokens: m.promptTokens ?? 0, completionTokens: m.completionTokens ?? 0, totalTokens: m.totalTokens },
  createdAt: m.createdAt,
});

const conversationView = (c: ConversationRow) => ({
  id: c.id,
  title: c.title,
  messageCount: c.messageCount,
  lastMessageAt: c.lastMessageAt,
  createdAt: c.createdAt,
});

const mine = (userId: number, id: number) => and(eq(chatConversations.id, id), eq(chatConversations.userId, userId), isNull(chatConversations.deletedAt));

/**
 * Document 002's AI counselling chat. Every message goes through the safety rules first (and the
 * provider's moderation when there is one); crisis language is answered with the crisis lines and
 * flags the conversation, without asking the model. Otherwise the model answers from the system
 * prompt, the summary and the recent messages; its reply is checked again before it is kept. When
 * the provider is missing, fails or times out, the built-in responder answers.
 */
export class Counselling {
  constructor(private readonly o: CounsellingOptions) {}

  async create(userId: number, title?: string) {
    const [row] = await this.o.db
      .insert(chatConversations)
      .values({ userId, title: title ?? null })
      .returning();
    return conversationView(row!);
  }

  async list(userId: number, page: PageQuery) {
    const where = and(eq(chatConversations.userId, userId), isNull(chatConversations.deletedAt));
    const [rows, [total]] = await Promise.all([
      this.o.db
        .select()
        .from(chatConversations)
        .where(where)
        .orderBy(desc(chatConversations.lastMessageAt), desc(chatConversations.id))
        .limit(page.limit)
        .offset(offsetOf(page)),
      this.o.db.select({ n: count() }).from(chatConversations).where(where),
    ]);
    return pageOf(rows.map(conversationView), page, total?.n ?? 0);
  }

  async get(userId: number, id: number, limit: number) {
    const conversation = await this.owned(userId, id);
    const rows = await this.o.db
      .select()
      .from(chatMessages)
      .where(eq(chatMessages.conversationId, id))
      .orderBy(desc(chatMessages.id))
      .limit(limit + 1);
    const hasEarlierMessages = rows.length > limit;
    return { ...conversationView(conversation), messages: rows.slice(0, limit).reverse().map(messageView), hasEarlierMessages };
  }

  /** Hidden from its owner at once; a flagged conversation stays for the admins' review. */
  async remove(userId: number, id: number) {
    const [row] = await this.o.db.update(chatConversations).set({ deletedAt: new Date() }).where(mine(userId, id)).returning({ id: chatConversations.id });
    if (!row) throw notFound(CounsellingCode.COUNSELLING_CONVERSATION_NOT_FOUND);
    return { id: row.id, deleted: true as const };
  }

  /** The midnight clean-up: conversations their owners deleted go for good once no flag waits on them. */
  async purgeDeleted(): Promise<number> {
    const gone = await this.o.db
      .delete(chatConversations)
      .where(and(isNotNull(chatConversations.deletedAt), isNull(chatConversations.flaggedAt)))
      .returning({ id: chatConversations.id });
    return gone.length;
  }

  /** Checks the conversation is the caller's and saves their message. */
  async begin(userId: number, id: number, content: string): Promise<Turn> {
    const conversation = await this.owned(userId, id);
    const userMessage = await this.o.db.transaction(async (tx) => {
      const [message] = await tx.insert(chatMessages).values({ conversationId: id, role: 'user', content }).returning();
      await tx
        .update(chatConversations)
        .set({
          messageCount: sql`${chatConversations.messageCount} + 1`,
          lastMessageAt: message!.createdAt,
          // The first words name a conversation started without a title.
          title: sql`coalesce(${chatConversations.title}, ${titleFrom(content)})`,
        })
        .where(eq(chatConversations.id, id));
      return message!;
    });
    return { conversation, userMessage };
  }

  /** The assistant's reply to a saved message: safety first, then the model or the built-in responder. */
  async answer(
    turn: Turn,
    options: AnswerOptions = {},
  ): Promise<{ userMessage: ReturnType<typeof messageView>; assistantMessage: ReturnType<typeof messageView> }> {
    const { conversation, userMessage } = turn;
    const { model, logger } = this.o;
    const content = userMessage.content;

    const crisis = await this.crisisIn(content, options.signal);
    if (crisis) {
      await this.flag(conversation.id, userMessage.id, crisis);
      options.onDelta?.(SAFETY_MESSAGE);
      return this.keep(turn, { content: SAFETY_MESSAGE, source: 'safety' });
    }

    const [{ n: replies } = { n: 0 }] = await this.o.db
      .select({ n: count() })
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, conversation.id), eq(chatMessages.role, 'assistant')));
    const prefix = replies === 0 || asksIdentity(content) ? `${AI_DISCLOSURE}\n\n` : '';
    let streamed = false;
    const emit = (delta: string) => {
      if (!options.onDelta) return;
      if (!streamed && prefix) options.onDelta(prefix);
      streamed = true;
      options.onDelta(delta);
    };

    const { summary, recent } = await this.context(conversation, userMessage);
    if (model) {
      // The rules read the reply as it streams: an unsafe reply is stopped where it turns unsafe.
      const stop = new AbortController();
      const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
      let sofar = '';
      let unsafe = false;
      try {
        const completion = await model.complete(promptTurns(summary, recent), {
          signal,
          onDelta: options.onDelta
            ? (delta) => {
                if (unsafe) return;
                sofar += delta;
                if (isUnsafeReply(sofar)) {
                  unsafe = true;
                  stop.abort();
                } else emit(delta);
              }
            : undefined,
        });
        unsafe ||= isUnsafeReply(completion.text) || (await this.moderationFlags(completion.text, options.signal));
        if (!unsafe && completion.text.trim())
          return this.keep(turn, { content: prefix + completion.text.trim(), source: 'model', model: completion.model, usage: completion.usage });
        if (unsafe) logger.warn({ conversationId: conversation.id }, 'the model reply failed the safety check and was replaced');
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (!unsafe) {
          if (streamed) throw new ReplyInterruptedError(error);
          logger.warn({ err: error, conversationId: conversation.id }, 'the AI provider failed; the built-in responder answers');
        }
      }
      if (unsafe) {
        await this.flag(conversation.id, userMessage.id, 'unsafe-reply');
        return this.keep(turn, { content: SAFETY_MESSAGE, source: 'safety' });
      }
    }

    const reply = supportiveReply({ text: content, conversationId: conversation.id, turn: conversation.messageCount });
    // Sent a sentence at a time, like a model would, so clients handle both alike.
    for (const piece of reply.split(/(?<=[.?!]\s)/)) emit(piece);
    return this.keep(turn, { content: prefix + reply, source: 'fallback' });
  }

  private async owned(userId: number, id: number): Promise<ConversationRow> {
    const [row] = await this.o.db.select().from(chatConversations).where(mine(userId, id));
    if (!row) throw notFound(CounsellingCode.COUNSELLING_CONVERSATION_NOT_FOUND);
    return row;
  }

  /** The flag reason when the message is crisis language: the rules, then the provider's moderation. */
  private async crisisIn(content: string, signal?: AbortSignal): Promise<string | undefined> {
    const rule = detectCrisis(content);
    if (rule) return `rules:${rule.rule}`;
    const moderate = this.o.model?.moderate;
    if (!moderate) return undefined;
    try {
      const result = await moderate(content, signal);
      const categories = result.categories.filter(isCrisisCategory);
      if (result.flagged && categories.length) return `moderation:${categories.join(',')}`.slice(0, 200);
    } catch (error) {
      if (signal?.aborted) throw error;
      this.o.logger.warn({ err: error }, 'moderation failed; the safety rules alone decide');
    }
    return undefined;
  }

  private async moderationFlags(text: string, signal?: AbortSignal): Promise<boolean> {
    const moderate = this.o.model?.moderate;
    if (!moderate || !text.trim()) return false;
    try {
      return (await moderate(text, signal)).flagged;
    } catch (error) {
      if (signal?.aborted) throw error;
      this.o.logger.warn({ err: error }, 'moderation of a reply failed; the safety rules alone decide');
      return false;
    }
  }

  private async flag(conversationId: number, messageId: number, reason: string) {
    await this.o.db.transaction(async (tx) => {
      const [flag] = await tx.insert(chatFlags).values({ conversationId, messageId, reason }).returning();
      await tx.update(chatConversations).set({ flaggedAt: flag!.createdAt }).where(eq(chatConversations.id, conversationId));
    });
    this.o.logger.warn({ conversationId, messageId, reason }, 'counselling conversation flagged for review');
  }

  /**
   * The summary and the messages after it. When more than `contextMessages` wait, the oldest are
   * folded into the summary until half the window is left, so the summary is rewritten once every
   * few turns rather than on every one.
   */
  private async context(conversation: ConversationRow, userMessage: MessageRow) {
    const after = conversation.summarizedUpTo ?? 0;
    const rows = await this.o.db
      .select({ id: chatMessages.id, role: chatMessages.role, content: chatMessages.content })
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, conversation.id), gt(chatMessages.id, after)))
      .orderBy(asc(chatMessages.id));
    const upTo = rows.filter((row) => row.id <= userMessage.id);
    let summary = conversation.summary;
    if (upTo.length <= this.o.contextMessages) return { summary, recent: upTo };
    const keep = Math.max(1, Math.ceil(this.o.contextMessages / 2));
    const dropped = upTo.slice(0, upTo.length - keep);
    try {
      summary = this.o.model ? await modelSummary(this.o.model, summary, dropped) : extractiveSummary(summary, dropped);
    } catch (error) {
      this.o.logger.warn({ err: error, conversationId: conversation.id }, 'the model could not summarise; an extractive summary is kept');
      summary = extractiveSummary(summary, dropped);
    }
    const last = dropped.at(-1)!.id;
    // Another turn may have folded meanwhile: only the first writer moves the summary on.
    await this.o.db
      .update(chatConversations)
      .set({ summary, summarizedUpTo: last })
      .where(
        and(
          eq(chatConversations.id, conversation.id),
          conversation.summarizedUpTo === null ? isNull(chatConversations.summarizedUpTo) : eq(chatConversations.summarizedUpTo, conversation.summarizedUpTo),
        ),
      );
    return { summary, recent: upTo.slice(-keep) };
  }

  private async keep(turn: Turn, reply: { content: string; source: ReplySource; model?: string; usage?: TokenUsage }) {
    const assistant = await this.o.db.transaction(async (tx) => {
      const [message] = await tx
        .insert(chatMessages)
        .values({
          conversationId: turn.conversation.id,
          role: 'assistant',
          content: reply.content,
          source: reply.source,
          model: reply.model ?? null,
          promptTokens: reply.usage?.promptTokens ?? null,
          completionTokens: reply.usage?.completionTokens ?? null,
          totalTokens: reply.usage?.totalTokens ?? null,
        })
        .returning();
      await tx
        .update(chatConversations)
        .set({ messageCount: sql`${chatConversations.messageCount} + 1`, lastMessageAt: message!.createdAt })
        .where(eq(chatConversations.id, turn.conversation.id));
      return message!;
    });
    return { userMessage: messageView(turn.userMessage), assistantMessage: messageView(assistant) };
  }
}

function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0]!.trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
