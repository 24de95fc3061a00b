import { and, count, desc, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, isUniqueViolation } from '../../../platform/db/database';
import { AppError, conflict, notFound } from '../../../platform/http/errors';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Gateway } from '../../../platform/realtime/gateway';
import type { Storage } from '../../../platform/storage';
import type { LiveMembers } from '../live/members';
import { LiveEvent, cameraRoom } from '../live/rooms';
import { mediaUploads, recordings } from '../recordings/tables';
import { AccessMessage, type CameraAccess, type CameraRole } from './access';
import { deviceCredential, issueDeviceCredential, newDeviceSecret } from './device';
import { CameraMessage } from './messages';
import type { CameraBody, CameraQuery, CameraUpdate, CameraView } from './schemas';
import { cameraViewers, cameras } from './tables';

/** Enough for a household and then some; keeps one account from filling the table. */
export const MAX_CAMERAS_PER_USER = 20;

type Row = typeof cameras.$inferSelect;

/** A camera as its owner or a viewer sees it; the hardware id is the owner's alone. */
export function cameraView(row: Row, role: CameraRole): CameraView {
  return {
    id: row.id,
    name: row.name,
    ...(role === 'owner' ? { deviceId: row.deviceId } : {}),
    location: row.location,
    status: row.status,
    lastSeen: row.lastSeen,
    lastHeartbeat: row.lastHeartbeat,
    firmware: row.firmware,
    settings: row.settings,
    role,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface CamerasDeps {
  db: Db;
  access: CameraAccess;
  gateway: Gateway;
  members: LiveMembers;
  storage: Pick<Storage, 'delete'>;
  logger: Logger;
}

/**
 * Registered cameras. Reads are open to the owner and the camera's viewers; every change is the
 * owner's. A camera the caller has no role on is "not found".
 */
export class Cameras {
  constructor(private readonly deps: CamerasDeps) {}

  /** Mine and those I may watch, newest first, each with my role. */
  async list(userId: number, query: CameraQuery): Promise<ReturnType<typeof pageOf<CameraView>>> {
    const { db } = this.deps;
    const isOwner = eq(cameras.userId, userId);
    const isViewer = isNotNull(cameraViewers.userId);
    const rows = await db
      .select({ camera: cameras, viewerId: cameraViewers.userId, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(cameras)
      .leftJoin(cameraViewers, and(eq(cameraViewers.cameraId, cameras.id), eq(cameraViewers.userId, userId)))
      .where(
        and(
          query.role === 'owner' ? isOwner : query.role === 'viewer' ? isViewer : or(isOwner, isViewer),
          query.status ? eq(cameras.status, query.status) : undefined,
        ),
      )
      .orderBy(desc(cameras.createdAt), desc(cameras.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    const total: number = rows[0]?.total ?? (query.page > 1 ? (await this.list(userId, { ...query, page: 1, limit: 1 })).pagination.totalItems : 0);
    return pageOf(
      rows.map((r) => cameraView(r.camera, r.camera.userId === userId ? 'owner' : 'viewer')),
      query,
      total,
    );
  }

  async get(userId: number, cameraId: number): Promise<CameraView> {
    const role = await this.deps.access.requireAccess(userId, cameraId);
    return cameraView(await this.row(cameraId), role);
  }

  /** Registers a camera to the caller; its device credential is in the answer and nowhere else. */
  async create(userId: number, body: CameraBody): Promise<{ camera: CameraView; deviceCredential: string }> {
    const { db } = this.deps;
    const [owned] = await db.select({ n: count() }).from(cameras).where(eq(cameras.userId, userId));
    if ((owned?.n ?? 0) >= MAX_CAMERAS_PER_USER) throw new AppError(409, CameraMessage.CAMERA_LIMIT_REACHED, { max: MAX_CAMERAS_PER_USER });
    const { secret, hash } = newDeviceSecret();
    try {
      const [row] = await db
        .insert(cameras)
        .values({ userId, name: body.name, deviceId: body.deviceId, location: body.location ?? null, firmware: body.firmware ?? null, settings: body.settings, deviceSecretHash: hash })
        .returning();
      return { camera: cameraView(row!, 'owner'), deviceCredential: deviceCredential(row!.id, secret) };
    } catch (error) {
      if (isUniqueViolation(error, 'cameras_device_id_unique')) throw conflict(CameraMessage.DEVICE_ALREADY_REGISTERED);
      throw error;
    }
  }

  /** Name, location, firmware and settings (merged with the stored ones) only. */
  async update(userId: number, cameraId: number, patch: CameraUpdate): Promise<CameraView> {
    await this.deps.access.requireOwnerToChange(userId, cameraId);
    const { settings, ...columns } = patch;
    const [row] = await this.deps.db
      .update(cameras)
      .set({ ...columns, ...(settings ? { settings: sql`${cameras.settings} || ${JSON.stringify(settings)}::jsonb` } : {}) })
      .where(and(eq(cameras.id, cameraId), eq(cameras.userId, userId)))
      .returning();
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    return cameraView(row, 'owner');
  }

  /**
   * Deletes the camera with its viewers, codes, events and recordings (cascade), then the stored
   * files of those recordings; viewers' sockets leave its room and are told.
   */
  async delete(userId: number, cameraId: number): Promise<void> {
    await this.deps.access.requireOwnerToChange(userId, cameraId);
    const { db, gateway, storage, logger } = this.deps;
    const { keys, viewerIds } = await db.transaction(async (tx) => {
      const stored = await tx.select({ key: recordings.s3Key }).from(recordings).where(eq(recordings.cameraId, cameraId));
      const pending = await tx.select({ key: mediaUploads.key }).from(mediaUploads).where(eq(mediaUploads.cameraId, cameraId));
      const viewers = await tx.select({ userId: cameraViewers.userId }).from(cameraViewers).where(eq(cameraViewers.cameraId, cameraId));
      const [gone] = await tx
        .delete(cameras)
        .where(and(eq(cameras.id, cameraId), eq(cameras.userId, userId)))
        .returning({ id: cameras.id });
      if (!gone) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      return { keys: [...stored, ...pending].map((r) => r.key), viewerIds: viewers.map((v) => v.userId) };
    });
    for (const viewerId of viewerIds) gateway.toUser(viewerId, LiveEvent.VIEWER_REVOKED, { cameraId, userId: viewerId });
    await this.disconnectDevice(cameraId);
    gateway.io.in(cameraRoom(cameraId)).socketsLeave(cameraRoom(cameraId));
    const failed = (await Promise.allSettled(keys.map((key) => storage.delete(key)))).filter((r) => r.status === 'rejected');
    if (failed.length) logger.warn({ cameraId, failed: failed.length }, 'stored recordings of a deleted camera could not all be removed');
  }

  /** A new device credential; the old one stops working at once. */
  async rotateCredential(userId: number, cameraId: number): Promise<{ deviceCredential: string }> {
    await this.deps.access.requireOwnerToChange(userId, cameraId);
    const { credential, hash } = issueDeviceCredential(cameraId);
    const [row] = await this.deps.db
      .update(cameras)
      .set({ deviceSecretHash: hash })
      .where(and(eq(cameras.id, cameraId), eq(cameras.userId, userId)))
      .returning({ id: cameras.id });
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    // A phone still connected with the old credential is signed in no longer.
    await this.disconnectDevice(cameraId);
    return { deviceCredential: credential };
  }

  /** Closes the camera's own sockets (its phone), on any node. */
  private async disconnectDevice(cameraId: number): Promise<void> {
    const { cameraSocketIds } = await this.deps.members.of(cameraId);
    if (cameraSocketIds.length) this.deps.gateway.io.in(cameraSocketIds).disconnectSockets(true);
  }

  private async row(cameraId: number): Promise<Row> {
    const [row] = await this.deps.db.select().from(cameras).where(eq(cameras.id, cameraId));
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    return row;
  }
}
