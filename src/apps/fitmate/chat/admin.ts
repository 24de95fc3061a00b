import { and, count, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import { chatMessages, chatRooms } from './tables';
import { users } from '../users/tables';

export interface ChatUser {
  userId: number;
  name: string;
  email: string;
  /** The user's support room, for joinChat. */
  chatRoomId: number;
  lastMessage: string;
  lastMessageTime: Date;
  messageCount: number;
}

/**
 * The staff's view (joinAsAdmin's allChatUsers): the users who wrote to support, each with their last
 * message and how many they sent, the most recent first. Only support rooms are looked at: staff
 * have no business in people's private rooms, and could not join them anyway.
 */
export async function allChatUsers(db: Db, limit = 200): Promise<ChatUser[]> {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      chatRoomId: chatRooms.id,
      lastMessage: sql<string>`(array_agg(${chatMessages.message} order by ${chatMessages.id} desc))[1]`,
      lastMessageTime: sql<Date>`max(${chatMessages.createdAt})`.mapWith(chatMessages.createdAt),
      messageCount: sql<number>`count(*)`.mapWith(Number),
    })
    .from(chatMessages)
    .innerJoin(chatRooms, and(eq(chatRooms.id, chatMessages.roomId), eq(chatRooms.roomType, 'support')))
    // Messages of the room's own user, not the staff's answers.
    .innerJoin(users, and(eq(users.id, chatMessages.senderId), eq(users.id, chatRooms.createdBy)))
    .where(eq(chatMessages.isDeleted, false))
    .groupBy(users.id, users.name, users.email, chatRooms.id)
    .orderBy(desc(sql`max(${chatMessages.createdAt})`))
    .limit(limit);
  return rows;
}

/**
 * The support desk's queue for the operator console: every support room with a message, its user,
 * its last message, and whether that was the user's (waiting for an answer); latest first.
 */
export async function supportQueue(db: Db, query: PageQuery & { awaiting?: boolean }) {
  const where = and(
    eq(chatRooms.roomType, 'support'),
    isNotNull(chatRooms.lastMessageAt),
    query.awaiting === undefined
      ? undefined
      : query.awaiting
        ? eq(chatRooms.lastMessageSenderId, chatRooms.createdBy)
        : ne(chatRooms.lastMessageSenderId, chatRooms.createdBy),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        chatRoomId: chatRooms.id,
        userId: users.id,
        name: users.name,
        email: users.email,
        lastMessage: chatRooms.lastMessageContent,
        lastMessageAt: chatRooms.lastMessageAt,
        lastSenderId: chatRooms.lastMessageSenderId,
      })
      .from(chatRooms)
      .innerJoin(users, eq(users.id, chatRooms.createdBy))
      .where(where)
      .orderBy(desc(chatRooms.lastMessageAt), desc(chatRooms.id))
      .limit(query.limit)
      .offset(offsetOf(query)),
    db.select({ n: count() }).from(chatRooms).innerJoin(users, eq(users.id, chatRooms.createdBy)).where(where),
  ]);
  const items = rows.map(({ lastSenderId, ...row }) => ({ ...row, lastMessageAt: row.lastMessageAt!, awaitingReply: lastSenderId === row.userId }));
  return pageOf(items, query, total!.n);
}
