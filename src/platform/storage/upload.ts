import type { FastifyRequest } from 'fastify';
import { AppError, fieldError } from '../http/errors';
import { defineMessages } from '../http/i18n';
import { StorageMessage, formatBytes } from './storage';

export const UploadMessage = defineMessages({
  UPLOAD_NOT_MULTIPART: { ko: '파일은 multipart/form-data 형식으로 보내 주세요.', en: 'Send the file as multipart/form-data.' },
  UPLOAD_FILE_REQUIRED: { ko: '업로드할 파일을 첨부해 주세요.', en: 'Attach the file to upload.' },
  UPLOAD_ONE_FILE: { ko: '파일은 한 번에 하나만 올릴 수 있습니다.', en: 'Upload one file at a time.' },
  UPLOAD_MALFORMED: { ko: '업로드 요청의 형식이 올바르지 않습니다.', en: 'The upload request is malformed.' },
});

export interface UploadedFile {
  /** The form field it came in. */
  field: string;
  /** As the client named it; for display only, never a path or a proof of type. */
  filename: string;
  data: Buffer;
}

export interface ReadUploadOptions {
  /** Form fields that may carry the file, the first being the one errors name. */
  fields: readonly [string, ...string[]];
  /** This route's limit; the app's UPLOAD_LIMIT applies when it is lower. */
  maxBytes?: number;
}

/**
 * The one file of a multipart request, read into memory within the limit. Other form fields are
 * ignored; a file in a field not listed counts as no file; a second file is refused.
 */
export async function readUploadedFile(req: FastifyRequest, options: ReadUploadOptions): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new AppError(415, UploadMessage.UPLOAD_NOT_MULTIPART);
  const limit = Math.min(options.maxBytes ?? Infinity, req.server.uploadLimit);
  let found: UploadedFile | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: limit, files: 1 } })) {
      if (part.type !== 'file') continue;
      if (!options.fields.includes(part.fieldname)) {
        part.file.resume();
        continue;
      }
      found = { field: part.fieldname, filename: part.filename, data: await part.toBuffer() };
    }
  } catch (error) {
    throw uploadError(error, limit);
  }
  // Browsers send an empty part when no file was chosen.
  if (!found || found.data.length === 0) throw fieldError(options.fields[0], UploadMessage.UPLOAD_FILE_REQUIRED);
  return found;
}

function uploadError(error: unknown, limit: number): unknown {
  if (error instanceof AppError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, StorageMessage.FILE_TOO_LARGE, { limit: formatBytes(limit) });
    case 'FST_FILES_LIMIT':
      return new AppError(400, UploadMessage.UPLOAD_ONE_FILE);
  }
  // Everything else here is the client's multipart body: bad boundaries, cut-off parts, limits.
  const status = (error as { statusCode?: number }).statusCode;
  if (status === undefined || (status >= 400 && status < 500)) return new AppError(400, UploadMessage.UPLOAD_MALFORMED);
  return error;
}
