import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordings } from '../../src/apps/mimo/schema';
import { loadConfig } from '../../src/config';
import { S3Storage } from '../../src/platform/storage/s3';
import { TEST_SECRETS, type TestApp, startTestApp } from '../support/app';
import { localFilesEnv, tempDir } from '../support/files';
import { account as mimoAccount } from '../support/mimo';
import { newEvent, ownCamera, presign, putTo } from '../support/mimo-events';
import { account as mindpauseAccount } from '../support/mindpause';
import { startPushService } from '../support/push';
import { type TestStores, openTestStores } from '../support/stores';

/** Issue 13, item 8: the smaller faults the attack pass found, each tried again. */
describe('the smaller faults are closed (attacks of issue 13)', () => {
  let stores: TestStores;
  let cam: TestApp;
  let calm: TestApp;
  let files: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    files = tempDir();
    stores = await openTestStores();
    cam = await startTestApp(
      'mimo',
      { ...(await localFilesEnv('mimo', files.path)), PUSH_SERVICE_HOSTS: 'fcm.googleapis.com,*.push.services.mozilla.com,push.example.com:8443' },
      { stores },
    );
    calm = await startTestApp('mindpause', {}, { stores });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([cam?.close(), calm?.close()]);
    await stores?.close();
    files?.remove();
  });

  describe('a MIMO recording’s signed upload URL', () => {
    it('takes one upload: a completed recording cannot be overwritten through it', async () => {
      const owner = await mimoAccount(cam);
      const camera = await ownCamera(cam, owner);
      const eventId = (await newEvent(cam, owner, { cameraId: camera.id })).id;
      const [original, forged] = [randomBytes(2048), randomBytes(2048)];
      const grant = (await presign(cam, owner, { cameraId: camera.id, eventId, contentType: 'video/mp4', fileSize: original.length })).body.data;
      expect(grant.headers).toEqual({ 'content-type': 'video/mp4', 'if-none-match': '*' });
      expect((await putTo(grant, original)).status).toBe(201);
      const done = await cam.api.post('/api/media/complete', { token: owner.token, body: { uploadId: grant.uploadId } });
      expect(done.status).toBe(201);
      const again = await putTo(grant, forged);
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('E_FILE_ALREADY_UPLOADED');
      const link = (await cam.api.get(`/api/clips/${done.body.data.id}/presign-get`, { token: owner.token })).body.data;
      expect(Buffer.from(await (await fetch(link.url)).arrayBuffer()).equals(original)).toBe(true);
    });

    it('on S3 too: the presigned PUT carries a signed If-None-Match, so S3 refuses a second write', async () => {
      const storage = new S3Storage({
        app: 'mimo',
        bucket: 'madang-files',
        region: 'ap-northeast-2',
        endpoint: 'https://s3.example.com',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        forcePathStyle: true,
      });
      const grant = await storage.signedPutUrl('recordings/1/1/clip.mp4', { contentType: 'video/mp4', contentLength: 10, ttlSec: 60 });
      expect(grant.headers).toEqual({ 'content-type': 'video/mp4', 'if-none-match': '*' });
      expect(new URL(grant.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('if-none-match');
      await storage.close();
    });

    it('keeps a client’s file name only sanitised: no folders, controls or direction marks', async () => {
      const owner = await mimoAccount(cam);
      const camera = await ownCamera(cam, owner);
      const eventId = (await newEvent(cam, owner, { cameraId: camera.id })).id;
      const grant = await presign(cam, owner, {
        cameraId: camera.id,
        eventId,
        contentType: 'video/mp4',
        fileSize: 100,
        filename: '../../etc/현관\u202Egpj.exe\u0007',
      });
      expect(grant.status, grant.text).toBe(201);
      const bytes = randomBytes(100);
      expect((await putTo(grant.body.data, bytes)).status).toBe(201);
      const done = await cam.api.post('/api/media/complete', { token: owner.token, body: { uploadId: grant.body.data.uploadId } });
      expect(done.body.data.filename).toBe('현관_gpj.exe_');
      const renamed = await cam.api.put(`/api/recordings/${done.body.data.id}`, { token: owner.token, body: { filename: 'C:\\temp\\..\\밤 영상.mp4' } });
      expect(renamed.body.data.filename).toBe('밤 영상.mp4');
      const [row] = await cam.stores.database.db.select({ filename: recordings.filename }).from(recordings).where(eq(recordings.id, done.body.data.id));
      expect(row!.filename).toBe('밤 영상.mp4');
    });
  });

  it('MindPause profileImageUrl takes https only: no plain-http tracking pixels', async () => {
    const me = await mindpauseAccount(calm);
    const pixel = await calm.api.patch('/api/v1/users/me', { token: me.token, body: { profileImageUrl: 'http://tracker.example/p.gif?u=1' } });
    expect(pixel.status).toBe(400);
    expect(pixel.body.error.details[0].field).toBe('profileImageUrl');
    const https = await calm.api.patch('/api/v1/users/me', { token: me.token, body: { profileImageUrl: 'https://images.example.com/me.webp' } });
    expect(https.body.data.profileImageUrl).toBe('https://images.example.com/me.webp');
  });

  it('the web-push allowlist holds the port too: a known host on another port is refused', async () => {
    const push = await startPushService();
    try {
      const me = await mimoAccount(cam);
      const keys = push.browser().json.keys;
      const subscribe = (endpoint: string) => cam.api.post('/api/push/subscriptions', { token: me.token, body: { endpoint, keys } });
      for (const endpoint of ['https://fcm.googleapis.com:8443/fcm/send/x', 'https://fcm.googleapis.com:22/fcm/send/x', 'https://push.example.com/x']) {
        const res = await subscribe(endpoint);
        expect(res.status, endpoint).toBe(400);
        expect(res.body.error.details[0]).toMatchObject({ field: 'endpoint', message: '알려진 푸시 서비스의 주소가 아닙니다.' });
      }
      for (const endpoint of ['https://fcm.googleapis.com/fcm/send/x', 'https://fcm.googleapis.com:443/fcm/send/y', 'https://push.example.com:8443/x']) {
        expect((await subscribe(endpoint)).status, endpoint).toBe(201);
      }
      expect(() => loadConfig({ PUSH_SERVICE_HOSTS: 'push.example.com:http' })).toThrow('PUSH_SERVICE_HOSTS');
    } finally {
      await push.close();
    }
  });

  it('an admin’s resolution note is kept when the content is removed with it', async () => {
    const [author, reporter, another, admin] = await Promise.all([
      mindpauseAccount(calm),
      mindpauseAccount(calm),
      mindpauseAccount(calm),
      mindpauseAccount(calm, ['ADMIN']),
    ]);
    const post = (await calm.api.post('/api/v1/community/posts', { token: author.token, body: { category: 'free', title: '광고', content: '싸게 팝니다' } }))
      .body.data.id;
    const report = (who: typeof reporter) => calm.api.post(`/api/v1/community/posts/${post}/report`, { token: who.token, body: { reason: 'spam' } });
    const [first, second] = [(await report(reporter)).body.data.id, (await report(another)).body.data.id];
    const handled = await calm.api.patch(`/api/v1/admin/reports/${first}`, {
      token: admin.token,
      body: { status: 'resolved', resolution: '광고성 게시글로 삭제', removeContent: true },
    });
    expect(handled.status, handled.text).toBe(200);
    expect(handled.body.data).toMatchObject({ status: 'resolved', resolution: '광고성 게시글로 삭제' });
    expect((await calm.api.get(`/api/v1/community/posts/${post}`, { token: reporter.token })).status).toBe(404);
    const reports = (await calm.api.get('/api/v1/admin/reports?status=resolved', { token: admin.token })).body.data.items;
    expect(reports.find((r: { id: number }) => r.id === second)).toMatchObject({ status: 'resolved', resolution: 'removed by admin' });
    expect((await calm.api.patch(`/api/v1/admin/reports/${first}`, { token: admin.token, body: { status: 'dismissed' } })).status).toBe(409);
  });

  describe('/metrics, /docs and /api/health/db', () => {
    const paths = ['/metrics', '/docs', '/docs/json', '/api/health/db'];

    it('stay open in development', async () => {
      for (const path of paths) expect((await calm.api.get(path)).status, path).toBe(200);
    });

    it('answer only inside the deployment in production, and only the OPS_TOKEN when one is set', async () => {
      const production = await startTestApp('mindpause', { NODE_ENV: 'production' }, { stores });
      const withToken = await startTestApp('mindpause', { OPS_TOKEN: 'ops-token-0123456789abcdefghijklmnopqrstuv' }, { stores });
      try {
        for (const path of paths) {
          // Through a proxy (X-Forwarded-For) a request comes from outside: there is no such route.
          const outside = await production.api.get(path, { headers: { 'x-forwarded-for': '203.0.113.9' } });
          expect(outside.status, path).toBe(404);
          expect(outside.body.error.code).toBe('ROUTE_NOT_FOUND');
          expect((await production.api.get(path)).status, path).toBe(200);
          expect((await withToken.api.get(path)).status, path).toBe(401);
          expect((await withToken.api.get(path, { headers: { authorization: 'Bearer wrong' } })).status, path).toBe(401);
          expect((await withToken.api.get(path, { headers: { authorization: 'Bearer ops-token-0123456789abcdefghijklmnopqrstuv' } })).status, path).toBe(200);
        }
        // The process check stays open for load balancers.
        expect((await production.api.get('/health', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
      } finally {
        await withToken.close();
        await production.close();
      }
    });

    it('are set by OPS_TOKEN and NODE_ENV; the old METRICS_TOKEN says it was renamed', () => {
      expect(loadConfig({}).ops).toEqual({ access: 'public' });
      expect(loadConfig({ NODE_ENV: 'production', ...TEST_SECRETS }).ops).toEqual({ access: 'internal' });
      expect(loadConfig({ OPS_TOKEN: 'x'.repeat(32) }).ops).toEqual({ access: 'token', token: 'x'.repeat(32) });
      expect(() => loadConfig({ OPS_TOKEN: 'short' })).toThrow('OPS_TOKEN');
      expect(() => loadConfig({ METRICS_TOKEN: 'x'.repeat(32) })).toThrow('OPS_TOKEN');
    });
  });
});
