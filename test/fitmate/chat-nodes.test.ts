import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, acquaint } from '../support/fitmate';
import { ask, collect, connect, connected, eventually, next, pause } from '../support/sockets';
import { onServices } from '../support/stores';

// Two app instances sharing PostgreSQL and Redis, as two nodes behind a load balancer.
describe.runIf(onServices())('FitMate chat across two nodes (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    a = await startTestApp('fitmate');
    b = await startTestApp('fitmate', {}, { stores: a.stores });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const socketOn = async (node: TestApp, who: Account) => {
    const socket = connect(node, who.token);
    open.push(socket);
    return connected(socket);
  };
  const pair = async (x: Account, y: Account) =>
    (await acquaint(a, x, y), await a.api.post('/api/chat/rooms', { token: x.token, body: { roomType: 'individual', participantIds: [y.id] } })).body.data
      .id as number;

  it('carries a message sent on node A to a participant connected to node B', async () => {
    const [me, you] = await Promise.all([account(a, ['USER'], '노드A'), account(a)]);
    const room = await pair(me, you);
    const [onA, onB] = await Promise.all([socketOn(a, me), socketOn(b, you)]);
    const heard = next(onB, 'newMessage');
    const ack = await ask(onA, 'sendMessage', { chatRoomId: room, message: '다른 서버에서 보낸 메시지' });
    expect(ack.ok).toBe(true);
    expect(await heard).toEqual(ack.data);

    // And back, through REST on node B to the joined socket on node A.
    await ask(onA, 'joinChat', { chatRoomId: room });
    const back = next(onA, 'newMessage');
    const viaRest = await b.api.post(`/api/chat/rooms/${room}/messages`, { token: you.token, body: { message: '잘 받았어요' } });
    expect(await back).toMatchObject({ id: viaRest.body.data.id, message: '잘 받았어요' });
  });

  it('tells a joined room on the other node of joins, typing, reads and edits, once each', async () => {
    const [me, you] = await Promise.all([account(a), account(a)]);
    const room = await pair(me, you);
    const [onA, onB] = await Promise.all([socketOn(a, me), socketOn(b, you)]);
    await ask(onB, 'joinChat', { chatRoomId: room });
    const joined = next(onB, 'userJoined');
    await ask(onA, 'joinChat', { chatRoomId: room });
    expect(await joined).toEqual({ userId: me.id, chatRoomId: room });

    const typing = next(onB, 'typing');
    await ask(onA, 'typing', { chatRoomId: room });
    expect(await typing).toMatchObject({ userId: me.id, isTyping: true });

    const messages = collect(onB, 'newMessage');
    const sent = (await ask(onA, 'sendMessage', { chatRoomId: room, message: '한 번만 와야 해요' })).data;
    const read = next(onA, 'messageRead');
    await ask(onB, 'messageRead', { chatRoomId: room });
    expect(await read).toMatchObject({ userId: you.id, lastReadMessageId: sent.id, count: 1 });

    const edited = next(onB, 'messageEdited');
    await a.api.put(`/api/chat/messages/${sent.id}`, { token: me.token, body: { message: '수정했어요' } });
    expect(await edited).toMatchObject({ id: sent.id, message: '수정했어요' });
    await pause(200);
    // In the chat room and in the user's room both, the socket still hears each message once.
    expect(messages.map((m) => m.id)).toEqual([sent.id]);
  });

  it('notifies a participant who is connected to neither node, and no one connected to either', async () => {
    const [me, away, here] = await Promise.all([account(a), account(a), account(a)]);
    await acquaint(a, me, away, here);
    const group = await a.api.post('/api/chat/rooms', { token: me.token, body: { roomType: 'group', participantIds: [away.id, here.id] } });
    const room = group.body.data.id;
    const [onA] = await Promise.all([socketOn(a, me), socketOn(b, here)]);
    await ask(onA, 'sendMessage', { chatRoomId: room, message: '모두 들리나요?' });
    const notes = async (who: Account) => (await a.api.get('/api/notifications?type=chat_message', { token: who.token })).body.data.items;
    await eventually(async () => (await notes(away)).length === 1);
    await pause(200);
    expect(await notes(here)).toEqual([]);
  });

  it('counts the send limit across both nodes', async () => {
    const [me, you] = await Promise.all([account(a), account(a)]);
    const room = await pair(me, you);
    const [onA, onB] = await Promise.all([socketOn(a, me), socketOn(b, me)]);
    const acks = await Promise.all(Array.from({ length: 24 }, (_, i) => ask(i % 2 ? onA : onB, 'sendMessage', { chatRoomId: room, message: `${i}` })));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(20);
  });
});
