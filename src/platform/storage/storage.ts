import { AppError } from '../http/errors';
import { defineMessages } from '../http/i18n';

export const StorageMessage = defineMessages({
  FILE_KEY_INVALID: { ko: '올바르지 않은 파일 경로입니다.', en: 'This is not a valid file path.' },
  FILE_URL_EXPIRED: { ko: '파일 링크가 만료되었습니다. 새 링크를 받아 주세요.', en: 'The file link has expired. Get a new one.' },
  FILE_SIGNATURE_INVALID: { ko: '파일 링크가 올바르지 않습니다.', en: 'The file link is not valid.' },
  FILE_NOT_FOUND: { ko: '파일을 찾을 수 없습니다.', en: 'The file was not found.' },
  FILE_LENGTH_REQUIRED: { ko: '업로드 요청에 Content-Length가 필요합니다.', en: 'The upload needs a Content-Length.' },
  FILE_UPLOADED: { ko: '파일이 업로드되었습니다.', en: 'The file has been uploaded.' },
  FILE_TOO_LARGE: { ko: '파일이 너무 큽니다. (최대 {limit})', en: 'The file is too large (at most {limit}).' },
  FILE_ALREADY_UPLOADED: { ko: '이 링크로는 이미 업로드되었습니다. 새 링크를 받아 주세요.', en: 'A file was already uploaded with this link. Get a new one.' },
});

/** A stored file read back. */
export interface StoredFile {
  body: Buffer;
  contentType: string;
}

/** What storage knows of a file without reading it. */
export interface StoredFileInfo {
  size: number;
  contentType: string;
}

/**
 * What a client needs to upload straight to storage: PUT the exact bytes to `url` with `headers`.
 * One upload per URL: once a file is there, the URL cannot replace it (`if-none-match: *`).
 */
export interface SignedUpload {
  url: string;
  method: 'PUT';
  headers: { 'content-type': string; 'if-none-match': '*' };
  expiresAt: Date;
}

export interface UploadGrant {
  contentType: string;
  /** The exact size of the body; storage refuses any other (S3 has no "at most" for a presigned PUT). */
  contentLength: number;
  ttlSec: number;
}

/**
 * An app's files, on local disk or in S3. Keys are the app's own paths ("avatars/7/x.webp");
 * apps never see or collide with each other's files.
 */
export interface Storage {
  readonly driver: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The file, or undefined when there is none. */
  get(key: string): Promise<StoredFile | undefined>;
  /** The file's size and type without reading it, or undefined when there is none. */
  stat(key: string): Promise<StoredFileInfo | undefined>;
  /** Removes the file; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A URL anyone may GET the file with, valid for at least `ttlSec` and at most twice that. The
   * validity window starts on a multiple of `ttlSec`, so every call within one window gives the
   * same URL and clients can cache what it points to (a day's TTL: one URL per UTC day).
   */
  signedGetUrl(key: string, ttlSec: number): Promise<string>;
  /** A URL to upload the file with directly, for exactly this content type and size, once. */
  signedPutUrl(key: string, grant: UploadGrant): Promise<SignedUpload>;
  close(): Promise<void>;
}

export const MAX_KEY_LENGTH = 200;
// Segments of letters, digits, "_", "-" and ".", never starting with "." (no "..", no hidden names,
// which the local driver keeps for itself); "/" only between segments.
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export const isValidKey = (key: string): boolean => key.length <= MAX_KEY_LENGTH && KEY.test(key);

export function assertKey(key: string): void {
  if (!isValidKey(key)) throw new AppError(400, StorageMessage.FILE_KEY_INVALID);
}

// type/subtype with optional parameters; nothing that could break out of a header.
const CONTENT_TYPE = /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*(?:\s*;\s*[\w.+-]+=[\w.+-]+)*$/i;

export function assertContentType(contentType: string): void {
  if (contentType.length > 200 || !CONTENT_TYPE.test(contentType)) throw new Error(`invalid content type "${contentType}"`);
}

/** Signed URLs may live up to 7 days on S3, and a GET URL up to twice its TTL. */
export const MAX_GET_TTL_SEC = 3 * 86_400;
export const MAX_PUT_TTL_SEC = 7 * 86_400;

/** The window a signed GET URL belongs to: it starts on a multiple of the TTL (unix seconds). */
export function urlWindow(ttlSec: number, nowMs = Date.now()): { start: number; expires: number } {
  if (!Number.isInteger(ttlSec) || ttlSec < 1 || ttlSec > MAX_GET_TTL_SEC) throw new Error(`a signed GET URL lives 1 s to ${MAX_GET_TTL_SEC} s, not ${ttlSec}`);
  const start = Math.floor(nowMs / 1000 / ttlSec) * ttlSec;
  return { start, expires: start + 2 * ttlSec };
}

export function checkGrant(grant: UploadGrant): void {
  assertContentType(grant.contentType);
  if (!Number.isSafeInteger(grant.contentLength) || grant.contentLength < 0) throw new Error(`invalid content length ${grant.contentLength}`);
  if (!Number.isInteger(grant.ttlSec) || grant.ttlSec < 1 || grant.ttlSec > MAX_PUT_TTL_SEC)
    throw new Error(`a signed PUT URL lives 1 s to ${MAX_PUT_TTL_SEC} s, not ${grant.ttlSec}`);
}

/** "5MB", "512KB", "100 bytes": a limit as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}KB`;
  return `${bytes}B`;
}
