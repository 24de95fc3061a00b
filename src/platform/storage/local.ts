import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { safeEqual } from '../auth/crypto';
import { AppError } from '../http/errors';
import {
  type SignedUpload,
  type Storage,
  StorageMessage,
  type StoredFile,
  type StoredFileInfo,
  type UploadGrant,
  assertContentType,
  assertKey,
  checkGrant,
  urlWindow,
} from './storage';

export interface LocalStorageOptions {
  app: string;
  /** DATA_DIR/files/<app> */
  dir: string;
  /** The app's public URL; signed URLs point at its /files route. */
  publicUrl: string;
  /** APP_SECRET; the signing key is derived from it for this app alone. */
  secret: string;
}

/** What a signature covers: the method, the key, the expiry and, for uploads, the type and size. */
export type FileRequest = { method: 'GET'; key: string } | { method: 'PUT'; key: string; contentType: string; contentLength: number };
export type SignedRequest = FileRequest & { expires: number };

export type Verdict = 'ok' | 'invalid' | 'expired';

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const EXPIRES = /^\d{1,12}$/;

/**
 * Files under DATA_DIR/files/<app>/<key>, each with its content type in .meta/<key>.json. Keys never
 * start a segment with ".", so .meta and .tmp can never be reached through a key. Files are
 * served by the app's /files route through HMAC-signed, expiring URLs.
 */
export class LocalStorage implements Storage {
  readonly driver = 'local' as const;
  private readonly root: string;
  private readonly signingKey: Buffer;

  constructor(private readonly o: LocalStorageOptions) {
    this.root = resolve(o.dir);
    this.signingKey = Buffer.from(hkdfSync('sha256', o.secret, 'madang', `files:${o.app}`, 32));
  }

  /**
   * Writes the file; with `once`, only when there is none under the key yet (409 otherwise), as a
   * signed upload URL does: one upload per URL.
   */
  async put(key: string, body: Buffer, contentType: string, { once = false }: { once?: boolean } = {}): Promise<void> {
    assertContentType(contentType);
    const file = this.path(key);
    const meta = this.metaPath(key);
    // Written aside and moved into place, so a reader never sees half a file.
    const tmpDir = join(this.root, '.tmp');
    const tmp = join(tmpDir, randomBytes(12).toString('hex'));
    await Promise.all([mkdir(tmpDir, { recursive: true }), mkdir(dirname(file), { recursive: true }), mkdir(dirname(meta), { recursive: true })]);
    try {
      await writeFile(`${tmp}.meta`, JSON.stringify({ contentType }));
      await writeFile(tmp, body);
      if (once) {
        // A hard link is made only where no file is: of two uploads at once, one wins.
        await link(tmp, file).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? new AppError(409, StorageMessage.FILE_ALREADY_UPLOADED) : error;
        });
        await rename(`${tmp}.meta`, meta);
        return;
      }
      await rename(`${tmp}.meta`, meta);
      await rename(tmp, file);
    } finally {
      await Promise.all([rm(tmp, { force: true }), rm(`${tmp}.meta`, { force: true })]);
    }
  }

  async get(key: string): Promise<StoredFile | undefined> {
    const file = this.path(key);
    try {
      const [body, contentType] = await Promise.all([readFile(file), this.contentType(key)]);
      return { body, contentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async stat(key: string): Promise<StoredFileInfo | undefined> {
    try {
      const [info, contentType] = await Promise.all([stat(this.path(key)), this.contentType(key)]);
      return info.isFile() ? { size: info.size, contentType } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** For the /files route: the file as a stream, or undefined when there is none. */
  async open(key: string): Promise<{ stream: ReadStream; size: number; contentType: string } | undefined> {
    const file = this.path(key);
    try {
      const handle = await open(file, 'r');
      try {
        const [info, contentType] = await Promise.all([handle.stat(), this.contentType(key)]);
        if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
        return { stream: createReadStream('', { fd: handle, autoClose: true }), size: info.size, contentType };
      } catch (error) {
        await handle.close();
        throw error;
      }
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await Promise.all([rm(this.path(key), { force: true }), rm(this.metaPath(key), { force: true })]);
  }

  async signedGetUrl(key: string, ttlSec: number): Promise<string> {
    assertKey(key);
    const { expires } = urlWindow(ttlSec);
    return this.url({ method: 'GET', key, expires });
  }

  async signedPutUrl(key: string, grant: UploadGrant): Promise<SignedUpload> {
    assertKey(key);
    checkGrant(grant);
    const expires = Math.floor(Date.now() / 1000) + grant.ttlSec;
    const url = this.url({ method: 'PUT', key, expires, contentType: grant.contentType, contentLength: grant.contentLength });
    return { url, method: 'PUT', headers: { 'content-type': grant.contentType, 'if-none-match': '*' }, expiresAt: new Date(expires * 1000) };
  }

  /** Checks a request's signature; an untouched but stale one is "expired", anything else "invalid". */
  verify(request: FileRequest, query: { expires?: string; signature?: string }): Verdict {
    const { signature } = query;
    if (!query.expires || !EXPIRES.test(query.expires) || !signature || !SIGNATURE.test(signature)) return 'invalid';
    const expires = Number(query.expires);
    if (!safeEqual(this.sign({ ...request, expires }), signature)) return 'invalid';
    return expires * 1000 <= Date.now() ? 'expired' : 'ok';
  }

  async close(): Promise<void> {}

  /** The signed URL of a request with any expiry (tests make stale ones with it). */
  url(request: SignedRequest): string {
    return `${this.o.publicUrl}/files/${request.key}?expires=${request.expires}&signature=${this.sign(request)}`;
  }

  private sign(request: SignedRequest): string {
    const parts: Array<string | number> = [request.method, request.key, request.expires];
    if (request.method === 'PUT') parts.push(request.contentType, request.contentLength);
    return createHmac('sha256', this.signingKey).update(parts.join('\n')).digest('base64url');
  }

  private path(key: string): string {
    assertKey(key);
    const file = resolve(this.root, key);
    // The key rules already keep paths inside; this says so once more where it matters.
    if (!file.startsWith(this.root + sep)) throw new Error(`storage key escapes its folder: ${key}`);
    return file;
  }

  private metaPath(key: string): string {
    return join(this.root, '.meta', `${key}.json`);
  }

  private async contentType(key: string): Promise<string> {
    try {
      const meta = JSON.parse(await readFile(this.metaPath(key), 'utf8')) as { contentType?: unknown };
      if (typeof meta.contentType === 'string') return meta.contentType;
    } catch (error) {
      if (!isMissing(error) && !(error instanceof SyntaxError)) throw error;
    }
    return 'application/octet-stream';
  }
}

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
