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
    .values({ userId: owner.id, name: values.name ?? '거실 카메라', deviceId: `ev-${process.pid}-${Date.now()}-${devices++}`, settings: values.settings ?? {}, deviceSecretHash: hash })
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
