import { sql } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RENEWAL_JOB, RENEWAL_LEAD_SEC } from '../../src/apps/mimo/pairing/renewal';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mimo';
import { type RegisteredCamera, camera, grantViewer, rows } from '../support/mimo-cameras';
import { deviceSocket } from '../support/mimo-live';
import { ask, collect, connect, connected, eventually, next, pause } from '../support/sockets';

interface Renewed {
  cameraId: number;
  pin: string;
  code: string;
  qrPayload: string;
  qr: { png: string; svg: string };
  expiresAt: string;
  expiresInSec: number;
  autoRenew: boolean;
  reason: 'expiring' | 'used';
}

describe('MIMO pairing codes that renew themselves (document 003: 자동 갱신)', () => {
  let t: TestApp;
  let owner: Account;
  const open: Socket[] = [];
  beforeAll(async () => {
    // A renewal is made due by moving its time in SQL (dueNow), which wakes no worker: they poll often here.
    t = await startTestApp('mimo', { JOB_POLL_INTERVAL: '0.5s' });
    owner = await account(t, ['USER'], '집주인');
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const generate = async (cameraId: number, body: Record<string, unknown> = {}) => {
    const res = await t.api.post('/api/qr/generate', { token: owner.token, body: { cameraId, ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body.data as Renewed;
  };
  const validate = (who: Account, lookup: { pin: string } | { code: string }) => t.api.post('/api/qr/validate', { token: who.token, body: lookup });
  const establish = (who: Account, lookup: { pin: string } | { code: string }) => t.api.post('/api/connection/establish', { token: who.token, body: lookup });

  /** The camera's phone, connected: the camera is online while it is. */
  async function cameraPhone(cam: RegisteredCamera): Promise<Socket> {
    const socket = deviceSocket(t, { deviceCredential: cam.credential });
    open.push(socket);
    const ready = next(socket, 'camera:ready');
    await connected(socket);
    await ready;
    return socket;
  }
  async function signedInSocket(who: Account): Promise<Socket> {
    const socket = connect(t, who.token);
    open.push(socket);
    return connected(socket);
  }

  /** The renewal job waiting for the camera's code, if any. */
  const pendingRenewal = async (cameraId: number) =>
    (
      await rows<{ id: string; start_after: Date; data: { cameraId: number; issuedAt: string } }>(
        t,
        sql`select id, start_after, data from mimo_jobs.job where name = ${RENEWAL_JOB} and state = 'created' and (data->>'cameraId')::bigint = ${cameraId}`,
      )
    )[0];
  /** Makes the pending renewal due now, as if its time had come, and waits for it to finish. */
  async function runRenewal(cameraId: number): Promise<{ renewed: boolean }> {
    const job = await pendingRenewal(cameraId);
    expect(job, 'a renewal is scheduled').toBeDefined();
    await t.stores.database.db.execute(sql`update mimo_jobs.job set start_after = now() where id = ${job!.id}`);
    expect(await t.app.jobs.wait(RENEWAL_JOB, job!.id, 20_000)).toBe('completed');
    const [done] = await rows<{ output: { renewed: boolean } }>(
      t,
      sql`select output from mimo_jobs.job where id = ${job!.id} union all select output from mimo_jobs.archive where id = ${job!.id}`,
    );
    return done!.output;
  }

  it('schedules each code’s renewal shortly before it expires', async () => {
    const cam = await camera(t, owner);
    const code = await generate(cam.id, { expiresInSec: 120 });
    expect(code.autoRenew).toBe(true);
    const job = await pendingRenewal(cam.id);
    expect(new Date(job!.start_after).getTime()).toBe(new Date(code.expiresAt).getTime() - RENEWAL_LEAD_SEC * 1000);
    // The job names the code by when it was issued, never by its secrets.
    expect(JSON.stringify(job!.data)).not.toContain(code.pin);
    expect(JSON.stringify(job!.data)).not.toContain(code.code.split('.')[1]);
  });

  it('renews a code about to expire while the camera is online: the camera and its owner get the new one, viewers do not, and the old one is dead', async () => {
    const cam = await camera(t, owner, { name: '거실' });
    const phone = await cameraPhone(cam);
    const ownerSocket = await signedInSocket(owner);
    const viewer = await account(t, ['USER'], '딸');
    await grantViewer(t, cam.id, viewer);
    const viewerSocket = await signedInSocket(viewer);
    expect((await ask(viewerSocket, 'live:join', { cameraId: cam.id })).ok).toBe(true);
    const heardByViewer = collect(viewerSocket, 'pairing:renewed');

    const first = await generate(cam.id, { expiresInSec: 90 });
    const onPhone = next<Renewed>(phone, 'pairing:renewed', 20_000);
    const onOwner = next<Renewed>(ownerSocket, 'pairing:renewed', 20_000);
    expect(await runRenewal(cam.id)).toEqual({ renewed: true });
    const renewed = await onPhone;
    expect(await onOwner).toEqual(renewed);
    expect(renewed).toMatchObject({ cameraId: cam.id, reason: 'expiring', expiresInSec: 90, autoRenew: true, pin: expect.stringMatching(/^\d{6}$/) });
    expect(renewed.code).not.toBe(first.code);
    expect(renewed.qr.png).toMatch(/^data:image\/png;base64,/);
    expect(JSON.parse(renewed.qrPayload)).toEqual({ t: 'mimo-pair', c: renewed.code });
    const lifetime = new Date(renewed.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(60_000);
    expect(lifetime).toBeLessThanOrEqual(90_000);

    const stranger = await account(t);
    if (renewed.pin !== first.pin) expect((await validate(stranger, { pin: first.pin })).body.error.code).toBe('E_INVALID_PAIRING_CODE');
    expect((await validate(stranger, { code: first.code })).body.error.code).toBe('E_INVALID_PAIRING_CODE');
    expect((await validate(stranger, { pin: renewed.pin })).body.data.camera).toMatchObject({ id: cam.id, name: '거실' });
    // And the renewed code renews in its turn.
    const following = await pendingRenewal(cam.id);
    expect(new Date(following!.start_after).getTime()).toBe(new Date(renewed.expiresAt).getTime() - RENEWAL_LEAD_SEC * 1000);
    await pause(200);
    expect(heardByViewer).toEqual([]);
  });

  it('gives the waiting camera a fresh code as soon as a viewer spends one', async () => {
    const cam = await camera(t, owner);
    const phone = await cameraPhone(cam);
    const first = await generate(cam.id);
    const onPhone = next<Renewed>(phone, 'pairing:renewed', 20_000);
    const viewer = await account(t);
    expect((await establish(viewer, { pin: first.pin })).status).toBe(200);
    const renewed = await onPhone;
    expect(renewed).toMatchObject({ cameraId: cam.id, reason: 'used', expiresInSec: 300 });
    const another = await account(t);
    expect((await establish(another, { code: first.code })).body.error.code).toBe('E_INVALID_PAIRING_CODE');
    expect((await establish(another, { code: renewed.code })).body.data).toMatchObject({ role: 'viewer', alreadyConnected: false });
  });

  it('lets a code lapse while its camera is offline', async () => {
    const cam = await camera(t, owner);
    const code = await generate(cam.id, { expiresInSec: 60 });
    const ownerSocket = await signedInSocket(owner);
    const heard = collect(ownerSocket, 'pairing:renewed');
    expect(await runRenewal(cam.id)).toEqual({ renewed: false });
    expect((await validate(await account(t), { pin: code.pin })).status).toBe(200);
    expect(await pendingRenewal(cam.id)).toBeUndefined();
    await pause(200);
    expect(heard).toEqual([]);
  });

  it('leaves alone a code the owner generated again since, and one generated without renewal', async () => {
    const cam = await camera(t, owner);
    await cameraPhone(cam);
    await generate(cam.id, { expiresInSec: 60 });
    const stale = await pendingRenewal(cam.id);
    const current = await generate(cam.id, { expiresInSec: 60, autoRenew: false });
    expect(current.autoRenew).toBe(false);
    await t.stores.database.db.execute(sql`update mimo_jobs.job set start_after = now() where id = ${stale!.id}`);
    expect(await t.app.jobs.wait(RENEWAL_JOB, stale!.id, 20_000)).toBe('completed');
    expect((await validate(await account(t), { pin: current.pin })).status).toBe(200);
    expect(await pendingRenewal(cam.id)).toBeUndefined();
    // Spent without renewal, it stays spent.
    expect((await establish(await account(t), { pin: current.pin })).status).toBe(200);
    await eventually(async () => (await rows(t, sql`select 1 from mimo.connection_codes where camera_id = ${cam.id} and used_at is not null`)).length === 1);
    expect((await establish(await account(t), { code: current.code })).body.error.code).toBe('E_PAIRING_CODE_USED');
  });

  it('is refused as anything but a boolean', async () => {
    const cam = await camera(t, owner);
    const res = await t.api.post('/api/qr/generate', { token: owner.token, body: { cameraId: cam.id, autoRenew: 'yes' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['autoRenew']);
  });
});
