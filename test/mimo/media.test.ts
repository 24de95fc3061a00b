import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaUploads, recordings } from '../../src/apps/mimo/schema';
import { type TestApp, startTestApp } from '../support/app';
import { localFilesEnv, startS3, tempDir } from '../support/files';
import { type Account, account } from '../support/mimo';
import { type TestCamera, addViewer, device, newEvent, ownCamera, presign, putTo, uploadSegment } from '../support/mimo-events';

const clip = (size = 2048) => randomBytes(size);

describe('MIMO media uploads and downloads (local storage)', () => {
  let t: TestApp;
  let data: ReturnType<typeof tempDir>;
  let owner: Account;
  let viewer: Account;
  let stranger: Account;
  let cam: TestCamera;
  let strangerCam: TestCamera;
  let eventId: number;
  beforeAll(async () => {
    data = tempDir();
    t = await startTestApp('mimo', { ...(await localFilesEnv('mimo', data.path)), UPLOAD_LIMIT: '1mb' });
    [owner, viewer, stranger] = await Promise.all([account(t), account(t), account(t)]);
    cam = await ownCamera(t, owner);
    strangerCam = await ownCamera(t, stranger);
    await addViewer(t, cam.id, viewer);
    eventId = (await newEvent(t, owner, { cameraId: cam.id })).id;
  });
  afterAll(async () => {
    await t?.close();
    data?.remove();
  });

  const uploadRow = async (id: number) => (await t.stores.database.db.select().from(mediaUploads).where(eq(mediaUploads.id, id)))[0];
  const complete = (who: Account | TestCamera, body: unknown) =>
    t.api.post('/api/media/complete', 'token' in who ? { token: who.token, body } : { headers: device(who), body });
  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  };

  it('presigns, takes the upload and records it once; the owner and viewers download it', async () => {
    const bytes = clip(4096);
    const grant = await presign(t, owner, {
      cameraId: cam.id,
      eventId,
      contentType: 'video/webm',
      fileSize: bytes.length,
      indexNum: 2,
      filename: '현관 1.webm',
    });
    expect(grant.status).toBe(201);
    const { uploadId, key, url, method, headers, expiresAt } = grant.body.data;
    expect(key).toMatch(new RegExp(`^recordings/${cam.id}/${eventId}/[A-Za-z0-9_-]+\\.webm$`));
    expect({ method, headers }).toEqual({ method: 'PUT', headers: { 'content-type': 'video/webm', 'if-none-match': '*' } });
    expect(url).toContain('signature=');
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await uploadRow(uploadId)).toMatchObject({ key, fileSize: bytes.length, indexNum: 2, filename: '현관 1.webm', completedAt: null });

    expect((await putTo(grant.body.data, bytes)).status).toBe(201);
    const done = await complete(owner, { uploadId, durationSec: 12, startedAt: '2026-05-01T00:00:00Z', endedAt: '2026-05-01T00:00:12Z' });
    expect(done.status).toBe(201);
    expect(done.body.data).toMatchObject({
      eventId,
      cameraId: cam.id,
      indexNum: 2,
      filename: '현관 1.webm',
      fileSize: bytes.length,
      format: 'webm',
      duration: 12,
    });
    expect((await uploadRow(uploadId))!.completedAt).not.toBeNull();
    expectError(await complete(owner, { uploadId }), 409, 'E_UPLOAD_ALREADY_COMPLETED');
    expect(await t.stores.database.db.select().from(recordings).where(eq(recordings.s3Key, key))).toHaveLength(1);

    for (const who of [owner, viewer]) {
      const link = await t.api.get(`/api/clips/${done.body.data.id}/presign-get`, { token: who.token });
      expect(link.status).toBe(200);
      expect(link.body.data).toMatchObject({ recordingId: done.body.data.id, fileSize: bytes.length, format: 'webm' });
      const file = await fetch(link.body.data.url);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    }
    expectError(await t.api.get(`/api/clips/${done.body.data.id}/presign-get`, { token: stranger.token }), 404, 'E_RECORDING_NOT_FOUND');
    expectError(await t.api.get('/api/clips/99999999/presign-get', { token: owner.token }), 404, 'E_RECORDING_NOT_FOUND');
  });

  it('refuses a download URL that was altered or has expired', async () => {
    const { recording } = await uploadSegment(t, owner, { cameraId: cam.id, eventId }, clip());
    const { url } = (await t.api.get(`/api/clips/${recording.id}/presign-get`, { token: viewer.token })).body.data;
    const link = new URL(url);
    const signature = link.searchParams.get('signature')!;
    link.searchParams.set('signature', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1));
    expect((await fetch(link)).status).toBe(403);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(later.searchParams.get('expires')) + 3600));
    expect((await fetch(later)).status).toBe(403);
    const elsewhere = new URL(url);
    elsewhere.pathname = elsewhere.pathname.replace(/[^/]+$/, 'other.mp4');
    expect((await fetch(elsewhere)).status).toBe(403);
  });

  it('lets the camera upload with its own credential, for itself alone', async () => {
    const { recording } = await uploadSegment(t, cam, { cameraId: cam.id, eventId }, clip(), { contentType: 'image/jpeg' });
    expect(recording).toMatchObject({ cameraId: cam.id, format: 'jpg' });
    expectError(await presign(t, cam, { cameraId: strangerCam.id, eventId, fileSize: 10 }), 404, 'E_CAMERA_NOT_FOUND');
    const theirs = await presign(t, owner, { cameraId: cam.id, eventId, fileSize: 10 });
    expectError(await complete(strangerCam, { uploadId: theirs.body.data.uploadId }), 404, 'E_UPLOAD_NOT_FOUND');
  });

  it('validates the presign request and who asks', async () => {
    const base = { cameraId: cam.id, eventId, contentType: 'video/mp4', fileSize: 100 };
    const invalid = async (body: unknown, field: string) => {
      const res = await presign(t, owner, body as Record<string, unknown>);
      expectError(res, 400, 'E_VALIDATION');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await invalid({ ...base, contentType: 'application/pdf' }, 'contentType');
    await invalid({ ...base, contentType: 'text/html' }, 'contentType');
    await invalid({ ...base, fileSize: 0 }, 'fileSize');
    await invalid({ ...base, fileSize: 201 * 1024 * 1024 }, 'fileSize');
    await invalid({ ...base, fileSize: 1.5 }, 'fileSize');
    await invalid({ ...base, indexNum: -1 }, 'indexNum');
    await invalid({ ...base, filename: 'a\u0000b' }, 'filename');
    await invalid({ ...base, eventId: undefined }, 'eventId');
    await invalid({ ...base, key: 'recordings/1/1/mine.mp4' }, 'key');
    // Within the schema's 200 MB, but above this local store's UPLOAD_LIMIT (1 MB).
    expectError(await presign(t, owner, { ...base, fileSize: 2 * 1024 * 1024 }), 413, 'E_FILE_TOO_LARGE');
    expectError(await presign(t, viewer, base), 403, 'E_CAMERA_OWNER_ONLY');
    expectError(await presign(t, stranger, base), 404, 'E_CAMERA_NOT_FOUND');
    const strangerEvent = await newEvent(t, stranger, { cameraId: strangerCam.id });
    expectError(await presign(t, owner, { ...base, eventId: strangerEvent.id }), 404, 'E_EVENT_NOT_FOUND');
    expect((await t.api.post('/api/media/presign', { body: base })).status).toBe(401);
  });

  it('refuses completion without the file, with another size, or by someone else', async () => {
    const bytes = clip(1000);
    const grant = (await presign(t, owner, { cameraId: cam.id, eventId, fileSize: bytes.length })).body.data;
    expectError(await complete(owner, { uploadId: grant.uploadId }), 400, 'E_UPLOAD_MISSING');
    // A file of another size under the key (storage itself would refuse it through the URL).
    await t.app.storage.put(grant.key, bytes.subarray(0, 999), 'video/mp4');
    const mismatch = await complete(owner, { uploadId: grant.uploadId });
    expectError(mismatch, 400, 'E_UPLOAD_SIZE_MISMATCH');
    expect(mismatch.body.error.message).toContain('999');
    expectError(await complete(viewer, { uploadId: grant.uploadId }), 403, 'E_CAMERA_OWNER_ONLY');
    expectError(await complete(stranger, { uploadId: grant.uploadId }), 404, 'E_UPLOAD_NOT_FOUND');
    expectError(await complete(owner, { uploadId: 987654321 }), 404, 'E_UPLOAD_NOT_FOUND');
    expectError(await complete(owner, { uploadId: grant.uploadId, startedAt: '2026-05-01T00:01:00Z', endedAt: '2026-05-01T00:00:00Z' }), 400, 'E_VALIDATION');
    expectError(await complete(owner, { uploadId: 'x' }), 400, 'E_VALIDATION');
    await t.app.storage.put(grant.key, bytes, 'video/mp4');
    expect((await complete(owner, { uploadId: grant.uploadId })).status).toBe(201);
  });

  it('holds the upload URL to the granted type and size', async () => {
    const bytes = clip(500);
    const grant = (await presign(t, owner, { cameraId: cam.id, eventId, fileSize: bytes.length })).body.data;
    expect((await putTo(grant, clip(501))).status).toBe(403);
    expect((await putTo(grant, bytes, { 'content-type': 'text/html' })).status).toBe(403);
    const forged = new URL(grant.url);
    forged.pathname = forged.pathname.replace(`/recordings/${cam.id}/`, `/recordings/${strangerCam.id}/`);
    expect((await fetch(forged, { method: 'PUT', headers: grant.headers, body: bytes })).status).toBe(403);
    expect(await t.app.storage.stat(grant.key)).toBeUndefined();
  });

  it('registers an uploaded segment by its key with POST /api/recordings, once', async () => {
    const bytes = clip(300);
    const grant = (await presign(t, owner, { cameraId: cam.id, eventId, fileSize: bytes.length, indexNum: 7 })).body.data;
    await putTo(grant, bytes);
    const otherEvent = await newEvent(t, owner, { cameraId: cam.id });
    expectError(await t.api.post('/api/recordings', { token: owner.token, body: { eventId: otherEvent.id, key: grant.key } }), 404, 'E_UPLOAD_NOT_FOUND');
    expectError(await t.api.post('/api/recordings', { token: stranger.token, body: { eventId, key: grant.key } }), 404, 'E_UPLOAD_NOT_FOUND');
    expectError(await t.api.post('/api/recordings', { token: owner.token, body: { eventId, key: grant.key, fileSize: 1 } }), 400, 'E_VALIDATION');
    const made = await t.api.post('/api/recordings', { headers: device(cam), body: { eventId, key: grant.key, durationSec: 5 } });
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({ eventId, indexNum: 7, fileSize: 300, duration: 5 });
    expectError(await t.api.post('/api/recordings', { token: owner.token, body: { eventId, key: grant.key } }), 409, 'E_UPLOAD_ALREADY_COMPLETED');
  });
});

describe('MIMO media uploads on S3', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let t: TestApp;
  beforeAll(async () => {
    s3 = await startS3();
    t = await startTestApp('mimo', s3.env);
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  it('presigns a PUT to the bucket, checks the object and hands out a presigned GET', async () => {
    const owner = await account(t);
    const cam = await ownCamera(t, owner);
    const eventId = (await newEvent(t, owner, { cameraId: cam.id })).id;
    const bytes = clip(3000);
    const grant = (await presign(t, owner, { cameraId: cam.id, eventId, fileSize: bytes.length })).body.data;
    expect(grant.url.startsWith(`${s3.endpoint}/${s3.bucket}/mimo/recordings/${cam.id}/`)).toBe(true);
    expect(grant.url).toContain('X-Amz-Signature=');
    expect((await t.api.post('/api/media/complete', { token: owner.token, body: { uploadId: grant.uploadId } })).body.error.code).toBe('E_UPLOAD_MISSING');
    expect((await putTo(grant, bytes)).ok).toBe(true);
    const done = await t.api.post('/api/media/complete', { token: owner.token, body: { uploadId: grant.uploadId } });
    expect(done.status).toBe(201);
    expect(done.body.data.fileSize).toBe(bytes.length);
    const link = (await t.api.get(`/api/clips/${done.body.data.id}/presign-get`, { token: owner.token })).body.data;
    const file = await fetch(link.url);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await t.api.delete(`/api/recordings/${done.body.data.id}`, { token: owner.token })).status).toBe(200);
    expect(await t.app.storage.stat(grant.key)).toBeUndefined();
  });
});
