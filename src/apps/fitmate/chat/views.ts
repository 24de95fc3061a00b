import { type SQL, asc, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../platform/db/database';
import { chatMessageReads, chatMessages } from './tables';
import { users } from '../users/tables';
import type { ChatMessageView } from './schemas';

type MessageRow = typeof chatMessages.$inferSelect;

const replied = alias(chatMessages, 'replied');

/**
 * Messages as clients see them: with the sender's name, a preview of the message replied to and
 * who read it when. A deleted message keeps its place but not its content.
 */
export async function loadMessages(
  db: Db,
  where: SQL | undefined,
  options: { newestFirst?: boolean; limit?: number; offset?: number } = {},
): Promise<ChatMessageView[]> {
  const query = db
    .select({
      row: chatMessages,
      sender: { id: users.id, name: users.name },
      reply: { id: replied.id, senderId: replied.senderId, message: replied.message, messageType: replied.messageType, isDeleted: replied.isDeleted },
    })
    .from(chatMessages)
    .leftJoin(users, eq(users.id, chatMessages.senderId))
    .leftJoin(replied, eq(replied.id, chatMessages.replyToId))
    .where(where)
    .orderBy(options.newestFirst === false ? asc(chatMessages.id) : desc(chatMessages.id));
  const rows = options.limit ? await query.limit(options.limit).offset(options.offset ?? 0) : await query;
  if (!rows.length) return [];
  const reads = await db
    .select()
    .from(chatMessageReads)
    .where(
      inArray(
        chatMessageReads.messageId,
        rows.map((r) => r.row.id),
      ),
    )
    .orderBy(asc(chatMessageReads.readAt), asc(chatMessageReads.userId));
  const readsOf = new Map<number, Array<{ userId: number; readAt: Date }>>();
  for (const read of reads) {
    const list = readsOf.get(read.messageId) ?? [];
    list.push({ userId: read.userId, readAt: read.readAt });
    readsOf.set(read.messageId, list);
  }
  return rows.map(({ row, sender, reply }) => toView(row, sender, reply, readsOf.get(row.id) ?? []));
}

export async function loadMessage(db: Db, id: number): Promise<ChatMessageView | undefined> {
  const [view] = await loadMessages(db, eq(chatMessages.id, id));
  return view;
}

function toView(
  row: MessageRow,
  sender: ChatMessageView['sender'],
  reply: { id: number; senderId: number | null; message: string; messageType: MessageRow['messageType']; isDeleted: boolean } | null,
  readBy: ChatMessageView['readBy'],
): ChatMessageView {
  return {
    id: row.id,
    chatRoomId: row.roomId,
    senderId: row.senderId,
    sender,
    message: row.isDeleted ? null : row.message,
    messageType: row.messageType,
    replyTo: row.replyToId,
    replyToMessage: reply && { ...reply, message: reply.isDeleted ? null : reply.message },
    isForwarded: row.isForwarded,
    attachments: row.isDeleted ? [] : row.attachments,
    metadata: row.isDeleted ? null : row.metadata,
    clientMessageId: row.clientMessageId,
    readBy,
    timestamp: row.createdAt,
    editedAt: row.editedAt,
    isDeleted: row.isDeleted,
    deletedAt: row.deletedAt,
  };
}

/** What a room keeps of its last message (varchar 200: cut by characters, not UTF-16 units). */
export function previewOf(message: { message: string; attachments: Array<{ filename?: string }> }): string {
  const text = message.message.trim() || message.attachments[0]?.filename || '';
  return Array.from(text).slice(0, 200).join('');
}
