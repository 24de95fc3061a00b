import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { account as fitmateAccount } from '../support/fitmate';
import { account as mimoAccount } from '../support/mimo';
import { camera } from '../support/mimo-cameras';
import { device, motionAt } from '../support/mimo-events';
import { eventually } from '../support/sockets';

describe('FitMate console queues: support rooms and failed jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('fitmate', { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '1s' });
  });
  afterAll(async () => t?.close());

  it('lists support rooms waiting for an answer until staff answer them', async () => {
    const [admin, member] = await Promise.all([fitmateAccount(t, ['ADMIN'], '상담원'), fitmateAccount(t, ['USER'], '문의자')]);
    const room = (await t.api.post('/api/chat/rooms', { token: member.token, body: { roomType: 'support' } })).body.data;
    await t.api.post(`/api/chat/rooms/${room.id}/messages`, { token: member.token, body: { message: '결제가 두 번 됐어요' } });
    const waiting = await t.api.get('/api/admin/support/rooms?awaiting=true', { token: admin.token });
    expect(waiting.body.data.items).toEqual([
      expect.objectContaining({ chatRoomId: room.id, userId: member.id, email: member.email, lastMessage: '결제가 두 번 됐어요', awaitingReply: true }),
    ]);

    const answer = await t.api.post(`/api/chat/rooms/${room.id}/messages`, { token: admin.token, body: { message: '확인 후 환불해 드릴게요' } });
    expect(answer.status).toBe(201);
    expect((await t.api.get('/api/admin/support/rooms?awaiting=true', { token: admin.token })).body.data.items).toEqual([]);
    const answered = await t.api.get('/api/admin/support/rooms?awaiting=false', { token: admin.token });
    expect(answered.body.data.items).toEqual([expect.objectContaining({ chatRoomId: room.id, lastMessage: '확인 후 환불해 드릴게요', awaitingReply: false })]);
    expect((await t.api.get('/api/admin/support/rooms?awaiting=maybe', { token: admin.token })).status).toBe(400);
  });

  it('lists a job that failed its last try and tries it once more on an admin’s word', async () => {
    const admin = await fitmateAccount(t, ['ADMIN'], '운영자');
    // A message that names no log row the way the table keys them: every try fails in the database.
    const id = (await t.app.jobs.send('sms.send', { logId: 'not-a-row' }))!;
    const failedJob = async () =>
      (await t.api.get('/api/admin/jobs/failed?name=sms.send&limit=100', { token: admin.token })).body.data.items.find((j: { id: string }) => j.id === id);
    await eventually(async () => (await failedJob()) !== undefined, 45_000);
    expect(await failedJob()).toMatchObject({ name: 'sms.send', retryCount: 3, retryable: true });

    const retried = await t.api.post(`/api/admin/jobs/sms.send/${id}/retry`, { token: admin.token });
    expect(retried.status).toBe(202);
    // It was tried once more (and failed again, as it must).
    await eventually(async () => (await failedJob())?.retryCount === 4, 45_000);
    const notFailed = await t.api.post(`/api/admin/jobs/sms.send/${crypto.randomUUID()}/retry`, { token: admin.token });
    expect(notFailed.status).toBe(404);
    expect((await t.api.post(`/api/admin/jobs/no.such.job/${id}/retry`, { token: admin.token })).status).toBe(404);
  });
});

describe('MIMO console: the camera fleet', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('mimo');
  });
  afterAll(async () => t?.close());

  it('lists every camera with its owner and heartbeat, and counts the fleet and its events per day', async () => {
    const [admin, owner] = await Promise.all([mimoAccount(t, ['ADMIN'], '관제'), mimoAccount(t, ['USER'], '집주인')]);
    const [living, door] = [await camera(t, owner, { name: '거실', location: '1층' }), await camera(t, owner, { name: '현관' })];
    expect((await t.api.post(`/api/cameras/${living.id}/heartbeat`, { headers: device(living) })).status).toBe(200);
    for (const secondsAgo of [30, 20])
      expect((await t.api.post('/api/events', { headers: device(living), body: motionAt(living.id, secondsAgo) })).status).toBe(201);

    const fleet = await t.api.get('/api/admin/cameras?limit=100', { token: admin.token });
    expect(fleet.body.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: living.id,
          name: '거실',
          location: '1층',
          status: 'online',
          owner: { id: owner.id, email: owner.email, name: '집주인' },
          eventsLast24h: 2,
          viewers: 0,
        }),
        expect.objectContaining({ id: door.id, status: 'offline', lastHeartbeat: null, eventsLast24h: 0 }),
      ]),
    );
    expect(fleet.text).not.toContain('deviceSecretHash');
    const online = await t.api.get('/api/admin/cameras?status=online', { token: admin.token });
    expect(online.body.data.items.map((c: { id: number }) => c.id)).toEqual([living.id]);
    const search = await t.api.get(`/api/admin/cameras?q=${encodeURIComponent('현관')}`, { token: admin.token });
    expect(search.body.data.items.map((c: { id: number }) => c.id)).toEqual([door.id]);

    const stats = (await t.api.get('/api/admin/cameras/stats?days=7', { token: admin.token })).body.data;
    expect(stats).toMatchObject({ total: 2, byStatus: { online: 1, offline: 1, error: 0 }, lateHeartbeats: 0 });
    expect(stats.daily).toHaveLength(7);
    expect(stats.daily.at(-1)).toMatchObject({ events: 2, motion: 2, sound: 0 });
    expect((await t.api.get('/api/admin/cameras/stats?days=31', { token: admin.token })).status).toBe(400);
    expect((await t.api.get('/api/admin/cameras?status=broken', { token: admin.token })).status).toBe(400);
  });
});
