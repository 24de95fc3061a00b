import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { chatMessages, chatRooms, users } from '../schema';

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
