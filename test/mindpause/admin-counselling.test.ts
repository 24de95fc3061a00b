import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mindpause';

// The admins' side of the counselling chat: the review queue of flagged conversations and the
// AI figures of the stats. No provider is configured, so replies come from the built-in responder.
describe('MindPause admin: flagged counselling conversations', () => {
  let t: TestApp;
  let admin: Account;
  beforeAll(async () => {
    t = await startTestApp('mindpause');
    admin = await account(t, ['ADMIN']);
  });
  afterAll(() => t.close());

  const converse = async (who: Account, ...messages: string[]) => {
    const id = (await t.api.post('/api/v1/chat/conversations', { token: who.token, body: {} })).body.data.id as number;
    for (const content of messages)
      expect((await t.api.post(`/api/v1/chat/conversations/${id}/messages`, { token: who.token, body: { content } })).status).toBe(201);
    return id;
  };
  const stats = async () => (await t.api.get('/api/v1/admin/stats', { token: admin.token })).body.data;

  it('queues a conversation with crisis language for review, counts it, and lets an admin resolve it once', async () => {
    const me = await account(t);
    await converse(me, '오늘 회사에서 힘든 일이 있었어요');
    const flagged = await converse(me, '요즘 너무 힘들어요', '그냥 죽고 싶어요');
    expect(await stats()).toMatchObject({ aiMessages: 3, flaggedConversations: 1 });

    const queue = await t.api.get('/api/v1/admin/flagged-conversations', { token: admin.token });
    expect(queue.status).toBe(200);
    expect(queue.body.data.items).toHaveLength(1);
    expect(queue.body.data.items[0]).toMatchObject({ id: flagged, userId: me.id, flags: [{ message: '그냥 죽고 싶어요' }] });

    const user = await account(t);
    expect((await t.api.get('/api/v1/admin/flagged-conversations', { token: user.token })).status).toBe(403);
    expect((await t.api.patch(`/api/v1/admin/flagged-conversations/${flagged}`, { token: user.token, body: {} })).status).toBe(403);

    const resolved = await t.api.patch(`/api/v1/admin/flagged-conversations/${flagged}`, { token: admin.token, body: { note: '상담 연계 안내 완료' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.data).toMatchObject({ conversationId: flagged, resolvedFlags: 1, reviewedBy: admin.id, reviewNote: '상담 연계 안내 완료' });
    expect((await t.api.get('/api/v1/admin/flagged-conversations', { token: admin.token })).body.data.items).toEqual([]);
    expect(await stats()).toMatchObject({ flaggedConversations: 0 });
    const again = await t.api.patch(`/api/v1/admin/flagged-conversations/${flagged}`, { token: admin.token, body: {} });
    expect(again.status).toBe(404);
    expect((await t.api.patch(`/api/v1/admin/flagged-conversations/${flagged}`, { token: admin.token, body: { note: 5 } })).status).toBe(400);
  });
});
