import type { preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { RateLimiter } from '../../../platform/http/rate-limit';
import type { Router } from '../../../platform/http/router';
import { readUploadedFile } from '../../../platform/storage/upload';
import { FILE_PURPOSES } from './tables';
import { FileMessage } from './messages';
import { FILE_MAX_BYTES, type MindpauseFiles } from './service';

export const attachmentSchema = z.object({
  id: z.number(),
  url: z.string().describe('Signed URL; the same for a whole UTC day, valid until the end of the next'),
  mimeType: z.string(),
  size: z.number().describe('Bytes as stored (images are re-encoded as WebP)'),
  originalName: z.string(),
  purpose: z.enum(FILE_PURPOSES),
  createdAt: z.date(),
});

/** Document 002's Phase 3.3: POST /api/v1/files/upload/profile and /attachment. */
export function filesRoutes(router: Router, { files, uploads }: { files: MindpauseFiles; uploads: RateLimiter }): void {
  // Counted before the body is read.
  const limit: preHandlerAsyncHookHandler = async (req) => {
    await uploads.consume(String(req.principal!.userId));
  };
  const tags = ['files'];

  router.post(
    '/api/v1/files/upload/profile',
    {
      summary: '프로필 이미지 업로드 (Upload the profile image)',
      description:
        'multipart/form-data with one image in the field "file": JPEG, PNG or WebP, told by its content, at most 10 MB. ' +
        "It becomes a 512×512 WebP (cropped to fill, upright, without metadata), the profile's image; the previous one is deleted. " +
        `At most RATE_LIMIT_FILE_UPLOAD uploads per user (default ${uploads.rule.text}).`,
      tags,
      auth: true,
      preHandler: [limit],
      response: attachmentSchema,
      status: 201,
      message: FileMessage.PROFILE_IMAGE_UPDATED,
    },
    async (req) => {
      const file = await readUploadedFile(req, { fields: ['file', 'image'], maxBytes: FILE_MAX_BYTES });
      return files.uploadProfileImage(req.principal.userId, file);
    },
  );

  router.post(
    '/api/v1/files/upload/attachment',
    {
      summary: '첨부 파일 업로드 (Upload an attachment)',
      description:
        'multipart/form-data with one file in the field "file": a JPEG, PNG or WebP image or a PDF, told by its content, at most 10 MB. ' +
        'Images are re-encoded as WebP (at most 2048 px, upright, without metadata); PDFs are kept as they are. ' +
        "The answer's id can be given as a post image (`attachmentIds`) by its owner only.",
      tags,
      auth: true,
      preHandler: [limit],
      response: attachmentSchema,
      status: 201,
      message: FileMessage.ATTACHMENT_UPLOADED,
    },
    async (req) => {
      const file = await readUploadedFile(req, { fields: ['file', 'attachment'], maxBytes: FILE_MAX_BYTES });
      return files.uploadAttachment(req.principal.userId, file);
    },
  );
}
