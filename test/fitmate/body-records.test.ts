import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/fitmate';

describe('FitMate body records', () => {
  let t: TestApp;
  let me: Account;
  let stranger: Account;
  let admin: Account;
  let myTrainer: Account;
  let otherTrainer: Account;
  beforeAll(async () => {
    t = await startTestApp('fitmate');
    [me, stranger, admin, myTrainer, otherTrainer] = await Promise.all([
      account(t),
      account(t),
      account(t, ['ADMIN']),
      account(t, ['TRAINER'], '김코치'),
      account(t, ['TRAINER']),
    ]);
    await t.api.put('/api/users/profile', { token: me.token, body: { height: 175 } });
    const assigned = await t.api.put(`/api/users/${me.id}/trainer`, { token: admin.token, body: { trainerId: myTrainer.id } });
    expect(assigned.status, assigned.text).toBe(200);
  });
  afterAll(() => t.close());

  const path = (who: Account = me) => `/api/users/${who.id}/body-records`;

  it('records a measurement with BMI from the profile height', async () => {
    const res = await t.api.post(path(), {
      token: me.token,
      body: { measurementDate: '2025-05-01', measurementTime: '07:30', weightKg: 72.456, bodyFatPercentage: 18.5, waistCm: 81.24, notes: '아침 공복' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.data).toMatchObject({ userId: me.id, weightKg: 72.46, bmi: 23.66, waistCm: 81.2, measurementTime: '07:30:00', notes: '아침 공복' });
  });

  it('has no BMI without a height, and needs at least one measurement', async () => {
    const res = await t.api.post(path(stranger), { token: stranger.token, body: { measurementDate: seoulToday(), weightKg: 60 } });
    expect(res.body.data.bmi).toBeNull();
    const empty = await t.api.post(path(), { token: me.token, body: { measurementDate: seoulToday(), notes: '측정 없음' } });
    expect(empty.status).toBe(400);
    for (const body of [
      { measurementDate: seoulToday(), weightKg: 5 },
      { measurementDate: seoulToday(), bodyFatPercentage: 90 },
      { measurementDate: '2999-01-01', weightKg: 70 },
      { weightKg: 70 },
      { measurementDate: seoulToday(), weightKg: 70, bmi: 150 },
      { measurementDate: seoulToday(), weightKg: 70, bmiValue: 22 },
    ]) {
      expect((await t.api.post(path(), { token: me.token, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('keeps a BMI the scale measured, and works it out again only when asked or when the weight changes', async () => {
    const measured = await t.api.post(path(), { token: me.token, body: { measurementDate: '2025-05-02', weightKg: 72, bmi: 24.1 } });
    expect(measured.status, measured.text).toBe(201);
    expect(measured.body.data.bmi).toBe(24.1);
    const alone = await t.api.post(path(stranger), { token: stranger.token, body: { measurementDate: '2025-05-02', bmi: 19.87 } });
    expect(alone.body.data).toMatchObject({ bmi: 19.87, weightKg: null });
    const id = measured.body.data.id;
    const noted = await t.api.put(`${path()}/${id}`, { token: me.token, body: { notes: '인바디' } });
    expect(noted.body.data).toMatchObject({ bmi: 24.1, notes: '인바디' });
    const reworked = await t.api.put(`${path()}/${id}`, { token: me.token, body: { bmi: null } });
    expect(reworked.body.data.bmi).toBe(23.51);
    const given = await t.api.put(`${path()}/${id}`, { token: me.token, body: { weightKg: 80, bmi: 26 } });
    expect(given.body.data).toMatchObject({ weightKg: 80, bmi: 26 });
    const reweighed = await t.api.put(`${path()}/${id}`, { token: me.token, body: { weightKg: 70 } });
    expect(reweighed.body.data.bmi).toBe(22.86);
  });

  it('lists by date range, newest first, and updates BMI with the weight', async () => {
    for (const [date, kg] of [
      ['2025-06-01', 71],
      ['2025-06-15', 70],
      ['2025-07-01', 69],
    ] as const) {
      await t.api.post(path(), { token: me.token, body: { measurementDate: date, weightKg: kg } });
    }
    const june = await t.api.get(`${path()}?from=2025-06-01&to=2025-06-30`, { token: me.token });
    expect(june.body.data.items.map((r: { measurementDate: string }) => r.measurementDate)).toEqual(['2025-06-15', '2025-06-01']);
    const id = june.body.data.items[0].id;
    const updated = await t.api.put(`${path()}/${id}`, { token: me.token, body: { weightKg: 65 } });
    expect(updated.body.data).toMatchObject({ weightKg: 65, bmi: 21.22 });
    expect((await t.api.get(`${path()}?from=2025-07-01&to=2025-06-01`, { token: me.token })).status).toBe(400);
  });

  it('lets the user’s trainer and an admin read; strangers and other trainers get 403', async () => {
    expect((await t.api.get(path(), { token: myTrainer.token })).status).toBe(200);
    expect((await t.api.get(path(), { token: admin.token })).status).toBe(200);
    const refused = await t.api.get(path(), { token: stranger.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(refused.body)).not.toContain('72.46');
    expect((await t.api.get(path(), { token: otherTrainer.token })).status).toBe(403);
    expect((await t.api.get(path())).status).toBe(401);
  });

  it('lets only the user and an admin write; a trainer reads but does not write', async () => {
    const body = { measurementDate: seoulToday(), weightKg: 70 };
    expect((await t.api.post(path(), { token: myTrainer.token, body })).status).toBe(403);
    expect((await t.api.post(path(), { token: stranger.token, body })).status).toBe(403);
    const byAdmin = await t.api.post(path(), { token: admin.token, body: { ...body, notes: '관리자 입력' } });
    expect(byAdmin.status).toBe(201);
    const mine = byAdmin.body.data.id;
    expect((await t.api.put(`${path()}/${mine}`, { token: stranger.token, body: { weightKg: 71 } })).status).toBe(403);
    expect((await t.api.delete(`${path()}/${mine}`, { token: myTrainer.token })).status).toBe(403);
    // A record id under the wrong user is not found, even for its owner.
    expect((await t.api.put(`${path(stranger)}/${mine}`, { token: stranger.token, body: { weightKg: 71 } })).status).toBe(404);
    expect((await t.api.delete(`${path()}/${mine}`, { token: me.token })).status).toBe(200);
    expect((await t.api.delete(`${path()}/${mine}`, { token: me.token })).status).toBe(404);
  });

  describe('trainers', () => {
    it('are assigned by admins only, and must hold the TRAINER role', async () => {
      expect((await t.api.put(`/api/users/${stranger.id}/trainer`, { token: me.token, body: { trainerId: myTrainer.id } })).status).toBe(403);
      const notTrainer = await t.api.put(`/api/users/${stranger.id}/trainer`, { token: admin.token, body: { trainerId: me.id } });
      expect(notTrainer.status).toBe(400);
      expect(notTrainer.body.error.details[0].field).toBe('trainerId');
      expect((await t.api.put('/api/users/99999999/trainer', { token: admin.token, body: { trainerId: myTrainer.id } })).status).toBe(404);
    });

    it('list their clients, and lose access when unassigned', async () => {
      const clients = await t.api.get('/api/trainer/clients', { token: myTrainer.token });
      expect(clients.body.data).toEqual([expect.objectContaining({ id: me.id })]);
      expect((await t.api.get('/api/trainer/clients', { token: me.token })).status).toBe(403);
      expect((await t.api.delete(`/api/users/${me.id}/trainer/${myTrainer.id}`, { token: admin.token })).status).toBe(200);
      expect((await t.api.get(path(), { token: myTrainer.token })).status).toBe(403);
      expect((await t.api.delete(`/api/users/${me.id}/trainer/${myTrainer.id}`, { token: admin.token })).status).toBe(404);
    });
  });
});
