import type { Db } from '../../../../platform/db/database';
import { AppError } from '../../../../platform/http/errors';
import { type AppSocket, type Gateway, userRoom } from '../../../../platform/realtime/gateway';
import type { SocketListener } from '../../../../platform/realtime/listen';
import { allChatUsers } from '../admin';
import { ADMIN_ROOM, chatRoom, chatRoomIdOf } from '../broadcast';
import type { Chat } from '../chat';
import { ChatCode } from '../codes';
import { HISTORY_SIZE } from '../schemas';
import type { ChatClientEvents, ChatServerEvents } from './events';
import { deletePayload, editPayload, nothing, readPayload, roomPayload, sendMessagePayload, typingPayload } from './payloads';

export interface ChatSocketDeps {
  gateway: Gateway<ChatServerEvents, ChatClientEvents>;
  chat: Chat;
  db: Db;
  /** The user's roles as stored now: a socket may outlive a change of roles made since it connected. */
  rolesOf(userId: number): Promise<string[]>;
}

/**
 * Document 004's chat gateway on FitMate's sockets. Every event is answered in the acknowledgement
 * when the client asks for one: `{ok: true, data}` or `{ok: false, error}`; a failure is also sent
 * as an `error` event.
 */
export function chatSockets(deps: ChatSocketDeps): void {
  deps.gateway.onConnection((socket) => {
    // A refusal is always told as an `error` event too, echoes the message's clientMessageId, and a
    // failure of ours is the chat's own code, not the platform's.
    const chat = deps.gateway.listener(socket, { errorEvent: 'always', unexpected: ChatCode.CHAT_EVENT_FAILED, echo: ['clientMessageId'] });
    handleChat(socket, chat, deps);
  });
  // A socket that comes back from a dropped connection is back in a chat room only if it may open
  // it now (a member removed meanwhile is not), and in the staff's desk only while still ADMIN.
  deps.gateway.guardRooms('chat:', async (socket, room) => {
    const principal = socket.data.principal;
    if (room === ADMIN_ROOM) return (await deps.rolesOf(principal.userId)).includes('ADMIN');
    const roomId = chatRoomIdOf(room);
    if (roomId === undefined) return false;
    return deps.chat.conversation.access(principal, roomId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.status === 404) return false;
        throw error;
      },
    );
  });
}

function handleChat(
  socket: AppSocket<ChatServerEvents, ChatClientEvents>,
  listener: SocketListener<ChatClientEvents>,
  { chat, db, rolesOf }: ChatSocketDeps,
): void {
  const principal = socket.data.principal;
  const me = principal.userId;

  // Opens a room: its last 50 messages to the joiner, and userJoined to the others who have it open.
  // chatHistory carries what document 004 sends, the messages themselves (newest first), with the
  // room and the cursor for older ones as a second argument; the acknowledgement has all three.
  listener.on('joinChat', roomPayload, async ({ chatRoomId }) => {
    const page = await chat.history(principal, chatRoomId, { limit: HISTORY_SIZE });
    await socket.join(chatRoom(chatRoomId));
    socket.emit('chatHistory', page.items, { chatRoomId, nextCursor: page.nextCursor });
    socket.to(chatRoom(chatRoomId)).emit('userJoined', { userId: me, chatRoomId });
    return { chatRoomId, messages: page.items, nextCursor: page.nextCursor };
  });

  listener.on('leaveChat', roomPayload, async ({ chatRoomId }) => {
    await socket.leave(chatRoom(chatRoomId));
    return { chatRoomId };
  });

  listener.on(
    'sendMessage',
    sendMessagePayload,
    async ({ chatRoomId, ...message }) => {
      const sent = await chat.send(principal, chatRoomId, message);
      return sent.message;
    },
    { unexpected: ChatCode.CHAT_SEND_FAILED },
  );

  // Typing is only for those who have the room open, and never saved; a socket that has not
  // joined the room is checked against the database first.
  listener.on('typing', typingPayload, async ({ chatRoomId, isTyping }) => {
    if (!socket.rooms.has(chatRoom(chatRoomId))) await chat.conversation.access(principal, chatRoomId);
    socket.to(chatRoom(chatRoomId)).except(userRoom(me)).emit('typing', { chatRoomId, userId: me, isTyping });
    return { chatRoomId, isTyping };
  });

  listener.on('messageRead', readPayload, async ({ chatRoomId, messageId }) => chat.markRead(principal, chatRoomId, messageId));
  listener.on('editMessage', editPayload, async ({ messageId, message }) => chat.edit(principal, messageId, message));
  listener.on('deleteMessage', deletePayload, async ({ messageId }) => chat.remove(principal, messageId));

  // The staff's desk: every support room's messages, and who has written to support.
  listener.on('joinAsAdmin', nothing, async () => {
    if (!(await rolesOf(me)).includes('ADMIN')) throw new AppError(403, ChatCode.CHAT_ADMIN_ONLY);
    await socket.join(ADMIN_ROOM);
    const users = await allChatUsers(db);
    socket.emit('allChatUsers', users);
    return users;
  });
}
