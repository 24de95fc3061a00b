import { sql } from 'drizzle-orm';
import type { TestApp } from './app';
import type { Account } from './mimo';

export interface RegisteredCamera {
  id: number;
  /** The device credential shown once at registration. */
  credential: string;
  deviceId: string;
}

let devices = 0;
export const uniqueDeviceId = (prefix = 'cam') => `${prefix}-${process.pid}-${Date.now()}-${devices++}`;

/** A camera registered by `owner` through POST /api/cameras. */
export async function camera(t: TestApp, owner: Account, body: Record<string, unknown> = {}): Promise<RegisteredCamera> {
  const deviceId = uniqueDeviceId();
  const res = await t.api.post('/api/cameras', { token: owner.token, body: { name: '거실 카메라', deviceId, ...body } });
  if (res.status !== 201) throw new Error(`camera registration failed: ${res.text}`);
  return { id: res.body.data.camera.id, credential: res.body.data.deviceCredential, deviceId: res.body.data.camera.deviceId };
}

/** `viewer` may watch the camera (as pairing grants, without going through a code). */
export async function grantViewer(t: TestApp, cameraId: number, viewer: Account): Promise<void> {
  await t.stores.database.db.execute(sql`insert into mimo.camera_viewers (camera_id, user_id) values (${cameraId}, ${viewer.id})`);
}

/** Rows of a hand-written query against the test database. */
export async function rows<T = Record<string, unknown>>(t: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.stores.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}
