import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account, acquaint } from '../support/fitmate';

/**
 * Issue 13, item 7 (FitMate chat): opening a chat with any user id answered that person's name,
 * and real ids 201 where unknown ids 400, so ids could be walked. A chat now starts only with
 * someone one knows in the app (trainer and client, people who share a room; staff reach anyone),
 * and an unknown id and an out-of-reach one get the very same answer. Who is in a room is shown
 * to those in it.
 */
describe('FitMate chat tells nothing about who has an account (attacks of issue 13)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
  });
  afterAll(() => t?.close());

  const open = (who: Account, body: Record<string, unknown>) => t.api.post('/api/chat/rooms', { token: who.token, body });
  /** The answer without its timestamp, to compare two answers byte for byte. */
  const answer = (res: { status: number; body: any }) => ({ status: res.status, body: { ...res.body, timestamp: undefined } });

  it('answers a real stranger’s id exactly as an id that names nobody, and never with a name', async () => {
    const [walker, stranger] = await Promise.all([account(t), account(t, ['USER'], '김비밀')]);
    const unknown = 99_999_999;
    const cases = [
      (id: number) => open(walker, { roomType: 'individual', participantIds: [id] }),
      (id: number) => open(walker, { roomType: 'group', name: '몰래 모임', participantIds: [id] }),
    ];
    for (const attempt of cases) {
      const [real, ghost] = [await attempt(stranger.id), await attempt(unknown)];
      expect(answer(real)).toEqual(answer(ghost));
      expect(real.status).toBe(400);
      expect(real.body.error.details).toEqual([{ field: 'participantIds', message: '대화할 수 없는 사용자가 포함되어 있습니다.' }]);
      expect(real.text).not.toContain('김비밀');
    }
    // Nor can someone be pulled into a group the walker runs.
    const friend = await account(t);
    await acquaint(t, walker, friend);
    const group = (await open(walker, { roomType: 'group', name: '우리 모임', participantIds: [friend.id], settings: { allowInvites: true } })).body.data.id;
    const invite = (id: number) => t.api.post(`/api/chat/rooms/${group}/participants`, { token: walker.token, body: { userIds: [id] } });
    expect(answer(await invite(stranger.id))).toEqual(answer(await invite(unknown)));
    expect((await invite(stranger.id)).status).toBe(400);
    expect((await t.api.get('/api/chat/rooms', { token: stranger.token })).body.data.items).toEqual([]);
  });

  it('lets a chat start between a trainer and their client, people who share a room, and from staff', async () => {
    const [trainer, client, a, b, staff, anyone] = await Promise.all([
      account(t, ['TRAINER'], '트레이너'),
      account(t),
      account(t),
      account(t),
      account(t, ['ADMIN']),
      account(t),
    ]);
    expect((await t.api.put(`/api/users/${client.id}/trainer`, { token: staff.token, body: { trainerId: trainer.id } })).status).toBe(200);
    expect((await open(client, { roomType: 'individual', participantIds: [trainer.id] })).status).toBe(201);
    expect((await open(trainer, { roomType: 'group', name: 'PT 반', participantIds: [client.id] })).status).toBe(201);
    expect((await open(a, { roomType: 'individual', participantIds: [b.id] })).status).toBe(400);
    await acquaint(t, a, b);
    expect((await open(a, { roomType: 'individual', participantIds: [b.id] })).status).toBe(201);
    expect((await open(staff, { roomType: 'individual', participantIds: [anyone.id] })).status).toBe(201);
  });

  it('shows who is in a room only to those in it: staff looking into a support room see the one who asked', async () => {
    const [user, answering, looking] = await Promise.all([
      account(t, ['USER'], '문의자'),
      account(t, ['ADMIN'], '상담원'),
      account(t, ['ADMIN'], '다른 상담원'),
    ]);
    const room = (await open(user, { roomType: 'support', name: '문의' })).body.data.id;
    await t.api.post(`/api/chat/rooms/${room}/messages`, { token: answering.token, body: { message: '무엇을 도와드릴까요?' } });
    const forUser = (await t.api.get(`/api/chat/rooms/${room}`, { token: user.token })).body.data;
    expect(forUser.participants.map((p: { userId: number }) => p.userId)).toEqual([user.id, answering.id]);
    const forOutsider = (await t.api.get(`/api/chat/rooms/${room}`, { token: looking.token })).body.data;
    expect(forOutsider.myRole).toBeNull();
    expect(forOutsider.participants.map((p: { userId: number }) => p.userId)).toEqual([user.id]);
  });
});
