import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, acquaint } from '../support/fitmate';

describe('FitMate chat (REST)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
  });
  afterAll(() => t.close());

  const openRoom = (who: Account, body: Record<string, unknown>) => t.api.post('/api/chat/rooms', { token: who.token, body });
  const pairRoom = async (a: Account, b: Account): Promise<number> => {
    await acquaint(t, a, b);
    const res = await openRoom(a, { roomType: 'individual', participantIds: [b.id] });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id;
  };
  const send = (who: Account, roomId: number, body: Record<string, unknown>) => t.api.post(`/api/chat/rooms/${roomId}/messages`, { token: who.token, body });
  const say = async (who: Account, roomId: number, message: string): Promise<number> => {
    const res = await send(who, roomId, { message });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id;
  };
  const messages = (who: Account, roomId: number, query = '') => t.api.get(`/api/chat/rooms/${roomId}/messages${query}`, { token: who.token });
  const roomsOf = async (who: Account) => (await t.api.get('/api/chat/rooms', { token: who.token })).body.data.items;
  const roomOf = async (who: Account, roomId: number) => (await roomsOf(who)).find((r: any) => r.id === roomId);

  describe('signing in', () => {
    it('is needed for every chat route', async () => {
      expect((await t.api.get('/api/chat/rooms')).status).toBe(401);
      expect((await t.api.post('/api/chat/rooms', { body: { roomType: 'support' } })).status).toBe(401);
      expect((await t.api.get('/api/chat/rooms/1/messages')).status).toBe(401);
      expect((await t.api.post('/api/chat/rooms/1/messages', { body: { message: '안녕' } })).status).toBe(401);
      expect((await t.api.put('/api/chat/messages/1', { body: { message: '안녕' } })).status).toBe(401);
      expect((await t.api.delete('/api/chat/messages/1')).status).toBe(401);
      expect((await t.api.post('/api/chat/rooms/1/read')).status).toBe(401);
    });
  });

  describe('individual rooms', () => {
    it('are one per pair of users: opening it again, from either side, gives the same room', async () => {
      const [a, b] = await Promise.all([account(t, ['USER'], '가영'), account(t, ['USER'], '나래')]);
      await acquaint(t, a, b);
      const first = await openRoom(a, { roomType: 'individual', participantIds: [b.id] });
      expect(first.status, first.text).toBe(201);
      expect(first.body.data).toMatchObject({ roomType: 'individual', myRole: 'member', unreadCount: 0, lastMessage: null, settings: { maxParticipants: 2 } });
      expect(first.body.data.participants.map((p: any) => [p.userId, p.name, p.role])).toEqual(
        expect.arrayContaining([
          [a.id, '가영', 'member'],
          [b.id, '나래', 'member'],
        ]),
      );
      const again = await openRoom(b, { roomType: 'individual', participantIds: [a.id] });
      expect(again.body.data.id).toBe(first.body.data.id);
      const both = await Promise.all([pairRoom(a, b), pairRoom(b, a)]);
      expect(both).toEqual([first.body.data.id, first.body.data.id]);
      expect((await roomsOf(a)).filter((r: any) => r.roomType === 'individual')).toHaveLength(1);
    });

    it('are refused with oneself, with someone who does not exist, or with two others', async () => {
      const [a, b, c] = await Promise.all([account(t), account(t), account(t)]);
      await acquaint(t, a, b, c);
      const self = await openRoom(a, { roomType: 'individual', participantIds: [a.id] });
      expect(self.status).toBe(400);
      expect(self.body.error.details).toEqual([{ field: 'participantIds', message: '자기 자신과는 1:1 채팅방을 만들 수 없습니다.' }]);
      const ghost = await openRoom(a, { roomType: 'individual', participantIds: [99_999_999] });
      expect(ghost.status).toBe(400);
      expect(ghost.body.error.details).toEqual([{ field: 'participantIds', message: '대화할 수 없는 사용자가 포함되어 있습니다.' }]);
      expect((await openRoom(a, { roomType: 'individual', participantIds: [b.id, c.id] })).status).toBe(400);
      expect((await openRoom(a, { roomType: 'private', participantIds: [b.id] })).status).toBe(400);
    });
  });

  describe('two users chatting', () => {
    it('see each other’s messages, and their rooms list the last one with the unread count, newest first', async () => {
      const [a, b, c] = await Promise.all([account(t, ['USER'], '보내는이'), account(t), account(t)]);
      const withB = await pairRoom(a, b);
      const withC = await pairRoom(a, c);
      const sent = await send(a, withB, { message: '오늘 하체 운동 같이 할래요?' });
      expect(sent.status, sent.text).toBe(201);
      expect(sent.body.message).toBe('메시지를 보냈습니다.');
      expect(sent.body.data).toMatchObject({
        chatRoomId: withB,
        senderId: a.id,
        sender: { id: a.id, name: '보내는이' },
        message: '오늘 하체 운동 같이 할래요?',
        messageType: 'text',
        replyTo: null,
        isForwarded: false,
        attachments: [],
        readBy: [],
        editedAt: null,
        isDeleted: false,
      });
      const reply = await send(b, withB, { message: '좋아요! 7시에 봬요', replyTo: sent.body.data.id });
      expect(reply.body.data).toMatchObject({
        replyTo: sent.body.data.id,
        replyToMessage: { id: sent.body.data.id, senderId: a.id, message: '오늘 하체 운동 같이 할래요?', isDeleted: false },
      });

      const seen = await messages(b, withB);
      expect(seen.status).toBe(200);
      expect(seen.body.data.items.map((m: any) => m.message)).toEqual(['좋아요! 7시에 봬요', '오늘 하체 운동 같이 할래요?']);
      expect(seen.body.data.nextCursor).toBeNull();

      const forB = await roomOf(b, withB);
      expect(forB).toMatchObject({ unreadCount: 1, lastMessage: { messageId: reply.body.data.id, content: '좋아요! 7시에 봬요', senderId: b.id } });
      expect((await roomOf(a, withB)).unreadCount).toBe(1);

      // A message in the other room puts it first (the rooms that introduced them have none).
      const pairs = async () => (await roomsOf(a)).filter((r: any) => r.roomType === 'individual').map((r: any) => r.id);
      await say(c, withC, '저도 끼워 주세요');
      expect(await pairs()).toEqual([withC, withB]);
      await say(b, withB, '그럼 셋이서!');
      expect(await pairs()).toEqual([withB, withC]);
      expect((await roomsOf(a))[0].id).toBe(withB);
      const one = await t.api.get(`/api/chat/rooms/${withB}`, { token: a.token });
      expect(one.body.data).toMatchObject({ id: withB, unreadCount: 2 });
    });

    it('keep text exactly as written: markup, emoji and newlines, up to 4000 characters', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const script = '<script>alert("xss")</script> & <b>굵게</b>\n둘째 줄 💪';
      const res = await send(a, room, { message: script });
      expect(res.body.data.message).toBe(script);
      expect((await messages(b, room)).body.data.items[0].message).toBe(script);
      expect((await send(a, room, { message: '가'.repeat(4000) })).status).toBe(201);
    });

    it('refuses empty, oversized and malformed messages, naming the field', async () => {
      const [a, b, c] = await Promise.all([account(t), account(t), account(t)]);
      const room = await pairRoom(a, b);
      const other = await pairRoom(a, c);
      const field = async (body: Record<string, unknown>) => {
        const res = await send(a, room, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        return res.body.error.details.map((d: any) => d.field);
      };
      expect(await field({ message: '   ' })).toEqual(['message']);
      expect(await field({})).toEqual(['message']);
      expect(await field({ message: '가'.repeat(4001) })).toEqual(['message']);
      expect(await field({ message: 'a\u0000b' })).toEqual(['message']);
      expect(await field({ message: 123 })).toEqual(['message']);
      expect(await field({ message: '안녕', messageType: 'system' })).toEqual(['messageType']);
      expect(await field({ message: '사진', messageType: 'image' })).toEqual(['attachments']);
      expect(await field({ message: 'x', attachments: [{ type: 'image', url: 'javascript:alert(1)' }] })).toEqual(['attachments.0.url']);
      const elsewhere = await say(a, other, '다른 방');
      expect(await field({ message: '답장', replyTo: elsewhere })).toEqual(['replyTo']);

      const photo = await send(a, room, {
        messageType: 'image',
        attachments: [{ type: 'image', url: 'https://cdn.example.com/squat.jpg', filename: 'squat.jpg', size: 2048, mimeType: 'image/jpeg' }],
      });
      expect(photo.status, photo.text).toBe(201);
      expect(photo.body.data).toMatchObject({ messageType: 'image', message: '', attachments: [{ type: 'image', filename: 'squat.jpg', size: 2048 }] });
      expect((await roomOf(b, room)).lastMessage.content).toBe('squat.jpg');
    });

    it('keeps the metadata a message carries (document 004), small, JSON and storable, and hides it once deleted', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const metadata = { image: { width: 1080, height: 1350 }, source: '갤러리', tags: ['스쿼트', 1, true, null] };
      const photo = await send(a, room, { messageType: 'image', attachments: [{ type: 'image', url: 'https://cdn.example.com/p.jpg' }], metadata });
      expect(photo.status, photo.text).toBe(201);
      expect(photo.body.data.metadata).toEqual(metadata);
      expect((await send(a, room, { message: '메타 없음' })).body.data.metadata).toBeNull();
      const seen = (await messages(b, room)).body.data.items.find((m: any) => m.id === photo.body.data.id);
      expect(seen.metadata).toEqual(metadata);

      const refused = async (value: unknown) => {
        const res = await send(a, room, { message: '메타', metadata: value });
        expect(res.status, JSON.stringify(value).slice(0, 80)).toBe(400);
        return res.body.error.details.map((d: any) => d.field);
      };
      expect(await refused({ blob: 'x'.repeat(5000) })).toEqual(['metadata']);
      expect(await refused(['list'])).toEqual(['metadata']);
      expect(await refused('text')).toEqual(['metadata']);
      expect(await refused({ note: 'a\u0000b' })).toEqual(['metadata.note']);
      let deep: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 20; i++) deep = { deeper: deep };
      expect(await refused(deep)).toEqual(['metadata']);
      expect(await refused({ ['k'.repeat(101)]: 1 })).toEqual(['metadata.' + 'k'.repeat(101)]);

      const removed = await t.api.delete(`/api/chat/messages/${photo.body.data.id}`, { token: a.token });
      expect(removed.body.data).toMatchObject({ isDeleted: true, metadata: null, attachments: [] });
    });

    it('save a retried send once when it carries the same clientMessageId', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const body = { message: '한 번만 저장돼야 해요', clientMessageId: 'web-7f3a-0001' };
      const [first, second] = await Promise.all([send(a, room, body), send(a, room, body)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.data.id).toBe(first.body.data.id);
      expect(first.body.data.clientMessageId).toBe('web-7f3a-0001');
      expect((await messages(b, room)).body.data.items).toHaveLength(1);
      // The same id is the sender's own: another sender may use it too.
      expect((await send(b, room, body)).body.data.id).not.toBe(first.body.data.id);
      const other = await pairRoom(a, await account(t));
      const reused = await send(a, other, body);
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('CHAT_CLIENT_ID_REUSED');
    });
  });

  describe('outsiders', () => {
    it('cannot see, read, write, edit, delete or mark a room they are not in', async () => {
      const [a, b, stranger] = await Promise.all([account(t), account(t), account(t)]);
      const room = await pairRoom(a, b);
      const id = await say(a, room, '우리끼리 얘기');
      const notFound = (res: { status: number; body: any }) => {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toMatch(/^CHAT_(ROOM|MESSAGE)_NOT_FOUND$/);
      };
      notFound(await t.api.get(`/api/chat/rooms/${room}`, { token: stranger.token }));
      notFound(await messages(stranger, room));
      notFound(await send(stranger, room, { message: '끼어들기' }));
      notFound(await t.api.put(`/api/chat/messages/${id}`, { token: stranger.token, body: { message: '바꿔치기' } }));
      notFound(await t.api.delete(`/api/chat/messages/${id}`, { token: stranger.token }));
      notFound(await t.api.post(`/api/chat/rooms/${room}/read`, { token: stranger.token }));
      notFound(await t.api.get('/api/chat/rooms/99999999', { token: a.token }));
      expect(await roomsOf(stranger)).toEqual([]);
      expect((await messages(a, room)).body.data.items.map((m: any) => m.message)).toEqual(['우리끼리 얘기']);
    });
  });

  describe('history', () => {
    it('pages newest first with a cursor, without gaps or repeats', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const ids: number[] = [];
      for (let i = 1; i <= 7; i++) ids.push(await say(i % 2 ? a : b, room, `메시지 ${i}`));
      const first = await messages(b, room, '?limit=3');
      expect(first.body.data.items.map((m: any) => m.message)).toEqual(['메시지 7', '메시지 6', '메시지 5']);
      expect(first.body.data.nextCursor).toBe(ids[4]);
      const second = await messages(b, room, `?limit=3&before=${first.body.data.nextCursor}`);
      expect(second.body.data.items.map((m: any) => m.message)).toEqual(['메시지 4', '메시지 3', '메시지 2']);
      const last = await messages(b, room, `?limit=3&before=${second.body.data.nextCursor}`);
      expect(last.body.data.items.map((m: any) => m.message)).toEqual(['메시지 1']);
      expect(last.body.data.nextCursor).toBeNull();
      // A message arriving meanwhile does not shift the pages already handed out.
      await say(a, room, '메시지 8');
      expect((await messages(b, room, `?limit=3&before=${first.body.data.nextCursor}`)).body.data.items[0].message).toBe('메시지 4');
      expect((await messages(b, room)).body.data.items).toHaveLength(8);
      expect((await messages(b, room, '?limit=0')).status).toBe(400);
      expect((await messages(b, room, '?limit=101')).status).toBe(400);
      expect((await messages(b, room, '?before=abc')).status).toBe(400);
    });

    it('also pages by number with totalCount, as document 004 does, beside the cursor', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      for (let i = 1; i <= 7; i++) await say(i % 2 ? a : b, room, `메시지 ${i}`);
      const texts = (res: any) => res.body.data.items.map((m: any) => m.message);
      const first = await messages(b, room, '?page=1&limit=3');
      expect(first.body.data).toMatchObject({ page: 1, totalCount: 7 });
      expect(texts(first)).toEqual(['메시지 7', '메시지 6', '메시지 5']);
      const third = await messages(b, room, '?page=3&limit=3');
      expect(third.body.data).toMatchObject({ page: 3, totalCount: 7, nextCursor: null });
      expect(texts(third)).toEqual(['메시지 1']);
      // The cursor a numbered page gives leads on to the next page.
      const second = await messages(b, room, '?page=2&limit=3');
      expect(texts(await messages(b, room, `?limit=3&before=${second.body.data.nextCursor}`))).toEqual(texts(third));
      expect((await messages(b, room, '?page=9&limit=3')).body.data).toMatchObject({ items: [], page: 9, totalCount: 7, nextCursor: null });
      // The cursor pages count nothing.
      expect((await messages(b, room, '?limit=3')).body.data).not.toHaveProperty('totalCount');
      const both = await messages(b, room, `?page=1&before=${second.body.data.nextCursor}`);
      expect(both.status).toBe(400);
      expect(both.body.error.details.map((d: any) => d.field)).toEqual(['page']);
      expect((await messages(b, room, '?page=0')).status).toBe(400);
    });
  });

  describe('reading', () => {
    it('records who read what and when, and counts what is unread', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const m1 = await say(a, room, '하나');
      const m2 = await say(a, room, '둘');
      const m3 = await say(a, room, '셋');
      await say(b, room, '내 메시지는 세지 않아요');
      expect((await roomOf(b, room)).unreadCount).toBe(3);

      const upTo = await t.api.post(`/api/chat/rooms/${room}/read`, { token: b.token, body: { messageId: m2 } });
      expect(upTo.status, upTo.text).toBe(200);
      expect(upTo.body.data).toMatchObject({ chatRoomId: room, userId: b.id, lastReadMessageId: m2, count: 2 });
      expect((await roomOf(b, room)).unreadCount).toBe(1);

      const all = await t.api.post(`/api/chat/rooms/${room}/read`, { token: b.token });
      expect(all.body.data.count).toBe(1);
      const forB = await roomOf(b, room);
      expect(forB.unreadCount).toBe(0);
      expect(forB.participants.find((p: any) => p.userId === b.id).lastReadAt).not.toBeNull();
      expect((await t.api.post(`/api/chat/rooms/${room}/read`, { token: b.token })).body.data.count).toBe(0);

      const seenByA = (await messages(a, room)).body.data.items;
      const readers = (id: number) => seenByA.find((m: any) => m.id === id).readBy.map((r: any) => r.userId);
      expect([readers(m1), readers(m2), readers(m3)]).toEqual([[b.id], [b.id], [b.id]]);
      expect(Date.parse(seenByA.find((m: any) => m.id === m1).readBy[0].readAt)).toBeGreaterThan(0);
      // A's own messages stay unread by A; B's message is unread for A.
      expect((await roomOf(a, room)).unreadCount).toBe(1);
    });
  });

  describe('editing and deleting', () => {
    it('lets only the sender edit; the other side sees the new text and when it changed', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      const id = await say(a, room, '7시에 만나요');
      const edited = await t.api.put(`/api/chat/messages/${id}`, { token: a.token, body: { message: '8시에 만나요' } });
      expect(edited.status, edited.text).toBe(200);
      expect(edited.body.data).toMatchObject({ id, message: '8시에 만나요' });
      expect(edited.body.data.editedAt).not.toBeNull();
      const forB = (await messages(b, room)).body.data.items[0];
      expect(forB).toMatchObject({ message: '8시에 만나요', editedAt: edited.body.data.editedAt });
      expect((await roomOf(b, room)).lastMessage.content).toBe('8시에 만나요');

      const byOther = await t.api.put(`/api/chat/messages/${id}`, { token: b.token, body: { message: '내가 바꿈' } });
      expect(byOther.status).toBe(403);
      expect(byOther.body.error.code).toBe('CHAT_NOT_SENDER');
      expect((await t.api.put(`/api/chat/messages/${id}`, { token: a.token, body: { message: ' ' } })).status).toBe(400);
      expect((await t.api.put('/api/chat/messages/99999999', { token: a.token, body: { message: 'x' } })).status).toBe(404);
    });

    it('deletes softly: the message keeps its place with no content, for the sender or a room admin only', async () => {
      const [admin, member, other] = await Promise.all([account(t), account(t), account(t)]);
      await acquaint(t, admin, member, other);
      const group = await openRoom(admin, { roomType: 'group', name: '주말 러닝 크루', participantIds: [member.id, other.id] });
      expect(group.status, group.text).toBe(201);
      const room = group.body.data.id;
      const mine = await say(member, room, '지울 메시지');
      const theirs = await say(other, room, '남의 메시지');

      const byOther = await t.api.delete(`/api/chat/messages/${theirs}`, { token: member.token });
      expect(byOther.status).toBe(403);
      expect(byOther.body.error.code).toBe('CHAT_DELETE_NOT_ALLOWED');

      const gone = await t.api.delete(`/api/chat/messages/${mine}`, { token: member.token });
      expect(gone.status, gone.text).toBe(200);
      expect(gone.body.data).toMatchObject({ id: mine, isDeleted: true, message: null, attachments: [] });
      expect(gone.body.data.deletedAt).not.toBeNull();
      const byAdmin = await t.api.delete(`/api/chat/messages/${theirs}`, { token: admin.token });
      expect(byAdmin.body.data).toMatchObject({ isDeleted: true, message: null });

      const seen = (await messages(other, room)).body.data.items;
      expect(seen.map((m: any) => [m.id, m.isDeleted, m.message])).toEqual([
        [theirs, true, null],
        [mine, true, null],
      ]);
      expect((await roomOf(admin, room)).lastMessage).toMatchObject({ messageId: theirs, content: null });
      const edit = await t.api.put(`/api/chat/messages/${mine}`, { token: member.token, body: { message: '되살리기' } });
      expect(edit.status).toBe(409);
      expect((await t.api.delete(`/api/chat/messages/${mine}`, { token: member.token })).status).toBe(200);
    });
  });

  describe('group rooms', () => {
    it('respect the largest size, on creation and on every invitation', async () => {
      const [admin, a, b, c, d] = await Promise.all([account(t), account(t), account(t), account(t), account(t)]);
      await acquaint(t, admin, a, b, c, d);
      const tooMany = await openRoom(admin, { roomType: 'group', name: '소규모 PT', participantIds: [a.id, b.id, c.id], settings: { maxParticipants: 3 } });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.details[0].field).toBe('participantIds');

      const made = await openRoom(admin, {
        roomType: 'group',
        name: '소규모 PT',
        participantIds: [a.id, a.id, admin.id],
        settings: { maxParticipants: 3, allowInvites: false },
      });
      expect(made.status, made.text).toBe(201);
      const room = made.body.data;
      expect(room).toMatchObject({
        roomType: 'group',
        name: '소규모 PT',
        myRole: 'admin',
        settings: { isPrivate: true, allowInvites: false, maxParticipants: 3 },
      });
      expect(room.participants).toHaveLength(2);

      const invite = (who: Account, userIds: number[]) => t.api.post(`/api/chat/rooms/${room.id}/participants`, { token: who.token, body: { userIds } });
      const byMember = await invite(a, [b.id]);
      expect(byMember.status).toBe(403);
      expect(byMember.body.error.code).toBe('CHAT_INVITES_CLOSED');
      const full = await invite(admin, [b.id, c.id]);
      expect(full.status).toBe(409);
      expect(full.body.error).toMatchObject({ code: 'CHAT_ROOM_FULL', message: '채팅방 인원이 가득 찼습니다. (최대 3명)' });
      const added = await invite(admin, [b.id]);
      expect(added.status, added.text).toBe(200);
      expect(added.body.data.participants.map((p: any) => p.userId).sort()).toEqual([admin.id, a.id, b.id].sort());
      expect((await invite(admin, [b.id])).status).toBe(200); // already in: nothing to do
      expect((await invite(admin, [d.id])).status).toBe(409);
      expect((await invite(admin, [99_999_999])).status).toBe(400);

      // Two invitations racing for the last seat: one wins.
      await t.api.delete(`/api/chat/rooms/${room.id}/participants/${b.id}`, { token: admin.token });
      const race = await Promise.all([invite(admin, [c.id]), invite(admin, [d.id])]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it('let members invite when the room allows it, admins remove people, and anyone leave', async () => {
      const [admin, a, b, c] = await Promise.all([account(t), account(t), account(t), account(t)]);
      await acquaint(t, admin, a, b, c);
      const made = await openRoom(admin, { roomType: 'group', name: '요가 모임', participantIds: [a.id], settings: { allowInvites: true } });
      const room = made.body.data.id;
      expect((await t.api.post(`/api/chat/rooms/${room}/participants`, { token: a.token, body: { userIds: [b.id, c.id] } })).status).toBe(200);
      await say(b, room, '반가워요');
      expect((await roomOf(b, room)).myRole).toBe('member');

      const byMember = await t.api.delete(`/api/chat/rooms/${room}/participants/${c.id}`, { token: a.token });
      expect(byMember.status).toBe(403);
      expect((await t.api.delete(`/api/chat/rooms/${room}/participants/${c.id}`, { token: admin.token })).status).toBe(200);
      expect((await messages(c, room)).status).toBe(404);
      expect((await send(c, room, { message: '저 아직 있어요?' })).status).toBe(404);

      expect((await t.api.post(`/api/chat/rooms/${room}/leave`, { token: b.token })).status).toBe(200);
      expect(await roomOf(b, room)).toBeUndefined();
      // The last admin leaving hands the room to the longest-standing member.
      expect((await t.api.post(`/api/chat/rooms/${room}/leave`, { token: admin.token })).status).toBe(200);
      expect((await roomOf(a, room)).myRole).toBe('admin');

      const pair = await pairRoom(a, b);
      const notGroup = await t.api.post(`/api/chat/rooms/${pair}/leave`, { token: a.token });
      expect(notGroup.status).toBe(400);
      expect(notGroup.body.error.code).toBe('CHAT_NOT_GROUP');
    });
  });

  describe('support rooms', () => {
    it('let a user talk to the staff: any ADMIN may read and answer, and then takes part', async () => {
      const [user, staff, otherStaff, nosy] = await Promise.all([
        account(t, ['USER'], '회원'),
        account(t, ['ADMIN'], '상담원'),
        account(t, ['ADMIN']),
        account(t),
      ]);
      const opened = await openRoom(user, { roomType: 'support', name: '결제 문의' });
      expect(opened.status, opened.text).toBe(201);
      const room = opened.body.data.id;
      expect(opened.body.data).toMatchObject({ roomType: 'support', name: '결제 문의', myRole: 'member' });
      expect((await openRoom(user, { roomType: 'support' })).body.data.id).toBe(room);

      const question = await say(user, room, '결제가 두 번 됐어요');
      expect((await messages(staff, room)).body.data.items.map((m: any) => m.message)).toEqual(['결제가 두 번 됐어요']);
      expect((await t.api.get(`/api/chat/rooms/${room}`, { token: staff.token })).body.data.myRole).toBeNull();
      expect((await messages(nosy, room)).status).toBe(404);

      const answer = await send(staff, room, { message: '확인 후 환불해 드릴게요', replyTo: question });
      expect(answer.status, answer.text).toBe(201);
      const asStaff = await roomOf(staff, room);
      expect(asStaff).toMatchObject({ myRole: 'admin' });
      expect((await roomOf(user, room)).participants.map((p: any) => p.userId)).toEqual([user.id, staff.id]);

      // Staff moderate support rooms.
      expect((await t.api.delete(`/api/chat/messages/${question}`, { token: otherStaff.token })).status).toBe(200);
      expect((await t.api.put(`/api/chat/messages/${answer.body.data.id}`, { token: otherStaff.token, body: { message: 'x' } })).status).toBe(403);
    });
  });

  describe('the OpenAPI document', () => {
    it('describes every chat route', async () => {
      const paths = Object.keys((await t.api.get('/docs/json')).body.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/chat/rooms',
          '/api/chat/rooms/{id}',
          '/api/chat/rooms/{id}/messages',
          '/api/chat/messages/{id}',
          '/api/chat/rooms/{id}/read',
          '/api/chat/rooms/{id}/participants',
          '/api/chat/rooms/{id}/participants/{userId}',
          '/api/chat/rooms/{id}/leave',
        ]),
      );
    });
  });

  describe('sending too fast', () => {
    it('is limited to 20 messages per 10 seconds per user', async () => {
      const [a, b] = await Promise.all([account(t), account(t)]);
      const room = await pairRoom(a, b);
      for (let i = 0; i < 20; i++) expect((await send(a, room, { message: `${i}` })).status).toBe(201);
      const limited = await send(a, room, { message: '21' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await messages(b, room, '?limit=100')).body.data.items).toHaveLength(20);
      expect((await send(b, room, { message: '나는 보낼 수 있어요' })).status).toBe(201);
    });
  });
});
