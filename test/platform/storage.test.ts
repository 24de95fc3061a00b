import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { AppError } from '../../src/platform/http/errors';
import { type LocalStorage, type Storage, createStorage } from '../../src/platform/storage';
import { TEST_SECRETS, type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { form, localFilesEnv, postForm, rawGet, startS3, tempDir } from '../support/files';

const DAY = 86_400;
const nowSec = () => Math.floor(Date.now() / 1000);

/** The file key of a signed local URL, and its query. */
function parts(url: string) {
  const parsed = new URL(url);
  return { path: parsed.pathname, expires: Number(parsed.searchParams.get('expires')), signature: parsed.searchParams.get('signature')! };
}

describe('local file storage, through a running app', () => {
  let t: TestApp;
  let storage: LocalStorage;
  let publicUrl: string;
  let data: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    data = tempDir();
    const env = await localFilesEnv('fitmate', data.path);
    publicUrl = env.FITMATE_PUBLIC_URL!;
    t = await startTestApp('fitmate', { ...env, UPLOAD_LIMIT: '1mb' });
    expect(t.app.storage.driver).toBe('local');
    storage = t.app.storage as LocalStorage;
  });
  afterAll(async () => {
    await t?.close();
    data?.remove();
  });

  describe('put, get and delete', () => {
    it('keeps the bytes and the content type under DATA_DIR/files/<app>/', async () => {
      await storage.put('docs/2024/note.txt', Buffer.from('안녕하세요'), 'text/plain; charset=utf-8');
      expect(readFileSync(join(data.path, 'files/fitmate/docs/2024/note.txt'), 'utf8')).toBe('안녕하세요');
      const file = await storage.get('docs/2024/note.txt');
      expect(file).toEqual({ body: Buffer.from('안녕하세요'), contentType: 'text/plain; charset=utf-8' });
    });

    it('overwrites a key, and deleting removes it (twice is no error)', async () => {
      await storage.put('docs/x.bin', Buffer.from([1, 2, 3]), 'application/octet-stream');
      await storage.put('docs/x.bin', Buffer.from([4]), 'image/png');
      expect(await storage.get('docs/x.bin')).toEqual({ body: Buffer.from([4]), contentType: 'image/png' });
      await storage.delete('docs/x.bin');
      expect(await storage.get('docs/x.bin')).toBeUndefined();
      expect(existsSync(join(data.path, 'files/fitmate/docs/x.bin'))).toBe(false);
      await expect(storage.delete('docs/x.bin')).resolves.toBeUndefined();
    });

    it('answers undefined for a key never stored', async () => {
      expect(await storage.get('never/stored.png')).toBeUndefined();
    });

    it('refuses a content type that could break a header', async () => {
      for (const type of ['text/html\r\nx-evil: 1', 'image', '', 'a/b c']) {
        await expect(storage.put('docs/y.txt', Buffer.from('x'), type)).rejects.toThrow(/invalid content type/);
      }
    });
  });

  describe('keys never leave the app folder', () => {
    const bad = [
      '../secret.txt',
      '../../secrets.json',
      'a/../../b',
      '/etc/passwd',
      'a\\..\\b',
      'a\0b',
      '.meta/docs/x.json',
      '.tmp/x',
      'a//b',
      'a/',
      '',
      'a b',
      'ê/x',
      'x'.repeat(201),
    ];

    it('refuses them in every operation with a 400 error', async () => {
      for (const key of bad) {
        for (const attempt of [
          () => storage.put(key, Buffer.from('x'), 'text/plain'),
          () => storage.get(key),
          () => storage.delete(key),
          () => storage.signedGetUrl(key, 60),
          () => storage.signedPutUrl(key, { contentType: 'text/plain', contentLength: 1, ttlSec: 60 }),
        ]) {
          const error = await attempt().then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error, JSON.stringify(key)).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(400);
          expect((error as AppError).code).toBe('FILE_KEY_INVALID');
        }
      }
    });

    it('refuses them over HTTP, even under a valid signature, without touching the file system', async () => {
      writeFileSync(join(data.path, 'secret.txt'), 'top secret');
      const expires = nowSec() + 600;
      const paths = [
        ...[
          '../../secret.txt',
          '..%2f..%2fsecret.txt',
          '%2e%2e/%2e%2e/secret.txt',
          '..%5c..%5csecret.txt',
          'a%00b',
          '.meta/docs/2024/note.txt.json',
          '%2fetc%2fpasswd',
        ].map((key) => `/files/${key}?expires=${expires}&signature=${parts(storage.url({ method: 'GET', key: decodeURIComponent(key), expires })).signature}`),
      ];
      for (const path of paths) {
        const res = await rawGet(t.api.baseUrl, path);
        expect(res.status, path).toBe(400);
        // A NUL is refused by the platform's input rule before the key is even looked at.
        expect(res.body).toMatchObject({ success: false, error: { code: path.includes('%00') ? 'VALIDATION_ERROR' : 'FILE_KEY_INVALID' } });
        expect(JSON.stringify(res.body)).not.toContain('top secret');
      }
    });
  });

  describe('signed GET URLs', () => {
    beforeAll(() => storage.put('photos/cat.png', Buffer.from('not really a png'), 'image/png'));

    it("point at the app's public URL and serve the file with its type, caching and safety headers", async () => {
      const url = await storage.signedGetUrl('photos/cat.png', 3600);
      expect(url.startsWith(`${publicUrl}/files/photos/cat.png?expires=`)).toBe(true);
      expect(url).toMatch(/&signature=[A-Za-z0-9_-]{43}$/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('not really a png');
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-length')).toBe('16');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(res.headers.get('content-disposition')).toBeNull();
      const maxAge = Number(/^private, max-age=(\d+)$/.exec(res.headers.get('cache-control') ?? '')?.[1]);
      expect(maxAge).toBe(parts(url).expires - nowSec());
      expect(maxAge).toBeGreaterThanOrEqual(3600 - 2);
      expect(maxAge).toBeLessThanOrEqual(7200);
    });

    it("stay the same within a window, so clients can cache: a day's TTL gives one URL per UTC day", async () => {
      const first = await storage.signedGetUrl('photos/cat.png', DAY);
      const second = await storage.signedGetUrl('photos/cat.png', DAY);
      expect(second).toBe(first);
      const { expires } = parts(first);
      expect(expires % DAY).toBe(0);
      expect(expires - nowSec()).toBeGreaterThan(DAY - 5);
      expect(expires - nowSec()).toBeLessThanOrEqual(2 * DAY);
    });

    it('offer types a browser should not render as downloads', async () => {
      await storage.put('docs/page.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
      const res = await fetch(await storage.signedGetUrl('docs/page.html', 60));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      expect(await res.text()).toBe('<script>alert(1)</script>');
    });

    it('answer HEAD with the headers only', async () => {
      const res = await fetch(await storage.signedGetUrl('photos/cat.png', 60), { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(await res.text()).toBe('');
    });

    it("refuse an expired URL with 403 in the app's envelope", async () => {
      const url = storage.url({ method: 'GET', key: 'photos/cat.png', expires: nowSec() - 1 });
      const res = await t.api.get(url);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, error: { code: 'FILE_URL_EXPIRED', message: '파일 링크가 만료되었습니다. 새 링크를 받아 주세요.' } });
      const en = await t.api.get(url, { headers: { 'accept-language': 'en' } });
      expect(en.body.error.message).toBe('The file link has expired. Get a new one.');
    });

    it('refuse a tampered URL with 403', async () => {
      await storage.put('photos/dog.png', Buffer.from('dog'), 'image/png');
      const url = new URL(await storage.signedGetUrl('photos/cat.png', 3600));
      const { expires, signature } = parts(url.toString());
      const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
      const tampered = [
        `/files/photos/cat.png?expires=${expires + 3600}&signature=${signature}`,
        `/files/photos/dog.png?expires=${expires}&signature=${signature}`,
        `/files/photos/cat.png?expires=${expires}&signature=${flipped}`,
        `/files/photos/cat.png?expires=${expires}`,
        `/files/photos/cat.png?signature=${signature}`,
        `/files/photos/cat.png`,
        `/files/photos/cat.png?expires=${expires}&signature=${signature}x`,
        `/files/photos/cat.png?expires=-1&signature=${signature}`,
        `/files/photos/cat.png?expires=${expires}.0&signature=${signature}`,
      ];
      for (const path of tampered) {
        const res = await t.api.get(path);
        expect(res.status, path).toBe(403);
        expect(res.body.error.code, path).toBe('FILE_SIGNATURE_INVALID');
      }
    });

    it('refuse a URL signed for another app or with another secret', async () => {
      const config = loadConfig({ ...TEST_SECRETS, DATA_DIR: data.path, MINDPAUSE_PUBLIC_URL: publicUrl });
      const mindpause = await createStorage(config, config.apps.mindpause);
      const other = await mindpause.signedGetUrl('photos/cat.png', 3600);
      expect((await t.api.get(other)).status).toBe(403);
      const elsewhere = loadConfig({
        ...TEST_SECRETS,
        APP_SECRET: 'another-app-secret-0123456789abcdefghij',
        DATA_DIR: data.path,
        FITMATE_PUBLIC_URL: publicUrl,
      });
      const forged = await (await createStorage(elsewhere, elsewhere.apps.fitmate)).signedGetUrl('photos/cat.png', 3600);
      expect((await t.api.get(forged)).status).toBe(403);
      // The real one still works.
      expect((await t.api.get(await storage.signedGetUrl('photos/cat.png', 3600))).status).toBe(200);
    });

    it('answer 404 for a deleted file, once the signature is good', async () => {
      await storage.put('photos/gone.png', Buffer.from('x'), 'image/png');
      const url = await storage.signedGetUrl('photos/gone.png', 60);
      await storage.delete('photos/gone.png');
      const res = await t.api.get(url);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('FILE_NOT_FOUND');
    });

    it('refuse lifetimes outside 1 s to 3 days', async () => {
      for (const ttl of [0, -5, 1.5, 3 * DAY + 1]) await expect(storage.signedGetUrl('photos/cat.png', ttl)).rejects.toThrow(/signed GET URL lives/);
    });
  });

  describe('signed PUT URLs (direct uploads)', () => {
    const body = Buffer.from('a small upload');
    const grant = { contentType: 'image/png', contentLength: body.length, ttlSec: 300 };

    it('take exactly the signed type and size, answer the stored file, and the file can be read back', async () => {
      const upload = await storage.signedPutUrl('uploads/one.png', grant);
      expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' } });
      expect(upload.url.startsWith(`${publicUrl}/files/uploads/one.png?expires=`)).toBe(true);
      expect(upload.expiresAt.getTime()).toBeGreaterThan(Date.now() + 290_000);
      const res = await fetch(upload.url, { method: upload.method, headers: upload.headers, body });
      expect(res.status).toBe(201);
      expect((await res.json()) as any).toMatchObject({
        success: true,
        data: { key: 'uploads/one.png', contentType: 'image/png', size: body.length },
        message: '파일이 업로드되었습니다.',
      });
      expect(await storage.get('uploads/one.png')).toEqual({ body, contentType: 'image/png' });
      const read = await fetch(await storage.signedGetUrl('uploads/one.png', 60));
      expect(Buffer.from(await read.arrayBuffer())).toEqual(body);
    });

    it('refuse another content type, size or key, and GET and PUT URLs do not stand in for each other', async () => {
      const upload = await storage.signedPutUrl('uploads/two.png', grant);
      const attempts: Array<[string, RequestInit]> = [
        [upload.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body }],
        [upload.url, { method: 'PUT', headers: { 'content-type': 'image/png; charset=utf-8' }, body }],
        [upload.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: Buffer.concat([body, Buffer.from('!')]) }],
        [upload.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: body.subarray(1) }],
        [upload.url.replace('uploads/two.png', 'uploads/three.png'), { method: 'PUT', headers: { 'content-type': 'image/png' }, body }],
        [await storage.signedGetUrl('uploads/two.png', 300), { method: 'PUT', headers: { 'content-type': 'image/png' }, body }],
        [upload.url, { method: 'GET' }],
      ];
      for (const [url, init] of attempts) {
        const res = await fetch(url, init);
        expect(res.status, `${init.method} ${JSON.stringify(init.headers)}`).toBe(403);
        expect(((await res.json()) as any).error.code).toBe('FILE_SIGNATURE_INVALID');
      }
      expect(await storage.get('uploads/two.png')).toBeUndefined();
      expect(await storage.get('uploads/three.png')).toBeUndefined();
    });

    it('refuse an expired upload URL', async () => {
      const url = storage.url({ method: 'PUT', key: 'uploads/late.png', expires: nowSec() - 1, contentType: 'image/png', contentLength: body.length });
      const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.code).toBe('FILE_URL_EXPIRED');
    });

    it('need a Content-Length (411 for a chunked body)', async () => {
      const upload = await storage.signedPutUrl('uploads/chunked.png', grant);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(body);
          controller.close();
        },
      });
      const res = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: stream, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(411);
      expect(((await res.json()) as any).error.code).toBe('FILE_LENGTH_REQUIRED');
    });

    it('refuse a body over UPLOAD_LIMIT with 413 even when signed for it', async () => {
      const big = Buffer.alloc(1024 * 1024 + 1, 1);
      const upload = await storage.signedPutUrl('uploads/big.bin', { contentType: 'application/octet-stream', contentLength: big.length, ttlSec: 60 });
      const res = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: big });
      expect(res.status).toBe(413);
      expect((await res.json()) as any).toMatchObject({ success: false, error: { code: 'FILE_TOO_LARGE', message: '파일이 너무 큽니다. (최대 1MB)' } });
    });

    it('refuse bad grants', async () => {
      await expect(storage.signedPutUrl('uploads/x', { ...grant, contentType: 'nope' })).rejects.toThrow(/content type/);
      await expect(storage.signedPutUrl('uploads/x', { ...grant, contentLength: -1 })).rejects.toThrow(/content length/);
      await expect(storage.signedPutUrl('uploads/x', { ...grant, ttlSec: 8 * DAY })).rejects.toThrow(/signed PUT URL lives/);
    });
  });

  describe('multipart uploads', () => {
    it('refuse a file over UPLOAD_LIMIT with 413 in the envelope, even where the route allows more', async () => {
      const { accessToken } = (await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: 'fitmate2024', name: '업로드' } })).body.data;
      const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: 'red' } })
        .png()
        .toBuffer();
      const big = Buffer.concat([png, Buffer.alloc(1024 * 1024)]);
      const res = await postForm(t.api.baseUrl, '/api/users/upload-avatar', form(['file', big, 'big.png', 'image/png']), { token: accessToken });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ success: false, error: { code: 'FILE_TOO_LARGE', message: '파일이 너무 큽니다. (최대 1MB)' } });
    });
  });
});

describe('local file storage in MIMO', () => {
  it("answers refusals in MIMO's envelope and keeps its files apart from FitMate's", async () => {
    const data = tempDir();
    const t = await startTestApp('mimo', await localFilesEnv('mimo', data.path));
    try {
      const storage = t.app.storage as LocalStorage;
      await storage.put('recordings/1.mp4', Buffer.from('video'), 'video/mp4');
      expect(existsSync(join(data.path, 'files/mimo/recordings/1.mp4'))).toBe(true);
      const expired = await t.api.get(storage.url({ method: 'GET', key: 'recordings/1.mp4', expires: nowSec() - 60 }));
      expect(expired.status).toBe(403);
      expect(expired.body).toEqual({ ok: false, error: { code: 'E_FILE_URL_EXPIRED', message: '파일 링크가 만료되었습니다. 새 링크를 받아 주세요.' } });
      const missing = await t.api.get(await storage.signedGetUrl('recordings/2.mp4', 60));
      expect(missing.body).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
      const ok = await fetch(await storage.signedGetUrl('recordings/1.mp4', 60));
      expect(ok.headers.get('content-type')).toBe('video/mp4');
      expect(await ok.text()).toBe('video');
      // Closing right after a download does not wait for the keep-alive connection to time out.
      const closing = Date.now();
      await t.close();
      expect(Date.now() - closing).toBeLessThan(5_000);
    } finally {
      await t.close().catch(() => {});
      data.remove();
    }
  });
});

describe('S3 storage, against a local S3 server', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let storage: Storage;
  let other: Storage;

  beforeAll(async () => {
    s3 = await startS3();
    const config = loadConfig({ ...TEST_SECRETS, ...s3.env });
    storage = await createStorage(config, config.apps.fitmate);
    other = await createStorage(config, config.apps.mindpause);
  });
  afterAll(async () => {
    await Promise.all([storage.close(), other.close()]);
    await s3.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is chosen by S3_BUCKET', () => {
    expect(storage.driver).toBe('s3');
  });

  it('puts, gets and deletes, each app under its own prefix of a shared bucket', async () => {
    await storage.put('docs/note.txt', Buffer.from('안녕'), 'text/plain; charset=utf-8');
    expect(await storage.get('docs/note.txt')).toEqual({ body: Buffer.from('안녕'), contentType: 'text/plain; charset=utf-8' });
    // Stored as fitmate/docs/note.txt: plain S3 paths show it.
    const direct = await fetch(`${s3.endpoint}/${s3.bucket}/fitmate/docs/note.txt`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toBe('안녕');
    expect(await other.get('docs/note.txt')).toBeUndefined();
    await other.put('docs/note.txt', Buffer.from('mind'), 'text/plain');
    expect((await storage.get('docs/note.txt'))!.body.toString()).toBe('안녕');
    await storage.delete('docs/note.txt');
    expect(await storage.get('docs/note.txt')).toBeUndefined();
    expect((await other.get('docs/note.txt'))!.body.toString()).toBe('mind');
    await expect(storage.delete('docs/note.txt')).resolves.toBeUndefined();
  });

  it('refuses keys that could leave the app prefix', async () => {
    for (const key of ['../mindpause/docs/note.txt', '/x', 'a\\b', 'a/../b']) {
      await expect(storage.get(key)).rejects.toMatchObject({ status: 400, code: 'FILE_KEY_INVALID' });
      await expect(storage.signedGetUrl(key, 60)).rejects.toMatchObject({ code: 'FILE_KEY_INVALID' });
    }
  });

  it('presigns GET URLs that fetch the file and stay the same within their window', async () => {
    await storage.put('photos/cat.webp', Buffer.from('meow'), 'image/webp');
    const url = await storage.signedGetUrl('photos/cat.webp', DAY);
    expect(url.startsWith(`${s3.endpoint}/${s3.bucket}/fitmate/photos/cat.webp?`)).toBe(true);
    const query = new URL(url).searchParams;
    expect(query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Expires')).toBe(String(2 * DAY));
    expect(query.get('X-Amz-Date')).toMatch(/^\d{8}T000000Z$/);
    expect(await storage.signedGetUrl('photos/cat.webp', DAY)).toBe(url);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('meow');
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe(`private, max-age=${DAY}`);
  });

  it('presigned GET URLs expire', async () => {
    await storage.put('photos/old.webp', Buffer.from('old'), 'image/webp');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 3 * 3600_000 });
    const url = await storage.signedGetUrl('photos/old.webp', 3600);
    vi.useRealTimers();
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('expired');
  });

  it('presigns PUT URLs with the content type and size signed, and the upload lands in the bucket', async () => {
    const body = Buffer.from('direct upload');
    const upload = await storage.signedPutUrl('uploads/direct.png', { contentType: 'image/png', contentLength: body.length, ttlSec: 600 });
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png', 'if-none-match': '*' } });
    const query = new URL(upload.url).searchParams;
    // "Only if there is no such object yet" is signed too: one upload per URL (s3rver does not enforce it; S3 does).
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;if-none-match');
    expect(query.get('X-Amz-Expires')).toBe('600');
    // No checksum of an empty body rides along (it would make S3 refuse every real upload).
    expect(upload.url).not.toMatch(/checksum/i);
    const res = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(await storage.get('uploads/direct.png')).toEqual({ body, contentType: 'image/png' });
  });

  it('an app on S3 has no /files route of its own', async () => {
    const app = await startTestApp('fitmate', s3.env);
    try {
      expect(app.app.storage.driver).toBe('s3');
      const res = await app.api.get('/files/photos/cat.webp?expires=1&signature=x');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await app.close();
    }
  });
});

describe('storage settings', () => {
  it('default to local files under DATA_DIR/files/<app> and a 10 MB upload limit', () => {
    const config = loadConfig({ DATA_DIR: '/srv/madang' });
    expect(config.apps.fitmate.storage).toEqual({ driver: 'local', dir: '/srv/madang/files/fitmate' });
    expect(config.apps.mimo.storage).toEqual({ driver: 'local', dir: '/srv/madang/files/mimo' });
    expect(config.apps.fitmate.uploadLimit).toBe(10 * 1024 * 1024);
    expect(loadConfig({ MIMO_UPLOAD_LIMIT: '512kb' }).apps.mimo.uploadLimit).toBe(512 * 1024);
  });

  it('read S3 settings with their defaults, and let one app override them', () => {
    const config = loadConfig({
      S3_BUCKET: 'madang-files',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      FITMATE_S3_BUCKET: 'fitmate-files',
      MIMO_S3_REGION: 'us-east-1',
    });
    expect(config.apps.fitmate.storage).toEqual({
      driver: 's3',
      bucket: 'fitmate-files',
      region: 'ap-northeast-2',
      endpoint: undefined,
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      forcePathStyle: false,
    });
    expect(config.apps.mindpause.storage).toMatchObject({ driver: 's3', bucket: 'madang-files' });
    expect(config.apps.mimo.storage).toMatchObject({ driver: 's3', bucket: 'madang-files', region: 'us-east-1' });
    // Without keys the SDK's own chain (AWS_* variables, roles) applies.
    expect(loadConfig({ S3_BUCKET: 'madang-files' }).apps.fitmate.storage).toMatchObject({ credentials: undefined });
  });

  it('let only some apps use S3', () => {
    const config = loadConfig({
      DATA_DIR: '/srv/madang',
      FITMATE_S3_BUCKET: 'fitmate-files',
      S3_ENDPOINT: 'https://s3.example.com',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.apps.fitmate.storage).toMatchObject({ driver: 's3', endpoint: 'https://s3.example.com', forcePathStyle: true });
    expect(config.apps.mindpause.storage).toEqual({ driver: 'local', dir: '/srv/madang/files/mindpause' });
  });

  it('name the bad setting', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ S3_BUCKET: 'My_Bucket' }, /^Invalid setting S3_BUCKET: expected an S3 bucket name/],
      [{ S3_BUCKET: 'ab' }, /^Invalid setting S3_BUCKET/],
      [{ FITMATE_S3_BUCKET: '192.168.0.1' }, /^Invalid setting FITMATE_S3_BUCKET/],
      [{ S3_ENDPOINT: 'https://s3.example.com' }, /^Invalid setting S3_BUCKET: is required when S3_ENDPOINT is set/],
      [{ S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' }, /^Invalid setting S3_BUCKET: is required when S3_ACCESS_KEY_ID is set/],
      [
        { MIMO_S3_ENDPOINT: 'https://s3.example.com', FITMATE_S3_BUCKET: 'fitmate-files' },
        /^Invalid setting MIMO_S3_BUCKET: is required when MIMO_S3_ENDPOINT is set/,
      ],
      [{ S3_BUCKET: 'madang-files', S3_ACCESS_KEY_ID: 'key' }, /^Invalid setting S3_SECRET_ACCESS_KEY: is required when S3_ACCESS_KEY_ID is set/],
      [{ S3_BUCKET: 'madang-files', S3_SECRET_ACCESS_KEY: 'secret' }, /^Invalid setting S3_ACCESS_KEY_ID: is required when S3_SECRET_ACCESS_KEY is set/],
      [{ S3_BUCKET: 'madang-files', S3_ENDPOINT: 'ftp://s3.example.com' }, /^Invalid setting S3_ENDPOINT: expected a http: or https: URL/],
      [{ S3_BUCKET: 'madang-files', S3_REGION: 'Seoul 1' }, /^Invalid setting S3_REGION: expected a region/],
      [{ S3_BUCKET: 'madang-files', S3_FORCE_PATH_STYLE: 'sometimes' }, /^Invalid setting S3_FORCE_PATH_STYLE: expected true or false/],
      [{ UPLOAD_LIMIT: 'huge' }, /^Invalid setting UPLOAD_LIMIT: expected a size/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });
});
