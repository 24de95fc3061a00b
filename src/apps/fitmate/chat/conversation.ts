import { and, count, desc, eq, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/http/router';
import { chatMessageReads, chatMessages, chatParticipants, chatRooms } from './tables';
import { type RoomAccess, type RoomRow, mayModerate, roomAccess } from './access';
import { ChatCode } from './codes';
import type { ChatMessageView, MessagePage, MessagePageQuery, ReadReceipt, SendMessageInput } from './schemas';
import { loadMessage, loadMessages, previewOf } from './views';

export interface Sent {
  message: ChatMessageView;
  room: RoomRow;
  /** True when the client retried a send that had already been saved: nothing new was stored. */
  duplicate: boolean;
}

export interface Changed {
  message: ChatMessageView;
  room: RoomRow;
  /** False when there was nothing to change (a message deleted twice). */
  changed: boolean;
}

/**
 * The messages of a room: sending (idempotent with a client message id), reading pages of history,
 * editing, soft deletion and read receipts. Every call checks that the caller may see the room.
 */
export class Conversation {
  constructor(private readonly db: Db) {}

  access(principal: Principal, roomId: number): Promise<RoomAccess> {
    return roomAccess(this.db, principal, roomId);
  }

  async send(principal: Principal, roomId: number, input: SendMessageInput): Promise<Sent> {
    const { room, participant } = await this.access(principal, roomId);
    const senderId = principal.userId;
    if (input.replyTo !== undefined) {
      const [original] = await this.db.select({ roomId: chatMessages.roomId }).from(chatMessages).where(eq(chatMessages.id, input.replyTo));
      if (original?.roomId !== roomId) throw fieldError('replyTo', ChatCode.CHAT_REPLY_NOT_IN_ROOM);
    }
    const saved = await this.db.transaction(async (tx) => {
      const [made] = await tx
        .insert(chatMessages)
        .values({
          roomId,
          senderId,
          message: input.message,
          messageType: input.messageType,
          replyToId: input.replyTo ?? null,
          isForwarded: input.isForwarded,
          attachments: input.attachments,
          metadata: input.metadata ?? null,
          clientMessageId: input.clientMessageId ?? null,
        })
        .onConflictDoNothing({ target: [chatMessages.senderId, chatMessages.clientMessageId] })
        .returning();
      if (!made) {
        // The same client message id: the send was retried after it had been saved.
        const [earlier] = await tx
          .select({ id: chatMessages.id, roomId: chatMessages.roomId })
          .from(chatMessages)
          .where(and(eq(chatMessages.senderId, senderId), eq(chatMessages.clientMessageId, input.clientMessageId!)));
        if (earlier!.roomId !== roomId) throw conflict(ChatCode.CHAT_CLIENT_ID_REUSED);
        return { id: earlier!.id, duplicate: true };
      }
      // Staff answering a support room take part in it from then on: it is listed among their rooms
      // and they hear of new messages while away.
      if (!participant) await tx.insert(chatParticipants).values({ roomId, userId: senderId, role: 'admin' }).onConflictDoNothing();
      await tx
        .update(chatRooms)
        .set({ lastMessageId: made.id, lastMessageContent: previewOf(made), lastMessageSenderId: senderId, lastMessageAt: made.createdAt })
        .where(eq(chatRooms.id, roomId));
      return { id: made.id, duplicate: false };
    });
    return { message: (await loadMessage(this.db, saved.id))!, room, duplicate: saved.duplicate };
  }

  /**
   * A page of the room's messages, newest first; `nextCursor` asks for the page before it. With a
   * page number (document 004's pages) the room's messages are counted too.
   */
  async page(principal: Principal, roomId: number, query: MessagePageQuery): Promise<MessagePage> {
    await this.access(principal, roomId);
    const inRoom = eq(chatMessages.roomId, roomId);
    if (query.page !== undefined) {
      const offset = (query.page - 1) * query.limit;
      const [items, [counted]] = await Promise.all([
        loadMessages(this.db, inRoom, { limit: query.limit, offset }),
        this.db.select({ total: count() }).from(chatMessages).where(inRoom),
      ]);
      const totalCount = counted?.total ?? 0;
      const more = offset + items.length < totalCount && items.length > 0;
      return { items, nextCursor: more ? items[items.length - 1]!.id : null, page: query.page, totalCount };
    }
    const items = await loadMessages(this.db, and(inRoom, query.before ? lt(chatMessages.id, query.before) : undefined), { limit: query.limit + 1 });
    const more = items.length > query.limit;
    const page = more ? items.slice(0, query.limit) : items;
    return { items: page, nextCursor: more ? page[page.length - 1]!.id : null };
  }

  async edit(principal: Principal, messageId: number, text: string): Promise<Changed> {
    const { row, access } = await this.messageFor(principal, messageId);
    if (row.senderId !== principal.userId || row.messageType === 'system') throw forbidden(ChatCode.CHAT_NOT_SENDER);
    if (row.isDeleted) throw conflict(ChatCode.CHAT_MESSAGE_DELETED);
    if ((row.messageType === 'text' || row.messageType === 'emoji') && !text.trim()) throw fieldError('message', ChatCode.CHAT_MESSAGE_EMPTY);
    await this.db.transaction(async (tx) => {
      await tx.update(chatMessages).set({ message: text, editedAt: new Date() }).where(eq(chatMessages.id, messageId));
      await tx
        .update(chatRooms)
        .set({ lastMessageContent: previewOf({ message: text, attachments: row.attachments }) })
        .where(and(eq(chatRooms.id, row.roomId), eq(chatRooms.lastMessageId, messageId)));
    });
    return { message: (await loadMessage(this.db, messageId))!, room: access.room, changed: true };
  }

  /** Soft deletion: the row stays (its place in the history, replies to it), its content is hidden. */
  async remove(principal: Principal, messageId: number): Promise<Changed> {
    const { row, access } = await this.messageFor(principal, messageId);
    if (row.senderId !== principal.userId && !mayModerate(principal, access)) throw forbidden(ChatCode.CHAT_DELETE_NOT_ALLOWED);
    const changed = await this.db.transaction(async (tx) => {
      const done = await tx
        .update(chatMessages)
        .set({ isDeleted: true, deletedAt: new Date() })
        .where(and(eq(chatMessages.id, messageId), eq(chatMessages.isDeleted, false)))
        .returning({ id: chatMessages.id });
      await tx
        .update(chatRooms)
        .set({ lastMessageContent: null })
        .where(and(eq(chatRooms.id, row.roomId), eq(chatRooms.lastMessageId, messageId)));
      return done.length > 0;
    });
    return { message: (await loadMessage(this.db, messageId))!, room: access.room, changed };
  }

  /**
   * Marks the room's messages from others as read by the caller, all of them or up to one message:
   * each gets a read receipt (readBy), and the caller's lastReadAt moves on.
   */
  async markRead(principal: Principal, roomId: number, upTo?: number): Promise<{ receipt: ReadReceipt; room: RoomRow }> {
    const { room, participant } = await this.access(principal, roomId);
    const me = principal.userId;
    const readAt = new Date();
    const unread = and(
      eq(chatMessages.roomId, roomId),
      or(isNull(chatMessages.senderId), ne(chatMessages.senderId, me)),
      upTo ? lte(chatMessages.id, upTo) : undefined,
      sql`not exists (select 1 from ${chatMessageReads} r where r.message_id = ${chatMessages.id} and r.user_id = ${me})`,
    );
    const marked = await this.db.transaction(async (tx) => {
      // One statement whatever the backlog: a long-unread room must not become thousands of parameters.
      const receipts = await tx
        .insert(chatMessageReads)
        .select(
          tx
            .select({
              messageId: chatMessages.id,
              userId: sql<number>`${me}::bigint`.as('user_id'),
              readAt: sql<Date>`${readAt.toISOString()}::timestamptz`.as('read_at'),
            })
            .from(chatMessages)
            .where(unread),
        )
        .onConflictDoNothing()
        .returning({ messageId: chatMessageReads.messageId });
      if (participant)
        await tx
          .update(chatParticipants)
          .set({ lastReadAt: readAt })
          .where(and(eq(chatParticipants.roomId, roomId), eq(chatParticipants.userId, me)));
      return receipts;
    });
    const [last] = await this.db
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(and(eq(chatMessages.roomId, roomId), upTo ? lte(chatMessages.id, upTo) : undefined))
      .orderBy(desc(chatMessages.id))
      .limit(1);
    return { receipt: { chatRoomId: roomId, userId: me, lastReadMessageId: last?.id ?? null, readAt, count: marked.length }, room };
  }

  /** The message with the room it is in, when the caller may see that room. */
  private async messageFor(principal: Principal, messageId: number) {
    const [row] = await this.db.select().from(chatMessages).where(eq(chatMessages.id, messageId));
    if (!row) throw notFound(ChatCode.CHAT_MESSAGE_NOT_FOUND);
    const access = await this.access(principal, row.roomId).catch((error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? notFound(ChatCode.CHAT_MESSAGE_NOT_FOUND) : error;
    });
    return { row, access };
  }
}
