import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { idColumn, createdAtColumn } from '../../../platform/db/columns';
import { mindpause, users } from '../users/tables';

export const CHAT_ROLES = ['user', 'assistant'] as const;
/** Who wrote an assistant message: the model, the built-in responder, or the safety rules. */
export const REPLY_SOURCES = ['model', 'fallback', 'safety'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];
export type ReplySource = (typeof REPLY_SOURCES)[number];

/**
 * Document 002's ChatConversation. `summary` covers every message up to `summarizedUpTo`; the
 * model gets it with the messages after it. `flaggedAt` is the latest open safety flag
 * (chat_flags keeps each one with its review).
 */
export const chatConversations = mindpause.table(
  'chat_conversations',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: varchar('title', { length: 100 }),
    summary: text('summary'),
    summarizedUpTo: bigint('summarized_up_to', { mode: 'number' }),
    messageCount: integer('message_count').notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    flaggedAt: timestamp('flagged_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
    // Deleting hides a conversation from its owner; a flagged one stays readable for review.
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('idx_chat_conversations_user_activity').on(t.userId, t.lastMessageAt.desc(), t.id.desc()),
    index('idx_chat_conversations_flagged').on(t.flaggedAt),
  ],
);

/** Document 002's ChatMessage, with where a reply came from and the tokens it used. */
export const chatMessages = mindpause.table(
  'chat_messages',
  {
    id: idColumn(),
    conversationId: bigint('conversation_id', { mode: 'number' })
      .notNull()
      .references(() => chatConversations.id, { onDelete: 'cascade' }),
    role: varchar('role', { length: 10 }).$type<ChatRole>().notNull(),
    content: text('content').notNull(),
    source: varchar('source', { length: 10 }).$type<ReplySource>(),
    model: varchar('model', { length: 100 }),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    totalTokens: integer('total_tokens'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('idx_chat_messages_conversation').on(t.conversationId, t.id),
    check('chat_messages_role_check', sql.raw(`role in (${CHAT_ROLES.map((r) => `'${r}'`).join(', ')})`)),
    check('chat_messages_source_check', sql.raw(`source is null or source in (${REPLY_SOURCES.map((s) => `'${s}'`).join(', ')})`)),
  ],
);

/** One safety flag: why, on which message, and its review by an admin. */
export const chatFlags = mindpause.table(
  'chat_flags',
  {
    id: idColumn(),
    conversationId: bigint('conversation_id', { mode: 'number' })
      .notNull()
      .references(() => chatConversations.id, { onDelete: 'cascade' }),
    messageId: bigint('message_id', { mode: 'number' }).references(() => chatMessages.id, { onDelete: 'set null' }),
    reason: varchar('reason', { length: 200 }).notNull(),
    createdAt: createdAtColumn(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: bigint('reviewed_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    reviewNote: varchar('review_note', { length: 1000 }),
  },
  (t) => [index('idx_chat_flags_conversation').on(t.conversationId, t.reviewedAt)],
);
