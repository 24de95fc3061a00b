import { LRUCache } from 'lru-cache';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type SignedUpload,
  type Storage,
  type StoredFile,
  type StoredFileInfo,
  type UploadGrant,
  assertContentType,
  assertKey,
  checkGrant,
  urlWindow,
} from './storage';

export interface S3StorageOptions {
  app: string;
  bucket: string;
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

// Signed GET URLs stay the same for a whole window, so they are worth remembering.
const MAX_REMEMBERED_URLS = 10_000;

/** Files in an S3 bucket (or an S3-compatible one) under "<app>/", so apps may share a bucket. */
export class S3Storage implements Storage {
  readonly driver = 's3' as const;
  private readonly client: S3Client;
  private readonly getUrls = new LRUCache<string, { start: number; url: string }>({ max: MAX_REMEMBERED_URLS });

  constructor(private readonly o: S3StorageOptions) {
    this.client = new S3Client({
      region: o.region,
      endpoint: o.endpoint,
      forcePathStyle: o.forcePathStyle,
      credentials: o.credentials,
      // Checksums only where S3 requires them: S3-compatible services often reject the newer
      // trailing checksums, and presigned PUT URLs must not carry the checksum of an empty body.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertContentType(contentType);
    await this.client.send(new PutObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key), Body: body, ContentType: contentType }));
  }

  async get(key: string): Promise<StoredFile | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key) }));
      const body = Buffer.from(await object.Body!.transformToByteArray());
      return { body, contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async stat(key: string): Promise<StoredFileInfo | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key) }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404))
        return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key) }));
  }

  async signedGetUrl(key: string, ttlSec: number): Promise<string> {
    const objectKey = this.objectKey(key);
    const { start, expires } = urlWindow(ttlSec);
    const memo = `${ttlSec}:${objectKey}`;
    const known = this.getUrls.get(memo);
    if (known?.start === start) return known.url;
    // Signed as of the window's start: the same date and lifetime give the same URL all window long.
    const command = new GetObjectCommand({ Bucket: this.o.bucket, Key: objectKey, ResponseCacheControl: `private, max-age=${ttlSec}` });
    const url = await getSignedUrl(this.client, command, { expiresIn: expires - start, signingDate: new Date(start * 1000) });
    this.getUrls.set(memo, { start, url });
    return url;
  }

  async signedPutUrl(key: string, grant: UploadGrant): Promise<SignedUpload> {
    const objectKey = this.objectKey(key);
    checkGrant(grant);
    const command = new PutObjectCommand({
      Bucket: this.o.bucket,
      Key: objectKey,
      ContentType: grant.contentType,
      ContentLength: grant.contentLength,
      IfNoneMatch: '*',
    });
    // Type, size and "only if there is no such object yet" are signed headers: S3 refuses an upload
    // that differs in any, and a second upload to the same URL (a conditional write, 412).
    const url = await getSignedUrl(this.client, command, {
      expiresIn: grant.ttlSec,
      signableHeaders: new Set(['content-type', 'content-length', 'if-none-match']),
    });
    return { url, method: 'PUT', headers: { 'content-type': grant.contentType, 'if-none-match': '*' }, expiresAt: new Date(Date.now() + grant.ttlSec * 1000) };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    assertKey(key);
    return `${this.o.app}/${key}`;
  }
}
