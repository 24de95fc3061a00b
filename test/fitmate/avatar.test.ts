import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { form, localFilesEnv, postForm, startS3, tempDir } from '../support/files';

const PASSWORD = 'fitmate2024';
const AVATAR = '/api/users/upload-avatar';

/** A test image: two colours side by side, so crops and rotations show. */
const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#ff0000' } }).composite([
    { input: { create: { width: Math.floor(width / 2), height, channels: 3, background: '#0000ff' } }, left: Math.ceil(width / 2), top: 0 },
  ]);

/** The stored-file key a signed picture URL points at. */
const keyOf = (url: string) => new URL(url).pathname.replace(/^\/files\//, '');

async function fetchImage(url: string) {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, meta: res.ok ? await sharp(body).metadata() : undefined };
}

describe('FitMate POST /api/users/upload-avatar (local files)', () => {
  let t: TestApp;
  let data: ReturnType<typeof tempDir>;
  let publicUrl: string;
  let jpeg: Buffer;
  let png: Buffer;
  let webp: Buffer;

  beforeAll(async () => {
    data = tempDir();
    const env = await localFilesEnv('fitmate', data.path);
    publicUrl = env.FITMATE_PUBLIC_URL!;
    t = await startTestApp('fitmate', env);
    // EXIF orientation 6: stored landscape, shown turned a quarter clockwise (red on top). Also a
    // location-like comment that must not survive.
    jpeg = await picture(800, 400)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { ImageDescription: 'home: 37.5665,126.9780' } })
      .toBuffer();
    png = await picture(300, 700).png().toBuffer();
    webp = await picture(1024, 1024).webp().toBuffer();
  });
  afterAll(async () => {
    await t?.close();
    data?.remove();
  });

  const signUp = async () => (await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: '아바타' } })).body.data;
  const upload = (token: string | undefined, body: FormData, headers?: Record<string, string>) => postForm(t.api.baseUrl, AVATAR, body, { token, headers });

  it("takes a JPEG, a PNG and a WebP, each stored as a 512×512 WebP that the profile's picture URL serves", async () => {
    const { accessToken, user } = await signUp();
    for (const [bytes, name, type] of [
      [jpeg, 'photo.jpg', 'image/jpeg'],
      [png, 'drawing.png', 'image/png'],
      [webp, 'sticker.webp', 'image/webp'],
    ] as const) {
      const res = await upload(accessToken, form(['file', bytes, name, type]));
      expect(res.status, name).toBe(200);
      expect(res.body).toMatchObject({ success: true, message: '프로필 이미지가 변경되었습니다.', data: { id: user.id, email: user.email } });
      const url: string = res.body.data.picture;
      expect(url.startsWith(`${publicUrl}/files/avatars/${user.id}/`)).toBe(true);
      expect(url).toMatch(/\.webp\?expires=\d+&signature=[\w-]{43}$/);
      const image = await fetchImage(url);
      expect(image.res.status).toBe(200);
      expect(image.res.headers.get('content-type')).toBe('image/webp');
      expect(image.meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
      expect(image.meta!.exif).toBeUndefined();
      expect(image.meta!.icc).toBeUndefined();
      expect(image.body.toString('latin1')).not.toContain('37.5665');
      // What is stored is what is served.
      expect((await t.app.storage.get(keyOf(url)))?.body).toEqual(image.body);
    }
  });

  it('turns a photo upright by its EXIF orientation and crops it to fill the square', async () => {
    const { accessToken } = await signUp();
    const res = await upload(accessToken, form(['file', jpeg, 'photo.jpg', 'image/jpeg']));
    const { body } = await fetchImage(res.body.data.picture);
    const { data: pixels, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...pixels.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [topR, , topB] = at(256, 60);
    const [bottomR, , bottomB] = at(256, 450);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(60);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(60);
  });

  it('takes the file in the field "avatar" too', async () => {
    const { accessToken } = await signUp();
    const res = await upload(accessToken, form(['avatar', png, 'me.png', 'image/png']));
    expect(res.status).toBe(200);
    expect((await fetchImage(res.body.data.picture)).meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
  });

  it('goes by the content, not the name or the claimed type: a PNG named .jpg is taken', async () => {
    const { accessToken } = await signUp();
    const res = await upload(accessToken, form(['file', png, 'photo.jpg', 'image/jpeg']));
    expect(res.status).toBe(200);
    expect((await fetchImage(res.body.data.picture)).meta?.format).toBe('webp');
  });

  it('refuses a text file named .png with 415, and the profile keeps its picture', async () => {
    const { accessToken } = await signUp();
    const first = (await upload(accessToken, form(['file', png, 'a.png', 'image/png']))).body.data.picture;
    for (const [bytes, name] of [
      [Buffer.from('just some text, not an image'), 'notes.png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'icon.png'],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'anim.png'],
    ] as const) {
      const res = await upload(accessToken, form(['file', bytes, name, 'image/png']));
      expect(res.status, name).toBe(415);
      expect(res.body).toMatchObject({ success: false, error: { code: 'IMAGE_TYPE_UNSUPPORTED', message: 'JPEG, PNG, WebP 이미지만 올릴 수 있습니다.' } });
    }
    const en = await upload(accessToken, form(['file', Buffer.from('text'), 'notes.png', 'image/png']), { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('Only JPEG, PNG and WebP images can be uploaded.');
    const profile = await t.api.get('/api/users/profile', { token: accessToken });
    expect(profile.body.data.picture).toBe(first);
  });

  it('refuses a damaged image that only starts like one with 400', async () => {
    const { accessToken } = await signUp();
    const res = await upload(accessToken, form(['file', Buffer.concat([png.subarray(0, 40), Buffer.alloc(200)]), 'broken.png', 'image/png']));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IMAGE_UNREADABLE');
  });

  it('refuses a file over 5 MB with 413 in the envelope', async () => {
    const { accessToken } = await signUp();
    const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 + 1 - png.length)]);
    const res = await upload(accessToken, form(['file', big, 'big.png', 'image/png']));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ success: false, error: { code: 'FILE_TOO_LARGE', message: '파일이 너무 큽니다. (최대 5MB)' } });
    // 5 MB itself is taken (a PNG padded after its end).
    const exact = await upload(accessToken, form(['file', Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 - png.length)]), 'exact.png', 'image/png']));
    expect(exact.status).toBe(200);
  });

  it('needs a token (401), before reading anything', async () => {
    const res = await upload(undefined, form(['file', png, 'a.png', 'image/png']));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('asks for a multipart body with exactly one file in "file" or "avatar"', async () => {
    const { accessToken } = await signUp();
    const json = await t.api.post(AVATAR, { token: accessToken, body: { file: 'data:image/png;base64,AAAA' } });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UPLOAD_NOT_MULTIPART');

    const none = new FormData();
    none.append('name', 'no file here');
    const empty = await upload(accessToken, none);
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ field: 'file', message: '업로드할 파일을 첨부해 주세요.' }] });

    const wrongField = await upload(accessToken, form(['image', png, 'a.png', 'image/png']));
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.details).toEqual([{ field: 'file', message: '업로드할 파일을 첨부해 주세요.' }]);

    const nothingChosen = await upload(accessToken, form(['file', Buffer.alloc(0), '', 'application/octet-stream']));
    expect(nothingChosen.status).toBe(400);

    const two = await upload(accessToken, form(['file', png, 'a.png', 'image/png'], ['avatar', webp, 'b.webp', 'image/webp']));
    expect(two.status).toBe(400);
    expect(two.body.error.code).toBe('UPLOAD_ONE_FILE');

    const malformed = await t.api.post(AVATAR, {
      token: accessToken,
      raw: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('UPLOAD_MALFORMED');
  });

  it('replaces the previous upload: a fresh URL, and the old file is deleted', async () => {
    const { accessToken, user } = await signUp();
    const first: string = (await upload(accessToken, form(['file', png, 'a.png', 'image/png']))).body.data.picture;
    const second: string = (await upload(accessToken, form(['file', webp, 'b.webp', 'image/webp']))).body.data.picture;
    expect(keyOf(second)).not.toBe(keyOf(first));
    expect(keyOf(second)).toMatch(new RegExp(`^avatars/${user.id}/[\\w-]+\\.webp$`));
    expect(await t.app.storage.get(keyOf(first))).toBeUndefined();
    const old = await fetch(first);
    expect(old.status).toBe(404);
    expect(((await old.json()) as any).error.code).toBe('FILE_NOT_FOUND');
    expect((await fetchImage(second)).res.status).toBe(200);
  });

  it('deletes the stored picture with the account', async () => {
    const { accessToken } = await signUp();
    const uploaded: string = (await upload(accessToken, form(['file', png, 'a.png', 'image/png']))).body.data.picture;
    expect(await t.app.storage.get(keyOf(uploaded))).toBeDefined();
    expect((await t.api.delete('/api/users/account', { token: accessToken, body: { password: PASSWORD } })).status).toBe(200);
    expect(await t.app.storage.get(keyOf(uploaded))).toBeUndefined();
  });

  it('shows the same picture URL all day, on every profile route', async () => {
    const { accessToken } = await signUp();
    const uploaded: string = (await upload(accessToken, form(['file', png, 'a.png', 'image/png']))).body.data.picture;
    const profile = await t.api.get('/api/users/profile', { token: accessToken });
    const me = await t.api.get('/api/auth/me', { token: accessToken });
    expect(profile.body.data.picture).toBe(uploaded);
    expect(me.body.data.picture).toBe(uploaded);
    const expires = Number(new URL(uploaded).searchParams.get('expires'));
    expect(expires % 86_400).toBe(0);
    expect(expires * 1000 - Date.now()).toBeGreaterThan(86_400_000 - 5_000);
  });

  it('lets an ordinary https picture pass through unchanged, and setting one deletes the uploaded file', async () => {
    const { accessToken } = await signUp();
    const uploaded: string = (await upload(accessToken, form(['file', png, 'a.png', 'image/png']))).body.data.picture;
    const res = await t.api.put('/api/users/profile', { token: accessToken, body: { picture: 'https://cdn.example.com/me.png' } });
    expect(res.body.data.picture).toBe('https://cdn.example.com/me.png');
    expect((await t.api.get('/api/auth/me', { token: accessToken })).body.data.picture).toBe('https://cdn.example.com/me.png');
    expect(await t.app.storage.get(keyOf(uploaded))).toBeUndefined();
    // Clearing it works as before.
    expect((await t.api.put('/api/users/profile', { token: accessToken, body: { picture: null } })).body.data.picture).toBeNull();
  });

  it("keeps users' files apart: each upload lands under its own user", async () => {
    const a = await signUp();
    const b = await signUp();
    const urlA: string = (await upload(a.accessToken, form(['file', png, 'a.png', 'image/png']))).body.data.picture;
    const urlB: string = (await upload(b.accessToken, form(['file', webp, 'b.webp', 'image/webp']))).body.data.picture;
    expect(keyOf(urlA).startsWith(`avatars/${a.user.id}/`)).toBe(true);
    expect(keyOf(urlB).startsWith(`avatars/${b.user.id}/`)).toBe(true);
    expect((await t.api.get('/api/users/profile', { token: a.accessToken })).body.data.picture).toBe(urlA);
  });
});

describe('FitMate avatars on S3', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let t: TestApp;

  beforeAll(async () => {
    s3 = await startS3();
    t = await startTestApp('fitmate', s3.env);
  });
  afterAll(async () => {
    await t.close();
    await s3.close();
  });

  it("stores the WebP in the bucket under the app's prefix, shows a presigned URL, and deletes the old one", async () => {
    const { accessToken, user } = (await t.api.post('/api/auth/register', { body: { email: uniqueEmail(), password: PASSWORD, name: '에스삼' } })).body.data;
    const png = await picture(600, 300).png().toBuffer();
    const first = await postForm(t.api.baseUrl, AVATAR, form(['file', png, 'a.png', 'image/png']), { token: accessToken });
    expect(first.status).toBe(200);
    const url: string = first.body.data.picture;
    expect(url.startsWith(`${s3.endpoint}/${s3.bucket}/fitmate/avatars/${user.id}/`)).toBe(true);
    expect(new URL(url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const image = await fetchImage(url);
    expect(image.res.status).toBe(200);
    expect(image.meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect((await t.api.get('/api/users/profile', { token: accessToken })).body.data.picture).toBe(url);

    const second = await postForm(t.api.baseUrl, AVATAR, form(['file', png, 'b.png', 'image/png']), { token: accessToken });
    const oldKey = new URL(url).pathname.replace(`/${s3.bucket}/fitmate/`, '');
    expect(await t.app.storage.get(oldKey)).toBeUndefined();
    expect((await fetchImage(second.body.data.picture)).res.status).toBe(200);
  });
});
