import { and, eq, inArray, ne } from 'drizzle-orm';
import { randomToken } from '../../../platform/auth/crypto';
import type { Db } from '../../../platform/db/database';
import { AppError, notFound } from '../../../platform/http/errors';
import { type Storage, StorageMessage, formatBytes } from '../../../platform/storage';
import { MIME_TYPES, detectFileType, sanitizeFilename } from '../../../platform/storage/content';
import { toFittedWebp, toSquareWebp } from '../../../platform/storage/image';
import { PICTURE_URL_TTL_SEC, storedReference } from '../../../platform/storage/reference';
import type { UploadedFile } from '../../../platform/storage/upload';
import { users } from '../users/tables';
import { FileMessage } from './messages';
import { fileAttachments } from './tables';

export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const PROFILE_IMAGE_SIZE = 512;
/** Shared photos are kept at most this wide or tall: enough for any phone screen. */
export const ATTACHMENT_IMAGE_MAX_SIDE = 2048;

export type Attachment = typeof fileAttachments.$inferSelect;

export interface AttachmentView {
  id: number;
  url: string;
  mimeType: string;
  size: number;
  originalName: string;
  purpose: Attachment['purpose'];
  createdAt: Date;
}

/** Document 002's file uploads: profile images and attachments, recorded as FileAttachment rows. */
export class MindpauseFiles {
  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
  ) {}

  /**
   * The user's new profile image, a 512×512 WebP. The user's earlier profile images (and their
   * files) go: one profile image per user.
   */
  async uploadProfileImage(userId: number, file: UploadedFile): Promise<AttachmentView> {
    const image = await toSquareWebp(file.data, { size: PROFILE_IMAGE_SIZE, maxBytes: FILE_MAX_BYTES });
    const key = `profiles/${userId}/${randomToken(16)}.webp`;
    await this.storage.put(key, image, 'image/webp');
    let saved: { row: Attachment; oldKeys: string[] };
    try {
      // The user's row is locked while the picture changes, so two uploads at once cannot both
      // keep the same old file, nor leave two profile rows.
      saved = await this.db.transaction(async (tx) => {
        const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
        if (!user) throw notFound();
        const [row] = await tx
          .insert(fileAttachments)
          .values({ userId, fileKey: key, mimeType: 'image/webp', fileSize: image.length, originalName: sanitizeFilename(file.filename), purpose: 'profile' })
          .returning();
        await tx
          .update(users)
          .set({ profileImageUrl: storedReference(key) })
          .where(eq(users.id, userId));
        const old = await tx
          .delete(fileAttachments)
          .where(and(eq(fileAttachments.userId, userId), eq(fileAttachments.purpose, 'profile'), ne(fileAttachments.id, row!.id)))
          .returning({ key: fileAttachments.fileKey });
        return { row: row!, oldKeys: old.map((o) => o.key) };
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => {});
      throw error;
    }
    // The new picture is in place; a file left behind costs only space, not a failed request.
    await Promise.all(saved.oldKeys.map((old) => this.storage.delete(old).catch(() => {})));
    return this.view(saved.row);
  }

  /** An image (re-encoded as WebP, upright, without metadata) or a PDF (kept as is). */
  async uploadAttachment(userId: number, file: UploadedFile): Promise<AttachmentView> {
    if (file.data.length > FILE_MAX_BYTES) throw new AppError(413, StorageMessage.FILE_TOO_LARGE, { limit: formatBytes(FILE_MAX_BYTES) });
    const type = detectFileType(file.data);
    if (!type) throw new AppError(415, FileMessage.ATTACHMENT_TYPE_UNSUPPORTED);
    let body = file.data;
    let mimeType = MIME_TYPES[type];
    let ext: string = type;
    if (type !== 'pdf') {
      body = await toFittedWebp(file.data, { maxSide: ATTACHMENT_IMAGE_MAX_SIDE, maxBytes: FILE_MAX_BYTES });
      mimeType = 'image/webp';
      ext = 'webp';
    }
    const key = `attachments/${userId}/${randomToken(16)}.${ext}`;
    await this.storage.put(key, body, mimeType);
    try {
      const [row] = await this.db
        .insert(fileAttachments)
        .values({ userId, fileKey: key, mimeType, fileSize: body.length, originalName: sanitizeFilename(file.filename), purpose: 'attachment' })
        .returning();
      return this.view(row!);
    } catch (error) {
      await this.storage.delete(key).catch(() => {});
      throw error;
    }
  }

  /** The user's own image attachments among `ids`, in the order asked; ids that are not are left out. */
  async ownImages(userId: number, ids: readonly number[]): Promise<Attachment[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .select()
      .from(fileAttachments)
      .where(and(eq(fileAttachments.userId, userId), eq(fileAttachments.purpose, 'attachment'), inArray(fileAttachments.id, [...ids])));
    return rows.filter((row) => row.mimeType.startsWith('image/'));
  }

  /** A signed URL for a stored file, the same all day so clients can cache it. */
  url(key: string): Promise<string> {
    return this.storage.signedGetUrl(key, PICTURE_URL_TTL_SEC);
  }

  async view(row: Attachment): Promise<AttachmentView> {
    return {
      id: row.id,
      url: await this.url(row.fileKey),
      mimeType: row.mimeType,
      size: row.fileSize,
      originalName: row.originalName,
      purpose: row.purpose,
      createdAt: row.createdAt,
    };
  }
}
