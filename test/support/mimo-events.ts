import { sql } from 'drizzle-orm';
import { deviceCredential, newDeviceSecret } from '../../src/apps/mimo/cameras/device';
import { cameraViewers, cameras } from '../../src/apps/mimo/cameras/tables';
import type { TestApp } from './app';
import type { Account } from './mimo';

export interface TestCamera {
  id: number;
  /** Its device credential, for the `X-Device-Credential` header. */
  credential: string;
}

let devices = 0;

/** A camera of `owner`, written straight to the table (as registration would leave it). */
export async function ownCamera(t: TestApp, owner: Account, values: { name?: string; settings?: Record<string, unknown> } = {}): Promise<TestCamera> {
  const { db } = t.stores.database;
  const { secret, hash } = newDeviceSecret();
  const [row] = await db
    .insert(cameras)
    .values({
      userId: owner.id,
      name: values.name ?? '거실 카메라',
      deviceId: `ev-${process.pid}-${Date.now()}-${devices++}`,
      settings: values.settings ?? {},
      deviceSecretHash: hash,
    })
    .returning({ id: cameras.id });
  return { id: row!.id, credential: deviceCredential(row!.id, secret) };
}

/** `viewer` may watch the camera, as a used pairing code leaves it. */
export async function addViewer(t: TestApp, cameraId: number, viewer: Account): Promise<void> {
  await t.stores.database.db.insert(cameraViewers).values({ cameraId, userId: viewer.id });
}

export async function removeViewer(t: TestApp, cameraId: number, viewer: Account): Promise<void> {
  await t.stores.database.db.delete(cameraViewers).where(sql`${cameraViewers.cameraId} = ${cameraId} and ${cameraViewers.userId} = ${viewer.id}`);
}

export const device = (camera: TestCamera) => ({ 'x-device-credential': camera.credential });

/** A motion event body for the camera, starting `secondsAgo` ago. */
export const motionAt = (cameraId: number, secondsAgo = 10, score = 80) => ({
  cameraId,
  type: 'motion',
  startedAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  score,
  confidence: 0.9,
});

type Caller = Account | TestCamera;
const auth = (who: Caller) => ('token' in who ? { token: who.token } : { headers: device(who) });

/** An event of the camera, created by its owner or by the camera itself. */
export async function newEvent(t: TestApp, who: Caller, body: Record<string, unknown>): Promise<{ id: number; cameraId: number }> {
  const res = await t.api.post('/api/events', { ...auth(who), body: { type: 'manual', startedAt: new Date(Date.now() - 60_000).toISOString(), ...body } });
  if (res.status !== 201) throw new Error(`event not created: ${res.text}`);
  return res.body.data;
}

/** An upload URL for a segment of the event. */
export async function presign(t: TestApp, who: Caller, body: Record<string, unknown>) {
  return t.api.post('/api/media/presign', { ...auth(who), body: { contentType: 'video/mp4', ...body } });
}

/** PUTs the bytes to a granted URL as the camera would. */
export function putTo(grant: { url: string; method: string; headers: Record<string, string> }, bytes: Buffer, headers: Record<string, string> = {}) {
  return fetch(grant.url, { method: grant.method, headers: { ...grant.headers, ...headers }, body: bytes });
}

/** presign → PUT → complete: a recording of `bytes` for the event, by the owner or the camera. */
export async function uploadSegment(
  t: TestApp,
  who: Caller,
  target: { cameraId: number; eventId: number },
  bytes: Buffer,
  options: { contentType?: string; indexNum?: number; filename?: string; complete?: Record<string, unknown> } = {},
) {
  const { complete, ...rest } = options;
  const grant = await presign(t, who, { ...target, fileSize: bytes.length, ...rest });
  if (grant.status !== 201) throw new Error(`presign failed: ${grant.text}`);
  const put = await putTo(grant.body.data, bytes);
  if (!put.ok) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  const done = await t.api.post('/api/media/complete', { ...auth(who), body: { uploadId: grant.body.data.uploadId, ...complete } });
  if (done.status !== 201) throw new Error(`complete failed: ${done.text}`);
  return {
    upload: grant.body.data as { uploadId: number; key: string },
    recording: done.body.data as { id: number; fileSize: number; [key: string]: unknown },
  };
}
