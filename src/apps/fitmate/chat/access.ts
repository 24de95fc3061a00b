import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/http/router';
import { chatParticipants, chatRooms } from './tables';
import { ChatCode } from './codes';

export type RoomRow = typeof chatRooms.$inferSelect;
export type ParticipantRow = typeof chatParticipants.$inferSelect;

/** Who may see a room, and as what. */
export interface RoomAccess {
  room: RoomRow;
  /** The caller's place in the room; null for staff looking into a support room. */
  participant: ParticipantRow | null;
}

export const isStaff = (principal: Pick<Principal, 'roles'>) => principal.roles.includes('ADMIN');

/**
 * The room as the caller may see it: participants see their rooms, and staff (ADMIN) every support
 * room. Anyone else is told the room does not exist, so room ids cannot be probed.
 */
export async function roomAccess(db: Db, principal: Principal, roomId: number): Promise<RoomAccess> {
  const [row] = await db
    .select({ room: chatRooms, participant: chatParticipants })
    .from(chatRooms)
    .leftJoin(chatParticipants, and(eq(chatParticipants.roomId, chatRooms.id), eq(chatParticipants.userId, principal.userId)))
    .where(eq(chatRooms.id, roomId));
  if (!row) throw notFound(ChatCode.CHAT_ROOM_NOT_FOUND);
  if (row.participant || (row.room.roomType === 'support' && isStaff(principal))) return row;
  throw notFound(ChatCode.CHAT_ROOM_NOT_FOUND);
}

/** Room admins and moderators moderate their room; staff moderate support rooms. */
export function mayModerate(principal: Principal, { room, participant }: RoomAccess): boolean {
  if (participant?.role === 'admin' || participant?.role === 'moderator') return true;
  return room.roomType === 'support' && isStaff(principal);
}
