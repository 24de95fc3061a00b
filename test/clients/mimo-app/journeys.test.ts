import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cameras } from '../../../src/apps/mimo/cameras/tables';
import { termsAgreements } from '../../../src/apps/mimo/schema';
import { type TestApp, startTestApp, uniqueEmail } from '../../support/app';
import { APP_PASSWORD, type AppHttp, AppSocket, appCameraId, appHttp, appUser, candidate, sdpOf, signallingUrl } from '../../support/mimo-app';

// The three core journeys of the MIMO app, request by request and frame by frame as the app
// performs them (../shared/clients/mimo-app.md §1), over real HTTP and the plain WebSocket.
describe('the MIMO app’s three journeys', () => {
  let t: TestApp;
  let http: AppHttp;
  const sockets: AppSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp('mimo');
    http = appHttp(t);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  /** signalingService.connect(): GET /api/health (result ignored), then the socket; client_id first. */
  const connect = async (token: string) => {
    await http.plain(`${t.api.baseUrl}/api/health`);
    const socket = await AppSocket.open(signallingUrl(t, token));
    sockets.push(socket);
    expect(await socket.next('client_id')).toEqual({ clientId: expect.stringMatching(/^ws_[\w-]+$/) });
    return socket;
  };

  it('(a) signs up with the flat agreements, logs in and shows the profile', async () => {
    const email = uniqueEmail('journey-a');
    const signup = await http.axios('POST', '/auth/signup', {
      body: {
        email,
        password: APP_PASSWORD,
        name: '김지킴',
        nickname: '지킴이',
        agreeTerms: true,
        agreePrivacy: true,
        agreeMicrophone: true,
        agreeLocation: true,
        agreeMarketing: false,
      },
    });
    expect(signup.status).toBe(201);
    expect(signup.body.ok).toBe(true);
    const { accessToken, refreshToken, user } = signup.body.data;
    expect(accessToken.split('.')).toHaveLength(3);
    expect(refreshToken).toEqual(expect.any(String));
    expect(user).toMatchObject({ id: expect.any(Number), name: '김지킴', email, emailVerified: false });
    const [consent] = await t.stores.database.db.select().from(termsAgreements).where(eq(termsAgreements.userId, user.id));
    expect(consent).toMatchObject({ agreeTerms: true, agreePrivacy: true, agreeMicrophone: true, agreeLocation: true, agreeMarketing: false });

    const login = await http.axios('POST', '/auth/login', { body: { email, password: APP_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ ok: true, data: { accessToken: expect.any(String), refreshToken: expect.any(String) } });

    const profile = await http.axios('GET', '/profile', { token: login.body.data.accessToken });
    expect(profile.status).toBe(200);
    expect(profile.body.ok).toBe(true);
    // `data` itself is the user.
    expect(profile.body.data).toMatchObject({
      id: user.id,
      email,
      name: '김지킴',
      nickname: '지킴이',
      bio: null,
      birth: null,
      picture: null,
      emailVerified: false,
    });
    expect(typeof profile.body.data.id).toBe('number');
    expect(new Date(profile.body.data.createdAt).getTime()).not.toBeNaN();
    expect(new Date(profile.body.data.updatedAt).getTime()).not.toBeNaN();
  });

  /** Journey (b): the phone becomes a camera and shows a PIN; the socket that serves it. */
  const becomeCamera = async (owner: { id: number; name: string; accessToken: string }) => {
    const cameraId = appCameraId(owner);
    const cameraName = `${owner.name}의 홈캠`;
    // QRCodeGenerator asks twice on opening; the second PIN is the one on screen.
    const first = await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } });
    const second = await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } });
    for (const res of [first, second]) {
      expect(res.status).toBe(201);
      expect(res.body.data.pinCode).toMatch(/^\d{6}$/);
    }
    const camera = await connect(owner.accessToken);
    camera.send('register_camera', { id: cameraId, name: cameraName, timestamp: Date.now() });
    expect(await camera.next('camera_registered')).toEqual({ id: cameraId, name: cameraName, status: 'online' });
    // Again after each PIN, from the signalling service without a timestamp.
    camera.send('register_camera', { id: cameraId, name: cameraName });
    expect(await camera.next('camera_registered')).toMatchObject({ id: cameraId });
    // Both heartbeat timers.
    camera.send('heartbeat', {});
    camera.send('heartbeat', { timestamp: Date.now() });
    await camera.next('pong');
    await camera.next('pong');
    return { camera, cameraId, cameraName, pin: second.body.data.pinCode as string };
  };

  it('(b) a phone becomes a camera and shows a PIN: registered under the id the app makes, online while its socket is open', async () => {
    const owner = await appUser(http, '박집사');
    const { camera, cameraId, cameraName } = await becomeCamera(owner);
    const [row] = await t.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, cameraId));
    expect(row).toMatchObject({ userId: owner.id, name: cameraName, status: 'online' });
    const list = await http.axios('GET', '/cameras', { token: owner.accessToken });
    expect(list.body.data.cameras).toEqual([
      expect.objectContaining({ id: row!.id, name: cameraName, device_id: cameraId, status: 'online', access_type: 'owner' }),
    ]);
    camera.close();
    await expect
      .poll(async () => (await t.stores.database.db.select({ status: cameras.status }).from(cameras).where(eq(cameras.id, row!.id)))[0]!.status, {
        timeout: 10_000,
      })
      .toBe('offline');
  });

  it('(c) a second phone connects by PIN and starts live view: every frame in the app’s order and shapes', async () => {
    const owner = await appUser(http, '박집사');
    const { camera, cameraId, cameraName, pin } = await becomeCamera(owner);
    const viewer = await appUser(http, '박가족');

    // ModeSelection, then ViewerDashboard: nothing yet.
    expect((await http.axios('GET', '/cameras', { token: viewer.accessToken })).body.data.cameras).toEqual([]);

    // ViewerPinCodeScreen: health, socket, qr_connect, then the PIN over HTTP (no body, no Content-Type).
    const socket = await connect(viewer.accessToken);
    socket.send('qr_connect', { connectionId: pin });
    const paired = await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: viewer.accessToken });
    expect(paired.status).toBe(200);
    expect(paired.body.data).toMatchObject({ cameraId, cameraName });

    // ViewerDashboard again: the camera, with every field the list requires.
    const listed = await http.axios('GET', '/cameras', { token: viewer.accessToken });
    expect(listed.body.data.cameras).toEqual([
      expect.objectContaining({
        id: expect.any(Number),
        name: cameraName,
        device_id: cameraId,
        status: 'online',
        access_type: 'shared',
        permission_level: 'viewer',
        owner_id: owner.id,
      }),
    ]);
    expect(listed.body.data).toMatchObject({ total: 1, owned: 0, shared: 1 });

    // ViewerLiveStream { cameraId: camera.device_id }.
    const viewerId = `viewer_${Date.now()}`;
    socket.send('join_stream', { cameraId: listed.body.data.cameras[0].device_id, viewerId });
    expect(await socket.next('stream_joined')).toMatchObject({ cameraId, viewerId });
    expect(await camera.next('viewer_joined')).toEqual({ cameraId, viewerId });
    expect(await camera.next('viewer_count_update')).toMatchObject({ viewerCount: 1 });

    // The camera calls the viewer: offer, its candidates, start_stream.
    camera.send('webrtc_signaling', { from: cameraId, to: viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
    camera.send('webrtc_signaling', { from: cameraId, to: viewerId, type: 'ice-candidate', data: candidate });
    camera.send('start_stream', { cameraId, viewerId, timestamp: Date.now() });
    expect(await camera.next('stream_started')).toMatchObject({ id: cameraId, cameraId, viewerId });
    expect(await socket.next('webrtc_signaling')).toEqual({ from: cameraId, to: viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
    expect(await socket.next('webrtc_signaling')).toEqual({ from: cameraId, to: viewerId, type: 'ice-candidate', data: candidate });

    // The viewer answers with from/to swapped, and sends its candidates to the camera.
    socket.send('webrtc_signaling', { from: viewerId, to: cameraId, type: 'answer', data: { type: 'answer', sdp: sdpOf('answer') } });
    socket.send('webrtc_signaling', { from: viewerId, to: cameraId, type: 'ice-candidate', data: candidate });
    expect(await camera.next('webrtc_signaling')).toEqual({ from: viewerId, to: cameraId, type: 'answer', data: { type: 'answer', sdp: sdpOf('answer') } });
    expect(await camera.next('webrtc_signaling')).toEqual({ from: viewerId, to: cameraId, type: 'ice-candidate', data: candidate });

    // Leaving: the viewer's screen sends nothing; its socket closes and the camera hears it.
    socket.close();
    expect(await camera.next('viewer_left')).toEqual({ cameraId, viewerId });
    expect(await camera.next('viewer_count_update')).toMatchObject({ viewerCount: 0 });
    expect(camera.all('error')).toEqual([]);
    expect(socket.all('error')).toEqual([]);
  });
});
