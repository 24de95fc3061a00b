import { and, eq } from 'drizzle-orm';
import type { RateLimit } from '../../../config';
import { randomToken } from '../../../platform/auth/crypto';
import type { Cache } from '../../../platform/cache';
import type { Db } from '../../../platform/db/database';
import { AppError, notFound } from '../../../platform/http/errors';
import { RateLimiter } from '../../../platform/http/rate-limit';
import { type Storage, StorageMessage, formatBytes } from '../../../platform/storage';
import type { CameraAccess } from '../cameras/access';
import { type Actor, requireWriter } from '../events/actor';
import { EventMessage } from '../events/messages';
import { events } from '../events/tables';
import { RecordingMessage } from './messages';
import { MEDIA_MAX_BYTES, MEDIA_TYPES, type CompleteBody, type PresignBody, type RecordingBody } from './schemas';
import type { RecordingRow, Recordings } from './service';
import { mediaUploads } from './tables';

/** An upload URL is good this long; a segment of a few MB goes up well within it. */
export const UPLOAD_URL_TTL_SEC = 15 * 60;
/** A camera that records a segment every 5 s all hour stays within this. */
export const PRESIGN_LIMIT: RateLimit = { limit: 720, windowMs: 3_600_000, text: '720/hour' };

export interface MediaOptions {
  db: Db;
  cache: Cache;
  access: CameraAccess;
  storage: Storage;
  recordings: Recordings;
  /** The local store's own limit on an upload (UPLOAD_LIMIT); S3 has none of its own. */
  localUploadLimit: number;
}

/**
 * Uploads of recording segments straight to storage: /api/media/presign grants a URL for one
 * file of an exact type and size (an S3 presigned PUT, or the local store's signed URL), and
 * /api/media/complete checks that file is there with that size before it becomes a recording.
 */
export class MediaUploads {
  private readonly limiter: RateLimiter;
  readonly maxBytes: number;

  constructor(private readonly o: MediaOptions) {
    this.limiter = new RateLimiter(o.cache, 'mimo-media-presign', PRESIGN_LIMIT);
    this.maxBytes = o.storage.driver === 'local' ? Math.min(MEDIA_MAX_BYTES, o.localUploadLimit) : MEDIA_MAX_BYTES;
  }

  async presign(actor: Actor, body: PresignBody) {
    const { db, storage } = this.o;
    await requireWriter(this.o.access, actor, body.cameraId);
    await this.limiter.consume(String(body.cameraId));
    const [event] = await db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.id, body.eventId), eq(events.cameraId, body.cameraId)));
    if (!event) throw notFound(EventMessage.EVENT_NOT_FOUND);
    if (body.fileSize > this.maxBytes) throw new AppError(413, StorageMessage.FILE_TOO_LARGE, { limit: formatBytes(this.maxBytes) });
    // The key is ours, never the client's: a camera can only ever write under its own event.
    const key = `recordings/${body.cameraId}/${body.eventId}/${randomToken(16)}.${MEDIA_TYPES[body.contentType]}`;
    const grant = await storage.signedPutUrl(key, { contentType: body.contentType, contentLength: body.fileSize, ttlSec: UPLOAD_URL_TTL_SEC });
    const [upload] = await db
      .insert(mediaUploads)
      .values({
        userId: actor.userId,
        cameraId: body.cameraId,
        eventId: body.eventId,
        key,
        contentType: body.contentType,
        fileSize: body.fileSize,
        indexNum: body.indexNum,
        filename: body.filename ?? null,
        expiresAt: grant.expiresAt,
      })
      .returning({ id: mediaUploads.id });
    return { uploadId: upload!.id, key, ...grant };
  }

  complete(actor: Actor, body: CompleteBody): Promise<RecordingRow> {
    return this.finish(actor, eq(mediaUploads.id, body.uploadId), body);
  }

  /** POST /api/recordings: the same as completing the upload the key was granted to, for that event. */
  register(actor: Actor, body: RecordingBody): Promise<RecordingRow> {
    return this.finish(actor, and(eq(mediaUploads.key, body.key), eq(mediaUploads.eventId, body.eventId))!, body);
  }

  private async finish(actor: Actor, which: ReturnType<typeof eq>, timing: CompleteBody | RecordingBody): Promise<RecordingRow> {
    const [upload] = await this.o.db.select().from(mediaUploads).where(which);
    if (!upload) throw notFound(RecordingMessage.UPLOAD_NOT_FOUND);
    return this.o.recordings.completeUpload(actor, upload, timing);
  }
}
