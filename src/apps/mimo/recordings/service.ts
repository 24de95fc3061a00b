import { and, asc, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../../platform/db/database';
import { conflict, fieldError, notFound } from '../../../platform/http/errors';
import { AppError } from '../../../platform/http/errors';
import { type PageQuery, offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Storage } from '../../../platform/storage';
import { urlWindow } from '../../../platform/storage/storage';
import type { CameraAccess } from '../cameras/access';
import { cameras } from '../cameras/tables';
import { type Actor, requireRole } from '../events/actor';
import { EventMessage } from '../events/messages';
import { visibleCamera } from '../events/scope';
import { seoulDay } from '../../../platform/time';
import { events } from '../events/tables';
import { RecordingMessage } from './messages';
import { MEDIA_TYPES, type MediaType, type RecordingQuery, type RecordingStatsQuery, type RecordingUpdate } from './schemas';
import { mediaUploads, recordings } from './tables';

export type RecordingRow = typeof recordings.$inferSelect;
export type UploadRow = typeof mediaUploads.$inferSelect;

/** A download URL lives 10 to 20 minutes (storage signs it for a window; see Storage.signedGetUrl). */
export const CLIP_URL_TTL_SEC = 600;

export interface SegmentTiming {
  durationSec?: number;
  startedAt?: Date | null;
  endedAt?: Date | null;
}

const secondsBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

/** Document 003's recordings: stored segments of an event's video. Viewers read and download; owners change. */
export class Recordings {
  constructor(private readonly o: { db: Db; access: CameraAccess; storage: Storage; logger: Logger }) {}

  /** Newest stored first; filters by camera, event and when it was stored. */
  async list(userId: number, q: RecordingQuery & PageQuery) {
    const { db, access } = this.o;
    if (q.cameraId !== undefined) await access.requireAccess(userId, q.cameraId);
    if (q.eventId !== undefined) await this.readableEvent(userId, q.eventId);
    const where = and(
      q.cameraId !== undefined ? eq(recordings.cameraId, q.cameraId) : visibleCamera(db, userId, recordings.cameraId),
      q.eventId !== undefined ? eq(recordings.eventId, q.eventId) : undefined,
      q.from && gte(recordings.createdAt, q.from),
      q.to && lt(recordings.createdAt, q.to),
    );
    const rows = await db
      .select({ row: recordings, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(recordings)
      .where(where)
      .orderBy(desc(recordings.createdAt), desc(recordings.id))
      .limit(q.limit)
      .offset(offsetOf(q));
    return pageOf(
      rows.map((r) => r.row),
      q,
      rows[0]?.total ?? (q.page > 1 ? await this.count(where) : 0),
    );
  }

  /** The segments of one event, in their order. */
  async ofEvent(userId: number, eventId: number): Promise<RecordingRow[]> {
    await this.readableEvent(userId, eventId);
    return this.o.db.select().from(recordings).where(eq(recordings.eventId, eventId)).orderBy(asc(recordings.indexNum), asc(recordings.id));
  }

  async get(userId: number, id: number): Promise<RecordingRow> {
    const row = await this.find(id);
    await requireRole(this.o.access, { userId }, row.cameraId, 'read', RecordingMessage.RECORDING_NOT_FOUND);
    return row;
  }

  async update(actor: Actor, id: number, patch: RecordingUpdate): Promise<RecordingRow> {
    const row = await this.find(id);
    await requireRole(this.o.access, actor, row.cameraId, 'write', RecordingMessage.RECORDING_NOT_FOUND);
    const startedAt = patch.startedAt === undefined ? row.startedAt : patch.startedAt;
    const endedAt = patch.endedAt === undefined ? row.endedAt : patch.endedAt;
    if (startedAt && endedAt && endedAt < startedAt) throw fieldError('endedAt', EventMessage.EVENT_ENDS_BEFORE_START);
    const [updated] = await this.o.db.update(recordings).set(patch).where(eq(recordings.id, id)).returning();
    if (!updated) throw notFound(RecordingMessage.RECORDING_NOT_FOUND);
    return updated;
  }

  /** The row, then its stored file. */
  async delete(userId: number, id: number): Promise<void> {
    const row = await this.find(id);
    await requireRole(this.o.access, { userId }, row.cameraId, 'write', RecordingMessage.RECORDING_NOT_FOUND);
    const [gone] = await this.o.db.delete(recordings).where(eq(recordings.id, id)).returning({ key: recordings.s3Key });
    if (!gone) throw notFound(RecordingMessage.RECORDING_NOT_FOUND);
    await this.o.storage.delete(gone.key).catch((err: unknown) => this.o.logger.warn({ err, recordingId: id }, 'stored recording was not removed'));
  }

  /** A signed download URL for the owner and viewers; the storage layer refuses it once stale or altered. */
  async downloadUrl(userId: number, id: number) {
    const row = await this.get(userId, id);
    const url = await this.o.storage.signedGetUrl(row.s3Key, CLIP_URL_TTL_SEC);
    return {
      recordingId: row.id,
      url,
      expiresAt: new Date(urlWindow(CLIP_URL_TTL_SEC).expires * 1000),
      fileSize: row.fileSize,
      format: row.format,
      filename: row.filename,
    };
  }

  /**
   * Turns an upload into a recording, once: the object must be in storage with the size granted.
   * The upload is marked complete in the same transaction the recording is written in, so two
   * completions at once give one recording and one 409.
   */
  async completeUpload(actor: Actor, upload: UploadRow, timing: SegmentTiming): Promise<RecordingRow> {
    await requireRole(this.o.access, actor, upload.cameraId, 'write', RecordingMessage.UPLOAD_NOT_FOUND);
    if (upload.completedAt) throw conflict(RecordingMessage.UPLOAD_ALREADY_COMPLETED);
    const stored = await this.o.storage.stat(upload.key);
    if (!stored) throw new AppError(400, RecordingMessage.UPLOAD_MISSING);
    if (stored.size !== upload.fileSize) throw new AppError(400, RecordingMessage.UPLOAD_SIZE_MISMATCH, { expected: upload.fileSize, actual: stored.size });
    const { startedAt = null, endedAt = null } = timing;
    const duration = timing.durationSec ?? (startedAt && endedAt ? secondsBetween(startedAt, endedAt) : 0);
    return this.o.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(mediaUploads)
        .set({ completedAt: new Date() })
        .where(and(eq(mediaUploads.id, upload.id), isNull(mediaUploads.completedAt)))
        .returning({ id: mediaUploads.id });
      if (!claimed) throw conflict(RecordingMessage.UPLOAD_ALREADY_COMPLETED);
      const [row] = await tx
        .insert(recordings)
        .values({
          eventId: upload.eventId,
          cameraId: upload.cameraId,
          userId: upload.userId,
          indexNum: upload.indexNum,
          s3Key: upload.key,
          filename: upload.filename,
          startedAt,
          endedAt,
          duration,
          fileSize: stored.size,
          format: MEDIA_TYPES[upload.contentType as MediaType] ?? 'mp4',
        })
        .returning();
      return row!;
    });
  }

  /** Count, bytes and seconds, by camera and by the Seoul day they were stored. */
  async stats(userId: number, q: RecordingStatsQuery) {
    const { db, access } = this.o;
    if (q.cameraId !== undefined) await access.requireAccess(userId, q.cameraId);
    const where = and(
      q.cameraId !== undefined ? eq(recordings.cameraId, q.cameraId) : visibleCamera(db, userId, recordings.cameraId),
      q.from && gte(recordings.createdAt, q.from),
      q.to && lt(recordings.createdAt, q.to),
    );
    const sums = {
      count: count(),
      bytes: sql<number>`coalesce(sum(${recordings.fileSize}), 0)`.mapWith(Number),
      duration: sql<number>`coalesce(sum(${recordings.duration}), 0)`.mapWith(Number),
    };
    const day = seoulDay(recordings.createdAt);
    const [[total], byCamera, byDay] = await Promise.all([
      db.select(sums).from(recordings).where(where),
      db
        .select({ cameraId: cameras.id, name: cameras.name, ...sums })
        .from(recordings)
        .innerJoin(cameras, eq(cameras.id, recordings.cameraId))
        .where(where)
        .groupBy(cameras.id, cameras.name)
        .orderBy(cameras.id),
      db
        .select({ date: day, ...sums })
        .from(recordings)
        .where(where)
        .groupBy(day)
        .orderBy(day),
    ]);
    return { count: total?.count ?? 0, bytes: total?.bytes ?? 0, duration: total?.duration ?? 0, byCamera, byDay };
  }

  private async readableEvent(userId: number, eventId: number): Promise<void> {
    const [event] = await this.o.db.select({ cameraId: events.cameraId }).from(events).where(eq(events.id, eventId));
    if (!event) throw notFound(EventMessage.EVENT_NOT_FOUND);
    await requireRole(this.o.access, { userId }, event.cameraId, 'read', EventMessage.EVENT_NOT_FOUND);
  }

  private async find(id: number): Promise<RecordingRow> {
    const [row] = await this.o.db.select().from(recordings).where(eq(recordings.id, id));
    if (!row) throw notFound(RecordingMessage.RECORDING_NOT_FOUND);
    return row;
  }

  private async count(where: ReturnType<typeof and>): Promise<number> {
    const [row] = await this.o.db.select({ n: count() }).from(recordings).where(where);
    return row?.n ?? 0;
  }
}
