import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../platform/db/database';
import { AppError, badRequest, fieldError, forbidden, notFound } from '../../../platform/http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Principal } from '../../../platform/http/router';
import { chatMessageReads, chatMessages, chatParticipants, chatRooms } from './tables';
import { users } from '../users/tables';
import { type RoomAccess, type RoomRow, mayModerate, roomAccess } from './access';
import { ChatCode } from './codes';
import { reachableOf } from './contacts';
import type { CreateRoomInput, RoomView } from './schemas';

type NewRoom = typeof chatRooms.$inferInsert;

/** Messages the viewer has not read, counted from when they joined (their own never count). */
const unreadCount = (viewerId: number) =>
  sql<number>`(
  select count(*) from ${chatMessages} m
  where m.room_id = ${chatRooms.id}
    and m.sender_id is distinct from ${viewerId}
    and not m.is_deleted
    and m.created_at >= ${chatParticipants.joinedAt}
    and not exists (select 1 from ${chatMessageReads} r where r.message_id = m.id and r.user_id = ${viewerId})
)`.mapWith(Number);

/** One room per pair of users, whoever opens it; and one support room per user. */
export const pairKeyOf = (a: number, b: number) => `${Math.min(a, b)}:${Math.max(a, b)}`;
const supportKeyOf = (userId: number) => `support:${userId}`;

/**
 * Chat rooms: individual (two people, one room per pair), group (an admin, members, a size limit
 * and an invitation rule) and support (a user and the staff). Membership is checked on every call.
 */
export class ChatRooms {
  constructor(private readonly db: Db) {}

  /** The caller's rooms, the one with the newest message first. */
  async list(userId: number, query: PageQuery) {
    const rows = await this.db
      .select({ id: chatRooms.id, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(chatRooms)
      .innerJoin(chatParticipants, and(eq(chatParticipants.roomId, chatRooms.id), eq(chatParticipants.userId, userId)))
      .orderBy(desc(sql`coalesce(${chatRooms.lastMessageAt}, ${chatRooms.createdAt})`), desc(chatRooms.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    const views = await this.views(
      rows.map((r) => r.id),
      userId,
    );
    return pageOf(views, query, rows[0]?.total ?? 0);
  }

  async get(principal: Principal, roomId: number): Promise<RoomView> {
    await roomAccess(this.db, principal, roomId);
    return this.view(roomId, principal.userId);
  }

  async view(roomId: number, viewerId: number): Promise<RoomView> {
    const [view] = await this.views([roomId], viewerId);
    if (!view) throw notFound(ChatCode.CHAT_ROOM_NOT_FOUND);
    return view;
  }

  /** Opens a room; an individual or support room that already exists is given back instead. */
  async create(principal: Principal, input: CreateRoomInput): Promise<RoomView> {
    const me = principal.userId;
    let roomId: number;
    if (input.roomType === 'individual') {
      const other = input.participantIds[0]!;
      if (other === me) throw fieldError('participantIds', ChatCode.CHAT_SELF_ROOM);
      await this.requireReachable(principal, [other], 'participantIds');
      roomId = await this.openOnce({ roomType: 'individual', pairKey: pairKeyOf(me, other), maxParticipants: 2, createdBy: me }, [
        { userId: me, role: 'member' },
        { userId: other, role: 'member' },
      ]);
    } else if (input.roomType === 'support') {
      const { name, description, avatar } = input;
      roomId = await this.openOnce({ roomType: 'support', pairKey: supportKeyOf(me), name, description, avatar, maxParticipants: 100, createdBy: me }, [
        { userId: me, role: 'member' },
      ]);
    } else {
      const others = [...new Set(input.participantIds)].filter((id) => id !== me);
      await this.requireReachable(principal, others, 'participantIds');
      if (others.length + 1 > input.settings.maxParticipants) throw fieldError('participantIds', ChatCode.CHAT_TOO_MANY_PARTICIPANTS);
      const { name, description, avatar, settings } = input;
      roomId = await this.db.transaction(async (tx) => {
        const [room] = await tx
          .insert(chatRooms)
          .values({ roomType: 'group', name, description, avatar, ...settings, createdBy: me })
          .returning({ id: chatRooms.id });
        await tx
          .insert(chatParticipants)
          .values([
            { roomId: room!.id, userId: me, role: 'admin' as const },
            ...others.map((userId) => ({ roomId: room!.id, userId, role: 'member' as const })),
          ]);
        return room!.id;
      });
    }
    return this.view(roomId, me);
  }

  /** Adds people to a group: its admins may, and members too when the room allows invitations. */
  async addParticipants(principal: Principal, roomId: number, userIds: number[]): Promise<{ room: RoomView; added: number[] }> {
    const access = await this.groupAccess(principal, roomId);
    if (!mayModerate(principal, access) && !access.room.allowInvites) throw forbidden(ChatCode.CHAT_INVITES_CLOSED);
    await this.requireReachable(principal, userIds, 'userIds');
    const added = await this.db.transaction(async (tx) => {
      // The room row is locked so two invitations at once cannot both take the last seat.
      const [room] = await tx.select({ max: chatRooms.maxParticipants }).from(chatRooms).where(eq(chatRooms.id, roomId)).for('update');
      const present = new Set(
        (await tx.select({ userId: chatParticipants.userId }).from(chatParticipants).where(eq(chatParticipants.roomId, roomId))).map((p) => p.userId),
      );
      const fresh = [...new Set(userIds)].filter((id) => !present.has(id));
      if (present.size + fresh.length > room!.max) throw new AppError(409, ChatCode.CHAT_ROOM_FULL, { max: room!.max });
      if (fresh.length) await tx.insert(chatParticipants).values(fresh.map((userId) => ({ roomId, userId, role: 'member' as const })));
      return fresh;
    });
    return { room: await this.view(roomId, principal.userId), added };
  }

  /** Takes someone out of a group: anyone may leave, only its admins may remove others. */
  async removeParticipant(principal: Principal, roomId: number, userId: number): Promise<void> {
    const access = await this.groupAccess(principal, roomId);
    if (userId !== principal.userId && access.participant?.role !== 'admin') throw forbidden(ChatCode.CHAT_NOT_ROOM_ADMIN);
    await this.db.transaction(async (tx) => {
      const removed = await tx
        .delete(chatParticipants)
        .where(and(eq(chatParticipants.roomId, roomId), eq(chatParticipants.userId, userId)))
        .returning({ userId: chatParticipants.userId });
      if (!removed.length) throw notFound();
      await promoteIfNoAdmin(tx, roomId);
    });
  }

  /** The user ids taking part in a room. */
  async participantIds(roomId: number): Promise<number[]> {
    const rows = await this.db.select({ userId: chatParticipants.userId }).from(chatParticipants).where(eq(chatParticipants.roomId, roomId));
    return rows.map((r) => r.userId);
  }

  private async groupAccess(principal: Principal, roomId: number): Promise<RoomAccess> {
    const access = await roomAccess(this.db, principal, roomId);
    if (access.room.roomType !== 'group') throw badRequest(ChatCode.CHAT_NOT_GROUP);
    return access;
  }

  /** Inserts a room keyed by pair_key, or finds the one a concurrent or earlier call made. */
  private async openOnce(room: NewRoom, members: Array<{ userId: number; role: 'member' | 'admin' }>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [made] = await tx.insert(chatRooms).values(room).onConflictDoNothing({ target: chatRooms.pairKey }).returning({ id: chatRooms.id });
      if (made) {
        await tx.insert(chatParticipants).values(members.map((m) => ({ ...m, roomId: made.id })));
        return made.id;
      }
      const [existing] = await tx.select({ id: chatRooms.id }).from(chatRooms).where(eq(chatRooms.pairKey, room.pairKey!));
      // The opener may have left nothing behind but the room (a support room whose user is back).
      await tx
        .insert(chatParticipants)
        .values(members.map((m) => ({ ...m, roomId: existing!.id })))
        .onConflictDoNothing();
      return existing!.id;
    });
  }

  /** Everyone named must be someone the caller may chat with; unknown and out-of-reach ids are refused alike. */
  private async requireReachable(principal: Principal, ids: number[], field: string): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => id !== principal.userId);
    if (!wanted.length) return;
    const reachable = await reachableOf(this.db, principal, wanted);
    if (wanted.some((id) => !reachable.has(id))) throw fieldError(field, ChatCode.CHAT_USER_UNAVAILABLE);
  }

  /** Rooms as the viewer sees them, in the order of the ids given. */
  private async views(roomIds: number[], viewerId: number): Promise<RoomView[]> {
    if (!roomIds.length) return [];
    const [rooms, people] = await Promise.all([
      this.db
        .select({ room: chatRooms, myRole: chatParticipants.role, unreadCount: unreadCount(viewerId) })
        .from(chatRooms)
        .leftJoin(chatParticipants, and(eq(chatParticipants.roomId, chatRooms.id), eq(chatParticipants.userId, viewerId)))
        .where(inArray(chatRooms.id, roomIds)),
      this.db
        .select({ participant: chatParticipants, name: users.name })
        .from(chatParticipants)
        .innerJoin(users, eq(users.id, chatParticipants.userId))
        .where(inArray(chatParticipants.roomId, roomIds))
        .orderBy(asc(chatParticipants.joinedAt), asc(chatParticipants.userId)),
    ]);
    const byId = new Map(rooms.map((r) => [r.room.id, r]));
    return roomIds.flatMap((id) => {
      const found = byId.get(id);
      if (!found) return [];
      // Who is in a room is for those in it. Staff looking into a support room they have not
      // answered yet see the one who asked, not which of their colleagues answered before.
      const participants = people
        .filter((p) => p.participant.roomId === id && (found.myRole !== null || p.participant.userId === found.room.createdBy))
        .map(({ participant: p, name }) => ({ userId: p.userId, name, role: p.role, joinedAt: p.joinedAt, lastReadAt: p.lastReadAt }));
      return [toRoomView(found.room, participants, found.myRole, found.unreadCount)];
    });
  }
}

/** A group whose last admin left is handed to its longest-standing member. */
async function promoteIfNoAdmin(tx: Tx, roomId: number): Promise<void> {
  const [admin] = await tx
    .select({ userId: chatParticipants.userId })
    .from(chatParticipants)
    .where(and(eq(chatParticipants.roomId, roomId), eq(chatParticipants.role, 'admin')))
    .limit(1);
  if (admin) return;
  const [eldest] = await tx
    .select({ userId: chatParticipants.userId })
    .from(chatParticipants)
    .where(eq(chatParticipants.roomId, roomId))
    .orderBy(asc(chatParticipants.joinedAt), asc(chatParticipants.userId))
    .limit(1);
  if (eldest)
    await tx
      .update(chatParticipants)
      .set({ role: 'admin' })
      .where(and(eq(chatParticipants.roomId, roomId), eq(chatParticipants.userId, eldest.userId)));
}

function toRoomView(room: RoomRow, participants: RoomView['participants'], myRole: RoomView['myRole'], unread: number): RoomView {
  return {
    id: room.id,
    roomType: room.roomType,
    name: room.name,
    description: room.description,
    avatar: room.avatar,
    settings: { isPrivate: room.isPrivate, allowInvites: room.allowInvites, maxParticipants: room.maxParticipants },
    participants,
    myRole,
    lastMessage:
      room.lastMessageId && room.lastMessageAt
        ? { messageId: room.lastMessageId, content: room.lastMessageContent, senderId: room.lastMessageSenderId, timestamp: room.lastMessageAt }
        : null,
    unreadCount: unread,
    createdBy: room.createdBy,
    createdAt: room.createdAt,
    updatedAt: room.updatedAt,
  };
}
