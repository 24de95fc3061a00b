import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { form, localFilesEnv, postForm, tempDir } from '../support/files';
import { account } from '../support/mindpause';

const PROFILE = '/api/v1/files/upload/profile';
const ATTACHMENT = '/api/v1/files/upload/attachment';
const keyOf = (url: string) => new URL(url).pathname.replace(/^\/files\//, '');

describe('MindPause file uploads', () => {
  let t: TestApp;
  let data: ReturnType<typeof tempDir>;
  let png: Buffer;
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

  beforeAll(async () => {
    data = tempDir();
    t = await startTestApp('mindpause', { ...(await localFilesEnv('mindpause', data.path)), RATE_LIMIT_FILE_UPLOAD: '3/hour' });
    png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3366ff' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await t?.close();
    data?.remove();
  });

  const upload = (path: string, token: string | undefined, body: FormData) => postForm(t.api.baseUrl, path, body, { token });

  it('makes the profile image a 512×512 WebP shown by a signed URL, and deletes the one before', async () => {
    const me = await account(t);
    const first = await upload(PROFILE, me.token, form(['file', png, 'me.png', 'image/png']));
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ mimeType: 'image/webp', purpose: 'profile', originalName: 'me.png' });
    const image = await fetch(first.body.data.url);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({ width: 512, height: 512, format: 'webp' });
    const profile = await t.api.get('/api/v1/users/me', { token: me.token });
    expect(keyOf(profile.body.data.profileImageUrl)).toBe(keyOf(first.body.data.url));

    const second = await upload(PROFILE, me.token, form(['file', png, '../../etc/passwd\u202e.png', 'image/png']));
    expect(second.body.data.originalName).toBe('passwd_.png');
    expect((await fetch(first.body.data.url)).status).toBe(404);
    expect((await fetch(second.body.data.url)).status).toBe(200);
  });

  it('takes images (re-encoded) and PDFs as attachments, told by content, and refuses anything else', async () => {
    const me = await account(t);
    const image = await upload(ATTACHMENT, me.token, form(['file', png, 'photo.png', 'image/png']));
    expect(image.status).toBe(201);
    expect(image.body.data).toMatchObject({ mimeType: 'image/webp', purpose: 'attachment' });
    const doc = await upload(ATTACHMENT, me.token, form(['file', pdf, '보고서.pdf', 'application/pdf']));
    expect(doc.body.data).toMatchObject({ mimeType: 'application/pdf', size: pdf.length, originalName: '보고서.pdf' });
    const served = await fetch(doc.body.data.url);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);
    // A script named and typed as an image is still a script: refused.
    const fake = await upload(ATTACHMENT, me.token, form(['file', Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png']));
    expect(fake.status).toBe(415);
    expect(fake.body.success).toBe(false);
  });

  it('refuses a PDF as a profile image, a missing file, no token, and more than 10 MB', async () => {
    const other = await startTestApp('mindpause', { RATE_LIMIT_FILE_UPLOAD: '100/hour' });
    try {
      const me = await account(other);
      const send = (path: string, body: FormData, token: string | null = me.token) => postForm(other.api.baseUrl, path, body, { token: token ?? undefined });
      expect((await send(PROFILE, form(['file', pdf, 'a.pdf']))).status).toBe(415);
      expect((await send(ATTACHMENT, form(['other', pdf, 'a.pdf']))).status).toBe(400);
      expect((await send(ATTACHMENT, form(['file', pdf, 'a.pdf']), null)).status).toBe(401);
      const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024 + 1)]);
      const res = await send(ATTACHMENT, form(['file', big, 'big.pdf']));
      expect(res.status).toBe(413);
      expect(res.body.success).toBe(false);
      const json = await other.api.post(ATTACHMENT, { token: me.token, body: { file: 'x' } });
      expect(json.status).toBe(415);
    } finally {
      await other.close();
    }
  });

  it('limits uploads per user (RATE_LIMIT_FILE_UPLOAD)', async () => {
    const [me, you] = await Promise.all([account(t), account(t)]);
    for (let i = 0; i < 3; i++) expect((await upload(ATTACHMENT, me.token, form(['file', pdf, 'a.pdf']))).status).toBe(201);
    const limited = await upload(ATTACHMENT, me.token, form(['file', pdf, 'a.pdf']));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload(ATTACHMENT, you.token, form(['file', pdf, 'a.pdf']))).status).toBe(201);
  });
});
