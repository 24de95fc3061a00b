import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, acquaint } from '../support/fitmate';
import { ask, collect, connect, connected, eventually, next, pause } from '../support/sockets';

describe('FitMate chat (Socket.IO)', () => {
  let t: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp('fitmate');
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const socketOf = async (who: Account, lang?: string) => {
    const socket = connect(t, who.token, { lang });
    open.push(socket);
    return connected(socket);
  };
  const pairRoom = async (a: Account, b: Account): Promise<number> => {
    await acquaint(t, a, b);
    const res = await t.api.post('/api/chat/rooms', { token: a.token, body: { roomType: 'individual', participantIds: [b.id] } });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id;
  };
  const say = async (who: Account, roomId: number, message: string): Promise<number> => {
    const res = await t.api.post(`/api/chat/rooms/${roomId}/messages`, { token: who.token, body: { message } });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id;
  };
  const history = async (who: Account, roomId: number) =>
    (await t.api.get(`/api/chat/rooms/${roomId}/messages?limit=100`, { token: who.token })).body.data.items;
  const notificationsOf = async (who: Account) => (await t.api.get('/api/notifications?type=chat_message', { token: who.token })).body.data.items;

  describe('connecting', () => {
    it('needs a valid access token', async () => {
      const socket = connect(t, undefined);
      open.push(socket);
      socket.io.opts.reconnection = false;
      const error = await connected(socket).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error?.message).toBe('UNAUTHORIZED');
    });
  });

  describe('joinChat', () => {
    it('sends the joiner the last 50 messages, newest first, and tells the others in the room', async () => {
      const [a, b, c] = await Promise.all([account(t, ['USER'], '에이'), account(t), account(t)]);
      await acquaint(t, a, b, c);
      const group = await t.api.post('/api/chat/rooms', { token: a.token, body: { roomType: 'group', participantIds: [b.id, c.id] } });
      const room = group.body.data.id;
      // Three senders take turns, each within the 20-per-10-seconds limit.
      for (let i = 1; i <= 52; i++) await say([a, b, c][i % 3]!, room, `#${i}`);
      const [sa, sb] = await Promise.all([socketOf(a), socketOf(b)]);
      await ask(sb, 'joinChat', { chatRoomId: room });
      const joined = next(sb, 'userJoined');
      // Document 004's chatHistory: the messages themselves; the room and the cursor come second.
      const got = new Promise<[any[], any]>((resolve) => sa.once('chatHistory', (messages: any[], meta: any) => resolve([messages, meta])));
      const ack = await ask(sa, 'joinChat', { chatRoomId: String(room) });
      const [messages, meta] = await got;
      expect(Array.isArray(messages)).toBe(true);
      expect(messages).toHaveLength(50);
      expect(messages[0]).toMatchObject({
        message: '#52',
        chatRoomId: room,
        senderId: expect.any(Number),
        sender: { name: expect.any(String) },
        messageType: 'text',
      });
      expect(messages[49].message).toBe('#3');
      expect(meta).toEqual({ chatRoomId: room, nextCursor: messages[49].id });
      // The acknowledgement keeps the shape clients read before: {chatRoomId, messages, nextCursor}.
      expect(ack).toEqual({ ok: true, data: { chatRoomId: room, messages, nextCursor: messages[49].id } });
      expect(await joined).toEqual({ userId: a.id, chatRoomId: room });
    });

    it('listens from the moment the socket connects, as document 004’s client joins on connect', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      await say(b, room, '어서 와요');
      const socket = connect(t, a.token);
      open.push(socket);
      const history = new Promise<any>((resolve) => socket.on('connect', () => socket.emit('joinChat', { chatRoomId: room }, resolve)));
      expect((await history).data.messages.map((m: any) => m.message)).toEqual(['어서 와요']);
    });

    it('stops the typing and joins of a room once the socket leaves it (leaveChat), but not its messages', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const [sa, sb] = await Promise.all([socketOf(a), socketOf(b)]);
      await ask(sb, 'joinChat', { chatRoomId: room });
      expect(await ask(sb, 'leaveChat', { chatRoomId: room })).toEqual({ ok: true, data: { chatRoomId: room } });
      const typing = collect(sb, 'typing');
      const joins = collect(sb, 'userJoined');
      const heard = next(sb, 'newMessage');
      await ask(sa, 'joinChat', { chatRoomId: room });
      await ask(sa, 'typing', { chatRoomId: room });
      await ask(sa, 'sendMessage', { chatRoomId: room, message: '그래도 메시지는 가요' });
      expect((await heard).message).toBe('그래도 메시지는 가요');
      await pause(100);
      expect([typing, joins]).toEqual([[], []]);
    });

    it('refuses a room the user is not in, or that does not exist, without ending the socket', async () => {
      const [a, b, stranger] = await Promise.all([account(t), account(t), account(t)]);
      const room = await pairRoom(a, b);
      const socket = await socketOf(stranger);
      const error = next(socket, 'error');
      const ack = await ask(socket, 'joinChat', { chatRoomId: room });
      expect(ack).toEqual({ ok: false, error: { event: 'joinChat', code: 'CHAT_ROOM_NOT_FOUND', message: '채팅방을 찾을 수 없습니다.', details: null } });
      expect(await error).toEqual(ack.error);
      expect((await ask(socket, 'joinChat', { chatRoomId: 99_999_999 })).error.code).toBe('CHAT_ROOM_NOT_FOUND');
      const history = collect(socket, 'chatHistory');
      await say(a, room, '비밀 이야기');
      await pause(100);
      expect(history).toEqual([]);
      expect(socket.connected).toBe(true);
      // The sockets of the two in the room never let the stranger in either.
      const inRoom = await t.app.gateway.io.in(`chat:${room}`).fetchSockets();
      expect(inRoom.map((s) => s.data.principal.userId)).not.toContain(stranger.id);
    });
  });

  describe('sendMessage', () => {
    it('saves first, then tells the room; the sender gets the saved message in the acknowledgement', async () => {
      const [a, b] = await Promise.all([account(t, ['USER'], '보내는이'), account(t)]);
      const room = await pairRoom(a, b);
      const [sa, sb, sb2] = await Promise.all([socketOf(a), socketOf(b), socketOf(b)]);
      await ask(sa, 'joinChat', { chatRoomId: room });
      // B never joined the room: every tab of a participant hears its messages all the same.
      const toB = [next(sb, 'newMessage'), next(sb2, 'newMessage')];
      const toA = next(sa, 'newMessage');
      const ack = await ask(sa, 'sendMessage', { chatRoomId: room, message: '<script>alert(1)</script> 스쿼트 100개!', messageType: 'text' });
      expect(ack.ok).toBe(true);
      expect(ack.data).toMatchObject({
        chatRoomId: room,
        senderId: a.id,
        sender: { id: a.id, name: '보내는이' },
        message: '<script>alert(1)</script> 스쿼트 100개!',
        messageType: 'text',
        isDeleted: false,
      });
      const [onB, onB2] = await Promise.all(toB);
      expect(onB).toEqual(ack.data);
      expect(onB2).toEqual(ack.data);
      expect(await toA).toEqual(ack.data);
      expect((await history(b, room))[0]).toMatchObject({ id: ack.data.id, message: ack.data.message });
    });

    it('reaches the room with messages sent through REST too', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const sb = await socketOf(b);
      const heard = next(sb, 'newMessage');
      const id = await say(a, room, 'REST로 보냄');
      expect(await heard).toMatchObject({ id, message: 'REST로 보냄', chatRoomId: room });
    });

    it('validates every payload and answers in the socket’s language, never broadcasting what was refused', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const other = await pairRoom(a, await account(t));
      const elsewhere = await say(a, other, '다른 방 메시지');
      const [sa, sb] = await Promise.all([socketOf(a, 'en'), socketOf(b)]);
      const heard = collect(sb, 'newMessage');
      const errors = collect(sa, 'error');
      const refused = async (payload: unknown) => {
        const ack = await ask(sa, 'sendMessage', payload);
        expect(ack.ok, JSON.stringify(payload)).toBe(false);
        return ack.error;
      };
      const wrongType = await refused({ chatRoomId: 'abc', message: 1 });
      expect(wrongType).toMatchObject({ event: 'sendMessage', code: 'VALIDATION_ERROR', message: 'The input is not valid.' });
      expect(wrongType.details.map((d: any) => d.field).sort()).toEqual(['chatRoomId', 'message']);
      expect((await refused({ chatRoomId: room })).details.map((d: any) => d.field)).toEqual(['message']);
      expect((await refused({ message: '방이 없어요' })).details.map((d: any) => d.field)).toEqual(['chatRoomId']);
      expect((await refused({ chatRoomId: room, message: 'x'.repeat(4001) })).details[0]).toMatchObject({ field: 'message' });
      expect((await refused({ chatRoomId: room, message: 'hi', messageType: 'system' })).details[0].field).toBe('messageType');
      expect((await refused({ chatRoomId: room, message: 'hi', attachments: 'nope' })).details[0].field).toBe('attachments');
      expect((await refused('just a string')).details).toEqual([expect.objectContaining({ field: 'payload' })]);
      expect((await refused(null)).code).toBe('VALIDATION_ERROR');
      expect((await refused({ chatRoomId: 99_999_999, message: '없는 방' })).code).toBe('CHAT_ROOM_NOT_FOUND');
      const reply = await refused({ chatRoomId: room, message: '답장', replyTo: elsewhere, clientMessageId: 'c-1' });
      expect(reply).toMatchObject({
        code: 'VALIDATION_ERROR',
        clientMessageId: 'c-1',
        details: [{ field: 'replyTo', message: 'Replies must be to a message of the same room.' }],
      });
      sa.emit('sendMessage', { chatRoomId: room }); // no acknowledgement asked: the error event still comes
      await eventually(() => errors.length === 11);
      expect(errors.map((e) => e.event)).toEqual(Array(11).fill('sendMessage'));

      // The socket is still fine, and only the good message was ever broadcast.
      const good = await ask(sa, 'sendMessage', { chatRoomId: room, message: 'still here' });
      expect(good.ok).toBe(true);
      await eventually(() => heard.length === 1);
      await pause(100);
      expect(heard.map((m) => m.message)).toEqual(['still here']);
      expect((await history(a, room)).map((m: any) => m.message)).toEqual(['still here']);
    });

    it('answers in Korean by default', async () => {
      const [a, stranger] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, await account(t));
      const socket = await socketOf(stranger);
      const ack = await ask(socket, 'sendMessage', { chatRoomId: room, message: '안녕' });
      expect(ack.error).toMatchObject({ code: 'CHAT_ROOM_NOT_FOUND', message: '채팅방을 찾을 수 없습니다.' });
      expect((await ask(socket, 'sendMessage', {})).error.message).toBe('입력값이 유효하지 않습니다.');
    });

    it('saves and broadcasts a retried send once when it carries the same clientMessageId', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const [sa, sb] = await Promise.all([socketOf(a), socketOf(b)]);
      const heard = collect(sb, 'newMessage');
      const payload = { chatRoomId: room, message: '네트워크가 끊겨도 한 번만', clientMessageId: 'm-2024-001' };
      const first = await ask(sa, 'sendMessage', payload);
      const retry = await ask(sa, 'sendMessage', payload);
      const [x, y] = await Promise.all([
        ask(sa, 'sendMessage', { ...payload, clientMessageId: 'm-2024-002' }),
        ask(sa, 'sendMessage', { ...payload, clientMessageId: 'm-2024-002' }),
      ]);
      expect(retry.data).toEqual(first.data);
      expect(y.data.id).toBe(x.data.id);
      await eventually(() => heard.length >= 2);
      await pause(150);
      expect(heard.map((m) => m.id)).toEqual([first.data.id, x.data.id]);
      expect(await history(b, room)).toHaveLength(2);
    });

    it('is limited to 20 sends per 10 seconds per user', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const [sa, sb] = await Promise.all([socketOf(a), socketOf(b)]);
      const heard = collect(sb, 'newMessage');
      const acks = await Promise.all(Array.from({ length: 22 }, (_, i) => ask(sa, 'sendMessage', { chatRoomId: room, message: `빠르게 ${i}` })));
      expect(acks.filter((ack) => ack.ok)).toHaveLength(20);
      const limited = acks.filter((ack) => !ack.ok);
      expect(limited.map((ack) => ack.error.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
      expect(limited[0].error.message).toMatch(/초 후에 다시 시도해 주세요/);
      await eventually(() => heard.length === 20);
      expect(await history(b, room)).toHaveLength(20);
    });
  });

  describe('reading, editing and deleting', () => {
    it('stores read receipts and tells the room (messageRead)', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const first = await say(a, room, '읽었어요?');
      await say(a, room, '답장 주세요');
      const [sa, sb] = await Promise.all([socketOf(a), socketOf(b)]);
      const receipt = next(sa, 'messageRead');
      const ack = await ask(sb, 'messageRead', { chatRoomId: room, messageId: first });
      expect(ack.data).toMatchObject({ chatRoomId: room, userId: b.id, lastReadMessageId: first, count: 1 });
      expect(await receipt).toEqual(ack.data);
      const rest = next(sa, 'messageRead');
      await t.api.post(`/api/chat/rooms/${room}/read`, { token: b.token });
      expect(await rest).toMatchObject({ userId: b.id, count: 1 });
      const mine = await history(a, room);
      expect(mine.every((m: any) => m.readBy.length === 1 && m.readBy[0].userId === b.id)).toBe(true);
      const rooms = (await t.api.get('/api/chat/rooms', { token: b.token })).body.data.items;
      expect(rooms.find((r: any) => r.id === room).unreadCount).toBe(0);
      expect((await ask(sb, 'messageRead', { chatRoomId: room, messageId: 'x' })).error.code).toBe('VALIDATION_ERROR');
    });

    it('tells everyone in the room of edits and deletions, through sockets or REST', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const [sa, sb] = await Promise.all([socketOf(a), socketOf(b)]);
      const sent = (await ask(sa, 'sendMessage', { chatRoomId: room, message: '9시 헬스장' })).data;

      const edited = next(sb, 'messageEdited');
      const ack = await ask(sa, 'editMessage', { messageId: sent.id, message: '10시 헬스장' });
      expect(ack.data).toMatchObject({ id: sent.id, message: '10시 헬스장' });
      expect(await edited).toEqual(ack.data);

      const viaRest = next(sb, 'messageEdited');
      await t.api.put(`/api/chat/messages/${sent.id}`, { token: a.token, body: { message: '11시 헬스장' } });
      expect(await viaRest).toMatchObject({ id: sent.id, message: '11시 헬스장' });

      expect((await ask(sb, 'editMessage', { messageId: sent.id, message: '내가 바꿈' })).error.code).toBe('CHAT_NOT_SENDER');
      expect((await ask(sb, 'deleteMessage', { messageId: sent.id })).error.code).toBe('CHAT_DELETE_NOT_ALLOWED');

      const deleted = next(sb, 'messageDeleted');
      await t.api.delete(`/api/chat/messages/${sent.id}`, { token: a.token });
      expect(await deleted).toMatchObject({ id: sent.id, isDeleted: true, message: null });

      const second = (await ask(sb, 'sendMessage', { chatRoomId: room, message: '지울게요' })).data;
      const gone = next(sa, 'messageDeleted');
      expect((await ask(sb, 'deleteMessage', { messageId: second.id })).data).toMatchObject({ isDeleted: true });
      expect(await gone).toMatchObject({ id: second.id, message: null });
    });
  });

  describe('typing', () => {
    it('is told to the others who have the room open, not to the typist', async () => {
      const [a, b, stranger] = await Promise.all([account(t), account(t), account(t)]);
      const room = await pairRoom(a, b);
      const [sa, sa2, sb, ss] = await Promise.all([socketOf(a), socketOf(a), socketOf(b), socketOf(stranger)]);
      await Promise.all([ask(sa2, 'joinChat', { chatRoomId: room }), ask(sb, 'joinChat', { chatRoomId: room })]);
      const ownTab = collect(sa2, 'typing');
      const typing = next(sb, 'typing');
      expect((await ask(sa, 'typing', { chatRoomId: room })).ok).toBe(true);
      expect(await typing).toEqual({ chatRoomId: room, userId: a.id, isTyping: true });
      const stopped = next(sb, 'typing');
      await ask(sa, 'typing', { chatRoomId: room, isTyping: false });
      expect((await stopped).isTyping).toBe(false);
      expect((await ask(ss, 'typing', { chatRoomId: room })).error.code).toBe('CHAT_ROOM_NOT_FOUND');
      await pause(100);
      expect(ownTab).toEqual([]);
    });
  });

  describe('group membership', () => {
    it('stops a removed participant’s sockets from hearing the room', async () => {
      const [admin, member] = await Promise.all([account(t), account(t)]);
      await acquaint(t, admin, member);
      const made = await t.api.post('/api/chat/rooms', { token: admin.token, body: { roomType: 'group', name: '크루', participantIds: [member.id] } });
      const room = made.body.data.id;
      const sm = await socketOf(member);
      await ask(sm, 'joinChat', { chatRoomId: room });
      const heard = collect(sm, 'newMessage');
      await say(admin, room, '환영해요');
      await eventually(() => heard.length === 1);
      await t.api.delete(`/api/chat/rooms/${room}/participants/${member.id}`, { token: admin.token });
      await say(admin, room, '안녕히');
      await pause(200);
      expect(heard.map((m) => m.message)).toEqual(['환영해요']);
    });
  });

  describe('support and joinAsAdmin', () => {
    it('refuses joinAsAdmin to anyone without the ADMIN role', async () => {
      const user = await account(t, ['USER', 'TRAINER']);
      const socket = await socketOf(user, 'en');
      const error = next(socket, 'error');
      const ack = await ask(socket, 'joinAsAdmin', undefined);
      expect(ack).toEqual({ ok: false, error: { event: 'joinAsAdmin', code: 'CHAT_ADMIN_ONLY', message: 'You are not an administrator.', details: null } });
      expect(await error).toEqual(ack.error);
      const inDesk = await t.app.gateway.io.in('chat:admin-room').fetchSockets();
      expect(inDesk.map((s) => s.data.principal.userId)).not.toContain(user.id);
    });

    it('gives staff the users who wrote to support, and every support message from then on', async () => {
      const [user, staff] = await Promise.all([account(t, ['USER'], '문의고객'), account(t, ['ADMIN'], '상담원')]);
      const room = (await t.api.post('/api/chat/rooms', { token: user.token, body: { roomType: 'support' } })).body.data.id;
      await say(user, room, '비밀번호를 잊었어요');
      await say(user, room, '도와주세요');
      const desk = await socketOf(staff);
      const list = next(desk, 'allChatUsers');
      const ack = await ask(desk, 'joinAsAdmin', undefined);
      expect(ack.ok).toBe(true);
      const users = await list;
      expect(ack.data).toEqual(users);
      expect(users.find((u: any) => u.userId === user.id)).toMatchObject({
        name: '문의고객',
        email: user.email,
        chatRoomId: room,
        lastMessage: '도와주세요',
        messageCount: 2,
      });
      // A private room's messages are not the staff's business.
      const [x, y] = await Promise.all([account(t), account(t)]);
      await say(x, await pairRoom(x, y), '사적인 대화');
      expect((await ask(desk, 'joinAsAdmin', undefined)).data.map((u: any) => u.userId)).not.toContain(x.id);

      const incoming = next(desk, 'newMessage');
      await say(user, room, '아직 계세요?');
      expect(await incoming).toMatchObject({ chatRoomId: room, message: '아직 계세요?' });

      // Staff open the room and answer; the user hears it.
      const su = await socketOf(user);
      const history = await ask(desk, 'joinChat', { chatRoomId: room });
      expect(history.data.messages.map((m: any) => m.message)).toEqual(['아직 계세요?', '도와주세요', '비밀번호를 잊었어요']);
      const answer = next(su, 'newMessage');
      expect((await ask(desk, 'sendMessage', { chatRoomId: room, message: '네, 도와드릴게요' })).ok).toBe(true);
      expect(await answer).toMatchObject({ senderId: staff.id, message: '네, 도와드릴게요' });
    });
  });

  describe('offline participants', () => {
    it('get a chat_message notification; those online do not', async () => {
      const [a, b, c] = await Promise.all([account(t, ['USER'], '운동친구'), account(t), account(t)]);
      await acquaint(t, a, b, c);
      const group = await t.api.post('/api/chat/rooms', { token: a.token, body: { roomType: 'group', name: '아침 조깅', participantIds: [b.id, c.id] } });
      const room = group.body.data.id;
      const [sa, sc] = await Promise.all([socketOf(a), socketOf(c)]);
      const ack = await ask(sa, 'sendMessage', { chatRoomId: room, message: '내일 6시 한강 어때요?' });
      expect(ack.ok).toBe(true);
      await eventually(async () => (await notificationsOf(b)).length === 1);
      const [note] = await notificationsOf(b);
      expect(note).toMatchObject({
        type: 'chat_message',
        title: '아침 조깅 · 운동친구',
        message: '내일 6시 한강 어때요?',
        data: { chatRoomId: room, messageId: ack.data.id, senderId: a.id },
      });
      await pause(200);
      expect(await notificationsOf(c)).toEqual([]);
      expect(await notificationsOf(a)).toEqual([]);
      expect(sc.connected).toBe(true);
    });
  });
});
