import { type Placeholder, type SQL, and, count, desc, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, isUniqueViolation } from '../../../platform/db/database';
import { AppError, conflict, fieldError, notFound } from '../../../platform/http/errors';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Storage } from '../../../platform/storage';
import type { LiveHub } from '../live/hub';
import { mediaUploads, recordings } from '../recordings/tables';
import { users } from '../users/tables';
import { AccessMessage, type CameraAccess, type CameraRole } from './access';
import { appCameraView } from './app-view';
import { deviceCredential, issueDeviceCredential, newDeviceSecret } from './device';
import { CameraMessage } from './messages';
import { type CameraBody, type CameraQuery, type CameraUpdate, type CameraView, isoOf } from './schemas';
import { cameraViewers, cameras } from './tables';

/** Enough for a household and then some; keeps one account from filling the table. */
export const MAX_CAMERAS_PER_USER = 20;

/**
 * The MIMO app names a phone's camera `MIMO_USER_<user id>_MAIN_CAM`; such an id belongs to that
 * user alone, so nobody can take another user's camera address before they do.
 */
const RESERVED_DEVICE_ID = /^MIMO_USER_(\d{1,15})_/;
const reservedFor = (deviceId: string) => {
  const match = RESERVED_DEVICE_ID.exec(deviceId);
  return match ? Number(match[1]) : undefined;
};

type Row = typeof cameras.$inferSelect;

/**
 * The cameras a user owns or may watch, with the window counts a page needs; `user` is the
 * caller's id, or the placeholder of the prepared statement.
 */
function listStatement(db: Db, user: number | Placeholder, where: (isOwner: SQL, isViewer: SQL) => SQL | undefined) {
  const isOwner = eq(cameras.userId, user);
  return db
    .select({
      camera: cameras,
      grantedAt: cameraViewers.grantedAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
      owned: sql<number>`count(*) filter (where ${isOwner}) over ()`.mapWith(Number),
    })
    .from(cameras)
    .leftJoin(cameraViewers, and(eq(cameraViewers.cameraId, cameras.id), eq(cameraViewers.userId, user)))
    .where(where(isOwner, isNotNull(cameraViewers.userId)))
    .orderBy(desc(cameras.createdAt), desc(cameras.id));
}

/** A camera as its owner or a viewer sees it. */
export function cameraView(row: Row, role: CameraRole): CameraView {
  return {
    id: row.id,
    name: row.name,
    deviceId: row.deviceId,
    location: row.location,
    status: row.status,
    lastSeen: isoOf(row.lastSeen),
    lastHeartbeat: isoOf(row.lastHeartbeat),
    firmware: row.firmware,
    settings: row.settings,
    role,
    createdAt: isoOf(row.createdAt)!,
    updatedAt: isoOf(row.updatedAt)!,
  };
}

export interface CamerasDeps {
  db: Db;
  access: CameraAccess;
  live: LiveHub;
  storage: Pick<Storage, 'delete'>;
  logger: Logger;
}

/**
 * Registered cameras. Reads are open to the owner and the camera's viewers; every change is the
 * owner's. A camera the caller has no role on is "not found".
 */
export class Cameras {
  /** The list as almost every call asks for it (no filter), prepared once. */
  private readonly listAll;

  constructor(private readonly deps: CamerasDeps) {
    this.listAll = listStatement(deps.db, sql.placeholder('userId'), (isOwner, isViewer) => or(isOwner, isViewer))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare('mimo_camera_list');
  }

  /**
   * Mine and those I may watch, newest first, each with my role: the documented page, and the same
   * cameras as the MIMO app reads them (`cameras`, with `total`, `owned` and `shared`).
   */
  async list(userId: number, query: CameraQuery) {
    const rows =
      query.role || query.status
        ? await listStatement(this.deps.db, userId, (isOwner, isViewer) =>
            and(
              query.role === 'owner' ? isOwner : query.role === 'viewer' ? isViewer : or(isOwner, isViewer),
              query.status ? eq(cameras.status, query.status) : undefined,
            ),
          )
            .limit(query.limit)
            .offset(offsetOf(query))
        : await this.listAll.execute({ userId, limit: query.limit, offset: offsetOf(query) });
    const counted: { total: number; owned: number } =
      rows[0] ?? (query.page > 1 ? await this.list(userId, { ...query, page: 1, limit: 1 }) : { total: 0, owned: 0 });
    const { total, owned } = counted;
    const views = rows.map((r) => cameraView(r.camera, r.camera.userId === userId ? 'owner' : 'viewer'));
    return {
      ...pageOf(views, query, total),
      cameras: views.map((view, i) => appCameraView(view, rows[i]!.camera.userId, rows[i]!.grantedAt)),
      total,
      owned,
      shared: total - owned,
    };
  }

  async get(userId: number, cameraId: number): Promise<CameraView> {
    const role = await this.deps.access.requireAccess(userId, cameraId);
    return cameraView(await this.row(cameraId), role);
  }

  /** Registers a camera to the caller; its device credential is in the answer and nowhere else. */
  async create(userId: number, body: CameraBody): Promise<{ camera: CameraView; deviceCredential: string }> {
    const owner = reservedFor(body.deviceId);
    if (owner !== undefined && owner !== userId) throw fieldError('deviceId', CameraMessage.DEVICE_ID_RESERVED);
    const { secret, hash } = newDeviceSecret();
    const row = await this.insert(userId, body, hash);
    if (!row) throw conflict(CameraMessage.DEVICE_ALREADY_REGISTERED);
    return { camera: cameraView(row, 'owner'), deviceCredential: deviceCredential(row.id, secret) };
  }

  /**
   * The caller's camera by its device id, as the MIMO app addresses the phone it runs on; one that
   * does not exist yet is registered to the caller (within the cap), named as the app names it.
   * No device credential is shown: the app's phone signs in with its user's token (the owner can
   * have one issued with POST /api/cameras/{id}/credential). A device id of another user's camera
   * is "not found", as any camera the caller has no right to.
   */
  async claim(userId: number, deviceId: string, name?: string): Promise<Row> {
    const reserved = reservedFor(deviceId);
    for (let attempt = 0; attempt < 2; attempt++) {
      const [found] = await this.deps.db.select().from(cameras).where(eq(cameras.deviceId, deviceId)).limit(1);
      if (found) {
        if (found.userId !== userId) break;
        return found;
      }
      if (reserved !== undefined && reserved !== userId) break;
      const row = await this.insert(userId, { name: name ?? (await this.defaultName(userId)), deviceId, settings: {} }, newDeviceSecret().hash);
      // Lost a race with another request registering the same id: read it again.
      if (row) return row;
    }
    throw notFound(AccessMessage.CAMERA_NOT_FOUND);
  }

  /** Inserts a camera of the user (409 past the cap); undefined when its device id is taken. */
  private async insert(
    userId: number,
    body: Pick<CameraBody, 'name' | 'deviceId' | 'settings'> & Partial<CameraBody>,
    secretHash: string,
  ): Promise<Row | undefined> {
    const { db } = this.deps;
    const [owned] = await db.select({ n: count() }).from(cameras).where(eq(cameras.userId, userId));
    if ((owned?.n ?? 0) >= MAX_CAMERAS_PER_USER) throw new AppError(409, CameraMessage.CAMERA_LIMIT_REACHED, { max: MAX_CAMERAS_PER_USER });
    try {
      const [row] = await db
        .insert(cameras)
        .values({
          userId,
          name: body.name,
          deviceId: body.deviceId,
          location: body.location ?? null,
          firmware: body.firmware ?? null,
          settings: body.settings,
          deviceSecretHash: secretHash,
        })
        .returning();
      return row!;
    } catch (error) {
      if (isUniqueViolation(error, 'cameras_device_id_unique')) return undefined;
      throw error;
    }
  }

  /** What the app calls a user's phone camera: "<name>의 홈캠". */
  private async defaultName(userId: number): Promise<string> {
    const [user] = await this.deps.db.select({ name: users.name }).from(users).where(eq(users.id, userId));
    return user ? `${user.name}의 홈캠` : '홈캠';
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
   * files of those recordings; its phone is closed and its live room emptied, viewers told.
   * Gives the camera as it was.
   */
  async delete(userId: number, cameraId: number): Promise<CameraView> {
    await this.deps.access.requireOwnerToChange(userId, cameraId);
    const { db, live, storage, logger } = this.deps;
    const { keys, viewerIds, gone } = await db.transaction(async (tx) => {
      const stored = await tx.select({ key: recordings.s3Key }).from(recordings).where(eq(recordings.cameraId, cameraId));
      const pending = await tx.select({ key: mediaUploads.key }).from(mediaUploads).where(eq(mediaUploads.cameraId, cameraId));
      const viewers = await tx.select({ userId: cameraViewers.userId }).from(cameraViewers).where(eq(cameraViewers.cameraId, cameraId));
      const [row] = await tx
        .delete(cameras)
        .where(and(eq(cameras.id, cameraId), eq(cameras.userId, userId)))
        .returning();
      if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      return { keys: [...stored, ...pending].map((r) => r.key), viewerIds: viewers.map((v) => v.userId), gone: row };
    });
    await live.cameraGone(cameraId, viewerIds);
    const failed = (await Promise.allSettled(keys.map((key) => storage.delete(key)))).filter((r) => r.status === 'rejected');
    if (failed.length) logger.warn({ cameraId, failed: failed.length }, 'stored recordings of a deleted camera could not all be removed');
    return cameraView(gone, 'owner');
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
    await this.deps.live.disconnectDevice(cameraId);
    return { deviceCredential: credential };
  }

  private async row(cameraId: number): Promise<Row> {
    const [row] = await this.deps.db.select().from(cameras).where(eq(cameras.id, cameraId));
    if (!row) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
    return row;
  }
}
