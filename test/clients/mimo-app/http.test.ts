import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameras } from '../../../src/apps/mimo/cameras/tables';
import { userSettings } from '../../../src/apps/mimo/settings/tables';
import { type TestApp, startTestApp, uniqueEmail } from '../../support/app';
import { APP_PASSWORD, type AppHttp, type Person, appCameraId, appHttp, appUser } from '../../support/mimo-app';
import { CLIENTS, type FakeOAuthProvider, startFakeOAuthProvider } from '../../support/oauth-provider';
import { codeIn, startSmtpServer } from '../../support/smtp';

/** The payload of a JWT as the app reads it (base64url; the app's own atob is the app's problem). */
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number };

// Every HTTP interaction of ../shared/clients/mimo-app.md §2 (H01–H31), in the app's exact shapes:
// its transports' headers, its bodies and the fields it reads back.
describe('the MIMO app’s HTTP interactions', () => {
  let t: TestApp;
  let http: AppHttp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let google: FakeOAuthProvider;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    google = await startFakeOAuthProvider();
    google.install();
    t = await startTestApp('mimo', { ...smtp.env, GOOGLE_CLIENT_ID: CLIENTS.google.id });
    http = appHttp(t);
  });
  afterAll(async () => {
    await t.close();
    await google.close();
    await smtp.close();
  });

  /** A camera of `owner` made as the app makes it, with a PIN; optionally paired to `viewer`. */
  const appCamera = async (owner: Person, viewer?: Person) => {
    const cameraId = appCameraId(owner);
    const pin = await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } });
    if (viewer) await http.axios('POST', `/cameras/connect/pin/${pin.body.data.pinCode}`, { token: viewer.accessToken });
    const [row] = await t.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, cameraId));
    return { cameraId, row: row!, pin: pin.body.data.pinCode as string };
  };

  describe('sign-up, sign-in, tokens (H01, H02, H23, H26–H30)', () => {
    it('H01 POST /auth/signup with the flat agreements; either consent shape, not both, terms and privacy required', async () => {
      const email = uniqueEmail('h01');
      const res = await http.axios('POST', '/auth/signup', {
        body: {
          email,
          password: APP_PASSWORD,
          name: '이가족',
          nickname: '가족',
          agreeTerms: true,
          agreePrivacy: true,
          agreeMicrophone: false,
          agreeLocation: true,
          agreeMarketing: true,
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { email, name: '이가족', emailVerified: false },
      });
      expect(res.body.data.user.agreements).toMatchObject({ terms: true, privacy: true, microphone: false, location: true, marketing: true });
      const base = { password: APP_PASSWORD, name: 'x', nickname: 'x' };
      const refused = [
        { ...base, email: uniqueEmail(), agreeTerms: true, agreePrivacy: false },
        { ...base, email: uniqueEmail(), agreeTerms: true },
        { ...base, email: uniqueEmail() },
        { ...base, email: uniqueEmail(), agreeTerms: true, agreePrivacy: true, agreements: { terms: true, privacy: true } },
        { ...base, email: uniqueEmail(), agreeTerms: 'yes', agreePrivacy: true },
        { ...base, email: uniqueEmail(), agreeTerms: true, agreePrivacy: true, isAdmin: true },
      ];
      for (const body of refused) {
        const bad = await http.axios('POST', '/auth/signup', { body });
        expect(bad.status, JSON.stringify(body)).toBe(400);
        expect(bad.body.error.code).toBe('E_VALIDATION');
      }
      // The document's shape on the app's path, and the app's on the document's.
      expect((await http.axios('POST', '/auth/signup', { body: { ...base, email: uniqueEmail(), agreements: { terms: true, privacy: true } } })).status).toBe(
        201,
      );
      expect((await http.axios('POST', '/auth/register', { body: { ...base, email: uniqueEmail(), agreeTerms: true, agreePrivacy: true } })).status).toBe(201);
    });

    it('H02 POST /auth/login', async () => {
      const me = await appUser(http);
      const res = await http.axios('POST', '/auth/login', { body: { email: me.email, password: APP_PASSWORD } });
      expect(res.body).toMatchObject({ ok: true, data: { accessToken: expect.any(String), refreshToken: expect.any(String) } });
      expect((await http.axios('POST', '/auth/login', { body: { email: me.email, password: 'Wrong!2024x' } })).status).toBe(401);
    });

    it('H26 POST /auth/refresh {refreshToken}, without Authorization: a new pair whose access token is a live 3-part JWT', async () => {
      const me = await appUser(http);
      const res = await http.fetchHelper('POST', '/auth/refresh', { body: { refreshToken: me.refreshToken } });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
      const { accessToken, refreshToken } = res.body.data;
      expect(accessToken.split('.')).toHaveLength(3);
      expect(claimsOf(accessToken).exp * 1000).toBeGreaterThan(Date.now());
      expect(refreshToken).not.toBe(me.refreshToken);
      expect((await http.axios('GET', '/profile', { token: accessToken })).status).toBe(200);
    });

    it('H27 POST /auth/logout by axios: no body, no Content-Type; the session ends', async () => {
      const me = await appUser(http);
      const res = await http.axios('POST', '/auth/logout', { token: me.accessToken });
      expect(res.status).toBe(200);
      expect((await http.axios('GET', '/profile', { token: me.accessToken })).status).toBe(401);
    });

    it('H28 POST /auth/logout by fetch: Content-Type JSON with an empty body', async () => {
      const me = await appUser(http);
      const res = await http.fetchHelper('POST', '/auth/logout', { token: me.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
      expect((await http.axios('GET', '/profile', { token: me.accessToken })).status).toBe(401);
    });

    it('H29 POST /auth/change-password {currentPassword, newPassword}', async () => {
      const me = await appUser(http);
      const wrong = await http.axios('POST', '/auth/change-password', {
        token: me.accessToken,
        body: { currentPassword: 'Nope!2024xx', newPassword: 'Newhome!2025' },
      });
      expect(wrong.status).toBe(401);
      const res = await http.axios('POST', '/auth/change-password', {
        token: me.accessToken,
        body: { currentPassword: APP_PASSWORD, newPassword: 'Newhome!2025' },
      });
      expect(res.status).toBe(200);
      expect((await http.axios('POST', '/auth/login', { body: { email: me.email, password: 'Newhome!2025' } })).status).toBe(200);
      expect((await http.axios('POST', '/auth/login', { body: { email: me.email, password: APP_PASSWORD } })).status).toBe(401);
    });

    it('H30 POST /auth/delete-account {password}', async () => {
      const me = await appUser(http);
      expect((await http.axios('POST', '/auth/delete-account', { token: me.accessToken, body: { password: 'Nope!2024xx' } })).status).toBe(401);
      const res = await http.axios('POST', '/auth/delete-account', { token: me.accessToken, body: { password: APP_PASSWORD } });
      expect(res.status).toBe(200);
      expect((await http.axios('POST', '/auth/login', { body: { email: me.email, password: APP_PASSWORD } })).status).toBe(401);
    });

    it('H23 POST /auth/google {token}: the app’s field for the ID token; one of idToken or token', async () => {
      const email = uniqueEmail('h23');
      const token = await google.signIdToken({ sub: 'g-h23', email, email_verified: true, name: '구글 가족' });
      const res = await http.axios('POST', '/auth/google', { body: { token } });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { email, googleLinked: true } });
      expect((await http.axios('POST', '/auth/google', { body: { idToken: token } })).body.data.user.id).toBe(res.body.data.user.id);
      expect((await http.axios('POST', '/auth/google', { body: { token, idToken: token } })).status).toBe(400);
      expect((await http.axios('POST', '/auth/google', { body: {} })).status).toBe(400);
    });

    it('H21 POST /auth/forgot-password {email} sends a reset code; H22’s {token, password} is declined with a clear 400', async () => {
      const me = await appUser(http);
      const res = await http.axios('POST', '/auth/forgot-password', { body: { email: me.email } });
      expect(res.status).toBe(200);
      const code = codeIn(await smtp.next(me.email));
      expect(code).toMatch(/^\d{6}$/);
      // The app's shape carries no email: a six-digit code alone cannot safely name an account.
      const appShape = await http.axios('POST', '/auth/reset-password', { body: { token: code, password: 'Reset!2025x' } });
      expect(appShape.status).toBe(400);
      expect(appShape.body.error.code).toBe('E_VALIDATION');
      const documented = await http.axios('POST', '/auth/reset-password', { body: { email: me.email, code, newPassword: 'Reset!2025x' } });
      expect(documented.status).toBe(200);
      expect((await http.axios('POST', '/auth/login', { body: { email: me.email, password: 'Reset!2025x' } })).status).toBe(200);
    });
  });

  describe('profile (H03, H17–H20, H24)', () => {
    it('H03 GET /profile: data is the user', async () => {
      const me = await appUser(http, '최프로');
      const res = await http.axios('GET', '/profile', { token: me.accessToken });
      expect(res.body.data).toMatchObject({
        id: me.id,
        email: me.email,
        name: '최프로',
        nickname: '최프로',
        bio: null,
        birth: null,
        picture: null,
        emailVerified: false,
      });
      expect(res.body.data.user.id).toBe(me.id);
      expect((await http.axios('GET', '/profile')).status).toBe(401);
    });

    it('H24 GET /auth/me by fetch', async () => {
      const me = await appUser(http);
      const res = await http.fetchHelper('GET', '/auth/me', { token: me.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ id: me.id, email: me.email });
    });

    it('H17 PUT /profile with any of name, nickname, bio, birth, picture and the account’s own email', async () => {
      const me = await appUser(http);
      const body = {
        name: '새이름',
        nickname: '새별명',
        bio: '거실을 지켜요',
        birth: '1990-05-05',
        picture: 'https://cdn.example/me.png',
        email: me.email.toUpperCase(),
      };
      const res = await http.axios('PUT', '/profile', { token: me.accessToken, body });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        id: me.id,
        name: '새이름',
        nickname: '새별명',
        bio: '거실을 지켜요',
        birth: '1990-05-05',
        picture: 'https://cdn.example/me.png',
        email: me.email,
      });
      const other = await http.axios('PUT', '/profile', { token: me.accessToken, body: { email: uniqueEmail() } });
      expect(other.status).toBe(400);
      expect(other.body.error.details).toEqual([{ field: 'email', message: '계정의 이메일 주소가 아닙니다. 이메일 변경은 지원하지 않습니다.' }]);
      expect((await http.axios('PUT', '/profile', { token: me.accessToken, body: { emailVerified: true } })).status).toBe(400);
    });

    it('H18–H20 email verification as the app sends and reads it', async () => {
      const me = await appUser(http);
      const status = await http.axios('GET', '/profile/email-verification-status', { token: me.accessToken });
      expect(status.body.data).toMatchObject({ isVerified: false, email: me.email, canResend: true, nextResendTime: null });
      expect((await http.axios('POST', '/profile/email-verification', { token: me.accessToken, body: { email: uniqueEmail() } })).status).toBe(400);
      const sent = await http.axios('POST', '/profile/email-verification', { token: me.accessToken, body: { email: me.email } });
      expect(sent.status).toBe(200);
      const code = codeIn(await smtp.next(me.email));
      const waiting = await http.axios('GET', '/profile/email-verification-status', { token: me.accessToken });
      expect(waiting.body.data).toMatchObject({ isVerified: false, canResend: false });
      expect(new Date(waiting.body.data.nextResendTime).getTime()).toBeGreaterThan(Date.now());
      const verified = await http.axios('POST', '/profile/verify-email', { token: me.accessToken, body: { email: me.email, verificationCode: code } });
      expect(verified.status).toBe(200);
      expect(verified.body.data).toMatchObject({ isVerified: true, email: me.email, canResend: false });
      expect((await http.axios('GET', '/profile', { token: me.accessToken })).body.data.emailVerified).toBe(true);
    });
  });

  describe('health (H04)', () => {
    it('H04 GET /api/health by a bare fetch', async () => {
      const res = await http.plain(`${t.api.baseUrl}/api/health`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, data: { status: 'ok' } });
    });
  });

  describe('cameras and pairing (H05–H08, H25, H31)', () => {
    it('H05 POST /cameras/generate-pin {cameraId}: the app’s own id registers the camera; someone else’s is not found', async () => {
      const me = await appUser(http, '한카메라');
      const res = await http.fetchHelper('POST', '/cameras/generate-pin', { token: me.accessToken, body: { cameraId: appCameraId(me) } });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ pinCode: expect.stringMatching(/^\d{6}$/), deviceId: appCameraId(me) });
      expect(res.body.data.pinCode).toBe(res.body.data.pin);
      const [row] = await t.stores.database.db
        .select()
        .from(cameras)
        .where(eq(cameras.deviceId, appCameraId(me)));
      expect(row).toMatchObject({ userId: me.id, name: '한카메라의 홈캠' });
      // The app's PIN screen counts ten minutes.
      expect(new Date(res.body.data.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
      // The test screens' ids work too.
      expect((await http.fetchHelper('POST', '/cameras/generate-pin', { token: me.accessToken, body: { cameraId: 'test_camera_001' } })).status).toBe(201);

      const stranger = await appUser(http);
      for (const cameraId of [appCameraId(me), 'test_camera_001']) {
        const taken = await http.fetchHelper('POST', '/cameras/generate-pin', { token: stranger.accessToken, body: { cameraId } });
        expect(taken.status).toBe(404);
        expect(taken.body.error.code).toBe('E_CAMERA_NOT_FOUND');
      }
      // Nobody can take a user's app camera id before that user does.
      const squatter = await http.fetchHelper('POST', '/cameras/generate-pin', {
        token: stranger.accessToken,
        body: { cameraId: 'MIMO_USER_99999999_MAIN_CAM' },
      });
      expect(squatter.status).toBe(404);
      const direct = await http.axios('POST', '/cameras', { token: stranger.accessToken, body: { name: 'x', deviceId: `MIMO_USER_${me.id}_OTHER` } });
      expect(direct.status).toBe(400);
      expect(await t.stores.database.db.select().from(cameras).where(eq(cameras.userId, stranger.id))).toEqual([]);
      for (const cameraId of ['', 'has spaces', 'x'.repeat(256)]) {
        expect((await http.fetchHelper('POST', '/cameras/generate-pin', { token: me.accessToken, body: { cameraId } })).status).toBe(400);
      }
      expect((await http.fetchHelper('POST', '/cameras/generate-pin', { body: { cameraId: appCameraId(me) } })).status).toBe(401);
    });

    it('H06 GET /cameras: data.cameras with every field the dashboard requires; H07 POST /cameras/connect/pin/{pin}; H08 the camera listed after pairing', async () => {
      const owner = await appUser(http, '오집주인');
      const viewer = await appUser(http, '오가족');
      const { cameraId, pin, row } = await appCamera(owner);
      const before = await http.axios('GET', '/cameras', { token: owner.accessToken });
      expect(before.body.data).toMatchObject({ total: 1, owned: 1, shared: 0 });
      expect(before.body.data.cameras).toEqual([
        {
          id: row.id,
          name: '오집주인의 홈캠',
          device_id: cameraId,
          location: null,
          status: 'offline',
          last_seen: null,
          last_heartbeat: null,
          access_type: 'owner',
          permission_level: 'admin',
          owner_id: owner.id,
          created_at: expect.any(String),
          updated_at: expect.any(String),
          granted_at: null,
          expires_at: null,
        },
      ]);
      // The documented page is there too.
      expect(before.body.data.items[0]).toMatchObject({ id: row.id, deviceId: cameraId, role: 'owner' });

      const paired = await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: viewer.accessToken });
      expect(paired.status).toBe(200);
      expect(paired.body.data).toMatchObject({ cameraId, cameraName: '오집주인의 홈캠', role: 'viewer', alreadyConnected: false });
      const after = await http.axios('GET', '/cameras', { token: viewer.accessToken });
      expect(after.body.data.cameras).toEqual([
        expect.objectContaining({
          id: row.id,
          device_id: cameraId,
          access_type: 'shared',
          permission_level: 'viewer',
          owner_id: owner.id,
          granted_at: expect.any(String),
        }),
      ]);
      expect(after.body.data).toMatchObject({ total: 1, owned: 0, shared: 1 });
      // Spent: the same PIN again, a wrong one, or not a PIN.
      expect((await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: (await appUser(http)).accessToken })).body.error.code).toBe(
        'E_PAIRING_CODE_USED',
      );
      const wrong = pin === '000000' ? '111111' : '000000';
      expect((await http.axios('POST', `/cameras/connect/pin/${wrong}`, { token: viewer.accessToken })).body.error.code).toBe('E_INVALID_PAIRING_CODE');
      expect((await http.axios('POST', '/cameras/connect/pin/12ab56', { token: viewer.accessToken })).status).toBe(400);
      // The owner's second phone of the same account: told it is theirs, the code kept.
      const fresh = await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } });
      const own = await http.axios('POST', `/cameras/connect/pin/${fresh.body.data.pinCode}`, { token: owner.accessToken });
      expect(own.status).toBe(200);
      expect(own.body.data).toMatchObject({ cameraId, role: 'owner', alreadyConnected: true });
      // The document's establish still says 409 to the owner.
      expect((await t.api.post('/api/connection/establish', { token: owner.accessToken, body: { pin: fresh.body.data.pinCode } })).status).toBe(409);
    });

    it('H25 POST /cameras/register {name, deviceId, location} by fetch', async () => {
      const me = await appUser(http);
      const res = await http.fetchHelper('POST', '/cameras/register', {
        token: me.accessToken,
        body: { name: 'Test Camera', deviceId: 'TEST_DEVICE_001', location: 'Test Location' },
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        camera: { name: 'Test Camera', deviceId: 'TEST_DEVICE_001', location: 'Test Location', role: 'owner' },
        deviceCredential: expect.stringMatching(/^mc_\d+_/),
      });
      expect(
        (await http.fetchHelper('POST', '/cameras/register', { token: (await appUser(http)).accessToken, body: { name: 'x', deviceId: 'TEST_DEVICE_001' } }))
          .status,
      ).toBe(409);
    });

    it('H31 DELETE /cameras/{id}: data.deletedCamera; a viewer is refused', async () => {
      const owner = await appUser(http);
      const viewer = await appUser(http);
      const { row } = await appCamera(owner, viewer);
      expect((await http.axios('DELETE', `/cameras/${row.id}`, { token: viewer.accessToken })).status).toBe(403);
      const res = await http.axios('DELETE', `/cameras/${row.id}`, { token: owner.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.data.deletedCamera).toMatchObject({ id: row.id, name: row.name, deviceId: row.deviceId });
      expect((await http.axios('GET', '/cameras', { token: viewer.accessToken })).body.data.cameras).toEqual([]);
    });
  });

  describe('settings (H09–H16)', () => {
    it('H09 GET /settings/core and H10 GET /settings/custom: the defaults in the app’s model', async () => {
      const me = await appUser(http);
      const core = await http.axios('GET', '/settings/core', { token: me.accessToken });
      expect(core.body.data.coreSettings).toEqual({
        user_id: me.id,
        notification_enabled: true,
        motion_sensitivity: 'medium',
        auto_recording: false,
        recording_quality: '1080p',
        storage_days: 30,
        dark_mode: false,
        language: 'ko',
        timezone: 'Asia/Seoul',
        updated_at: null,
      });
      expect((await http.axios('GET', '/settings/custom', { token: me.accessToken })).body.data.customSettings).toEqual({});
    });

    it('H11 PUT /settings/core {recording_quality, auto_recording, notification_enabled}, then H12 PUT /settings/custom/{key} {value, dataType}', async () => {
      const me = await appUser(http);
      const core = await http.axios('PUT', '/settings/core', {
        token: me.accessToken,
        body: { recording_quality: '720p', auto_recording: true, notification_enabled: false },
      });
      expect(core.status).toBe(200);
      expect(core.body.data.coreSettings).toMatchObject({
        recording_quality: '720p',
        auto_recording: true,
        notification_enabled: false,
        motion_sensitivity: 'medium',
      });
      for (const key of ['night_vision', 'sound_detection']) {
        const custom = await http.axios('PUT', `/settings/custom/${key}`, { token: me.accessToken, body: { value: true, dataType: 'boolean' } });
        expect(custom.status).toBe(200);
        expect(custom.body.data.customSetting).toEqual({ key, value: true, dataType: 'boolean' });
      }
      expect((await http.axios('GET', '/settings/custom', { token: me.accessToken })).body.data.customSettings).toEqual({
        night_vision: true,
        sound_detection: true,
      });
      // The same settings through the documented model.
      const documented = (await t.api.get('/api/settings', { token: me.accessToken })).body.data;
      expect(documented).toMatchObject({
        recordingQuality: 'low',
        autoRecording: true,
        notificationEnabled: false,
        extra: { night_vision: true, sound_detection: true },
      });
      // A value that is not its dataType, a core name or a route name as a custom key, or no value.
      for (const [key, body] of [
        ['night_vision', { value: 'on', dataType: 'boolean' }],
        ['night_vision', { value: { nested: true } }],
        ['dark_mode', { value: true }],
        ['core', { value: true }],
        ['night_vision', { dataType: 'boolean' }],
        ['night_vision', { value: true, dataType: 'boolean', extra: 1 }],
      ] as const) {
        expect((await http.axios('PUT', `/settings/custom/${key}`, { token: me.accessToken, body })).status, `${key} ${JSON.stringify(body)}`).toBe(400);
      }
    });

    it('H13 PUT /settings/core one field at a time, each in the app’s words', async () => {
      const me = await appUser(http);
      const put = (body: object) => http.axios('PUT', '/settings/core', { token: me.accessToken, body });
      expect((await put({ dark_mode: true })).body.data.coreSettings.dark_mode).toBe(true);
      expect((await put({ notification_enabled: false })).body.data.coreSettings.notification_enabled).toBe(false);
      expect((await put({ language: 'en' })).body.data.coreSettings.language).toBe('en');
      expect((await put({ recording_quality: '4K' })).body.data.coreSettings.recording_quality).toBe('4K');
      for (const level of ['low', 'high', 'medium'] as const)
        expect((await put({ motion_sensitivity: level })).body.data.coreSettings.motion_sensitivity).toBe(level);
      expect((await put({ storage_days: 365 })).body.data.coreSettings.storage_days).toBe(365);
      expect((await put({ timezone: 'Europe/London' })).body.data.coreSettings.timezone).toBe('Europe/London');
      const [row] = await t.stores.database.db.select().from(userSettings).where(eq(userSettings.userId, me.id));
      expect(row).toMatchObject({
        darkMode: true,
        notificationEnabled: false,
        language: 'en',
        recordingQuality: 'high',
        motionSensitivity: 50,
        storageDays: 365,
        timezone: 'Europe/London',
      });
      for (const body of [
        { storage_days: 0 },
        { storage_days: 366 },
        { recording_quality: '480p' },
        { motion_sensitivity: 70 },
        { language: 'Korean language' },
        { timezone: 'Mars/Base' },
        {},
        { theme: 'dark' },
      ]) {
        expect((await put(body)).status, JSON.stringify(body)).toBe(400);
      }
    });

    it('H14 GET /settings: data.settings {core, custom, combined} beside the documented fields', async () => {
      const me = await appUser(http);
      await http.axios('PUT', '/settings/custom/motion_detection_enabled', { token: me.accessToken, body: { value: true, dataType: 'boolean' } });
      const res = await http.axios('GET', '/settings', { token: me.accessToken });
      expect(res.body.data).toMatchObject({ notificationEnabled: true, motionSensitivity: 50 });
      expect(res.body.data.settings).toEqual({
        core: expect.objectContaining({ motion_sensitivity: 'medium', recording_quality: '1080p' }),
        custom: { motion_detection_enabled: true },
        combined: expect.objectContaining({ motion_sensitivity: 'medium', motion_detection_enabled: true }),
      });
    });

    it('H15 DELETE /settings/custom/{key} and H16 POST /settings/reset {resetType}', async () => {
      const me = await appUser(http);
      const token = me.accessToken;
      await http.axios('PUT', '/settings/custom/night_vision', { token, body: { value: true, dataType: 'boolean' } });
      await http.axios('PUT', '/settings/custom/sound_detection', { token, body: { value: false, dataType: 'boolean' } });
      expect((await http.axios('DELETE', '/settings/custom/night_vision', { token })).status).toBe(200);
      expect((await http.axios('GET', '/settings/custom', { token })).body.data.customSettings).toEqual({ sound_detection: false });
      expect((await http.axios('DELETE', '/settings/custom/night_vision', { token })).status).toBe(404);

      await http.axios('PUT', '/settings/core', { token, body: { dark_mode: true, storage_days: 7 } });
      await t.api.put('/api/settings', { token, body: { emailNotification: false } });
      expect((await http.axios('POST', '/settings/reset', { token, body: { resetType: 'core' } })).status).toBe(200);
      let now = (await t.api.get('/api/settings', { token })).body.data;
      expect(now).toMatchObject({ darkMode: false, storageDays: 30, emailNotification: false, extra: { sound_detection: false } });
      expect((await http.axios('POST', '/settings/reset', { token, body: { resetType: 'custom' } })).status).toBe(200);
      now = (await t.api.get('/api/settings', { token })).body.data;
      expect(now).toMatchObject({ emailNotification: false, extra: {} });
      expect((await http.axios('POST', '/settings/reset', { token, body: { resetType: 'all' } })).status).toBe(200);
      expect((await t.api.get('/api/settings', { token })).body.data).toMatchObject({ emailNotification: true, updatedAt: null });
      expect((await http.axios('POST', '/settings/reset', { token, body: { resetType: 'everything' } })).status).toBe(400);
      // No body at all, as the document's reset is called.
      expect((await http.axios('POST', '/settings/reset', { token })).status).toBe(200);
    });
  });
});
