import { z } from 'zod';
import { pageQuery, paginated } from '../../../platform/http/pagination';
import type { Db } from '../../../platform/db/database';
import { supportQueue } from './admin';
import { type Router, idParam } from '../../../platform/http/router';
import type { Chat } from './chat';
import { ChatNotice } from './codes';
import {
  chatMessageSchema,
  createRoomBody,
  editMessageBody,
  messagePageQuery,
  messagePageSchema,
  participantParams,
  participantsBody,
  readBody,
  readReceiptSchema,
  roomListQuery,
  roomSchema,
  sendMessageBody,
} from './schemas';

const tags = ['chat'];

/** Document 000's chat API, and the room management a group needs. */
export function chatRoutes(router: Router, { chat, db }: { chat: Chat; db: Db }): void {
  router.get(
    '/api/admin/support/rooms',
    {
      summary: '고객센터 문의 대기열 (Support rooms, latest message first; ADMIN)',
      description:
        'Each support room with its user and last message; `awaiting=true` keeps those whose last message is the user’s. Staff read and answer a room through /api/chat/rooms/{id}/messages.',
      tags: ['admin'],
      auth: ['ADMIN'],
      query: pageQuery.extend({
        awaiting: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
      }),
      response: paginated(
        z.object({
          chatRoomId: z.number(),
          userId: z.number(),
          name: z.string(),
          email: z.string(),
          lastMessage: z.string().nullable(),
          lastMessageAt: z.date(),
          awaitingReply: z.boolean(),
        }),
      ),
    },
    async (req) => supportQueue(db, req.query),
  );
  router.get(
    '/api/chat/rooms',
    { summary: '채팅방 목록 (My chat rooms, newest message first)', tags, auth: true, query: roomListQuery, response: paginated(roomSchema) },
    async (req) => chat.listRooms(req.principal, req.query),
  );
  router.post(
    '/api/chat/rooms',
    {
      summary: '채팅방 생성 (Open a chat room)',
      description:
        'individual: one room per pair of users; asking again gives the same room. group: the creator is its admin; at most settings.maxParticipants people. support: a room with the staff (ADMIN); one per user, asking again gives the same room.',
      tags,
      auth: true,
      body: createRoomBody,
      response: roomSchema,
      status: 201,
      message: ChatNotice.CHAT_ROOM_OPENED,
    },
    async (req) => chat.openRoom(req.principal, req.body),
  );
  router.get('/api/chat/rooms/:id', { summary: '채팅방 상세 (One chat room)', tags, auth: true, params: idParam, response: roomSchema }, async (req) =>
    chat.getRoom(req.principal, req.params.id),
  );
  router.get(
    '/api/chat/rooms/:id/messages',
    {
      summary: '채팅 메시지 조회 (Messages, newest first)',
      description: 'Cursor pagination: pass nextCursor as `before` for the page before.',
      tags,
      auth: true,
      params: idParam,
      query: messagePageQuery,
      response: messagePageSchema,
    },
    async (req) => chat.history(req.principal, req.params.id, req.query),
  );
  router.post(
    '/api/chat/rooms/:id/messages',
    {
      summary: '메시지 전송 (Send a message)',
      description:
        'Also sent to the room as newMessage. With a clientMessageId a retried send gives back the message saved the first time. At most 20 sends per 10 seconds.',
      tags,
      auth: true,
      params: idParam,
      body: sendMessageBody,
      response: chatMessageSchema,
      status: 201,
      message: ChatNotice.CHAT_MESSAGE_SENT,
    },
    async (req) => (await chat.send(req.principal, req.params.id, req.body)).message,
  );
  router.put(
    '/api/chat/messages/:id',
    {
      summary: '메시지 수정 (Edit a message; sender only)',
      tags,
      auth: true,
      params: idParam,
      body: editMessageBody,
      response: chatMessageSchema,
      message: ChatNotice.CHAT_MESSAGE_EDITED,
    },
    async (req) => chat.edit(req.principal, req.params.id, req.body.message),
  );
  router.delete(
    '/api/chat/messages/:id',
    {
      summary: '메시지 삭제 (Delete a message; sender or room admin)',
      description: 'Soft: the message keeps its place with isDeleted and no content.',
      tags,
      auth: true,
      params: idParam,
      response: chatMessageSchema,
      message: ChatNotice.CHAT_MESSAGE_REMOVED,
    },
    async (req) => chat.remove(req.principal, req.params.id),
  );
  router.post(
    '/api/chat/rooms/:id/read',
    {
      summary: '메시지 읽음 처리 (Mark messages read)',
      tags,
      auth: true,
      params: idParam,
      body: readBody,
      response: readReceiptSchema,
      message: ChatNotice.CHAT_MARKED_READ,
    },
    async (req) => chat.markRead(req.principal, req.params.id, req.body?.messageId),
  );
  router.post(
    '/api/chat/rooms/:id/participants',
    {
      summary: '참여자 초대 (Add people to a group)',
      description: 'Room admins may; members too when settings.allowInvites.',
      tags,
      auth: true,
      params: idParam,
      body: participantsBody,
      response: roomSchema,
      message: ChatNotice.CHAT_PARTICIPANTS_ADDED,
    },
    async (req) => chat.addParticipants(req.principal, req.params.id, req.body.userIds),
  );
  router.delete(
    '/api/chat/rooms/:id/participants/:userId',
    {
      summary: '참여자 내보내기 (Remove someone from a group; room admin, or yourself)',
      tags,
      auth: true,
      params: participantParams,
      response: z.null(),
      message: ChatNotice.CHAT_PARTICIPANT_REMOVED,
    },
    async (req) => {
      await chat.removeParticipant(req.principal, req.params.id, req.params.userId);
      return null;
    },
  );
  router.post(
    '/api/chat/rooms/:id/leave',
    { summary: '채팅방 나가기 (Leave a group)', tags, auth: true, params: idParam, response: z.null(), message: ChatNotice.CHAT_ROOM_LEFT },
    async (req) => {
      await chat.removeParticipant(req.principal, req.params.id, req.principal.userId);
      return null;
    },
  );
}
