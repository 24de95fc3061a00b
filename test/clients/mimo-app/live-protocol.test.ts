import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cameras } from '../../../src/apps/mimo/cameras/tables';
import { type TestApp, startTestApp } from '../../support/app';
import type { Refused } from '../../support/mimo-app';
import { type AppHttp, AppSocket, type Person, appCameraId, appHttp, appUser, candidate, sdpOf, signallingUrl } from '../../support/mimo-app';
import { deviceSocket } from '../../support/mimo-live';
import { ask, connected, next, pause } from '../../support/sockets';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

// The app's plain WebSocket protocol beyond the journeys: who may speak, what is refused and how,
// what a flood or a revocation does, and the same core as the Socket.IO live view.
describe('the MIMO app’s live protocol (plain WebSocket)', () => {
  let t: TestApp;
  let http: AppHttp;
  let signallingPort: number;
  const sockets: AppSocket[] = [];
  beforeAll(async () => {
    signallingPort = await freePort();
    t = await startTestApp('mimo', { MIMO_SIGNALLING_PORT: String(signallingPort) });
    http = appHttp(t);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  const open = async (token: string, port?: number) => {
    const socket = await AppSocket.open(signallingUrl(t, token, port));
    sockets.push(socket);
    await socket.next('client_id');
    return socket;
  };
  const refusal = (url: string) =>
    AppSocket.open(url).then(
      (socket) => {
        sockets.push(socket);
        throw new Error('the socket should have been refused');
      },
      (error: unknown) => error as Refused,
    );

  /** A camera phone registered over the socket as the app does it; `watcher` pairs a viewer and joins. */
  const liveCamera = async () => {
    const owner = await appUser(http, '집주인');
    const cameraId = appCameraId(owner);
    await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } });
    const camera = await open(owner.accessToken);
    camera.send('register_camera', { id: cameraId, name: '거실' });
    await camera.next('camera_registered');
    return { owner, cameraId, camera };
  };
  const watcher = async (live: { cameraId: string; owner: Person }, options: { port?: number } = {}) => {
    const viewerId = `viewer_${Date.now()}_${Math.random().toString(36).slice(2, 6)}`;
    const viewer = await appUser(http, '가족');
    const pin = (await http.fetchHelper('POST', '/cameras/generate-pin', { token: live.owner.accessToken, body: { cameraId: live.cameraId } })).body.data
      .pinCode;
    expect((await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: viewer.accessToken })).status).toBe(200);
    const socket = await open(viewer.accessToken, options.port);
    socket.send('join_stream', { cameraId: live.cameraId, viewerId });
    await socket.next('stream_joined');
    return { viewer, socket, viewerId };
  };

  describe('signing in', () => {
    it('refuses a socket without a token, with a forged or ended one, before it opens, in the app’s envelope', async () => {
      const missing = await refusal(signallingUrl(t, undefined));
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ ok: false, error: { code: 'E_UNAUTHORIZED', message: '인증이 필요합니다.' } });
      expect((await refusal(signallingUrl(t, 'not-a-token'))).status).toBe(401);
      expect((await refusal(signallingUrl(t, `mc_1_${'A'.repeat(43)}`))).body.error.code).toBe('E_DEVICE_CREDENTIAL_INVALID');
      const me = await appUser(http);
      await http.axios('POST', '/auth/logout', { token: me.accessToken });
      expect((await refusal(signallingUrl(t, me.accessToken))).status).toBe(401);
      expect((await refusal(signallingUrl(t, 'x'.repeat(5000)))).status).toBe(401);
    });

    it('serves the same protocol on MIMO_SIGNALLING_PORT (the app’s fixed 8080), and nothing else there', async () => {
      const { owner, cameraId, camera } = await liveCamera();
      expect((await refusal(signallingUrl(t, undefined, signallingPort))).status).toBe(401);
      const page = await fetch(`http://127.0.0.1:${signallingPort}/`);
      expect(page.status).toBe(426);
      expect((await fetch(`http://127.0.0.1:${signallingPort}/api/health`)).status).toBe(404);
      // A viewer on the second port watches the camera registered on the first.
      const { socket, viewerId } = await watcher({ owner, cameraId }, { port: signallingPort });
      expect(await camera.next('viewer_joined')).toEqual({ cameraId, viewerId });
      camera.send('webrtc_signaling', { from: cameraId, to: viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
      expect((await socket.next('webrtc_signaling')).type).toBe('offer');
    });

    it('lets a camera sign in with its device credential, for its own camera only', async () => {
      const owner = await appUser(http);
      const made = await http.axios('POST', '/cameras', { token: owner.accessToken, body: { name: '현관', deviceId: 'front-door-1' } });
      const other = await http.axios('POST', '/cameras', { token: owner.accessToken, body: { name: '창고', deviceId: 'shed-1' } });
      const phone = await open(made.body.data.deviceCredential);
      phone.send('register_camera', { id: 'shed-1', name: '창고' });
      expect(await phone.next('error')).toMatchObject({ event: 'register_camera', code: 'E_CAMERA_NOT_FOUND' });
      phone.send('register_camera', { id: 'front-door-1', name: '현관' });
      expect(await phone.next('camera_registered')).toEqual({ id: 'front-door-1', name: '현관', status: 'online' });
      // A new credential closes the phone signed in with the old one.
      await t.api.post(`/api/cameras/${made.body.data.camera.id}/credential`, { token: owner.accessToken });
      expect((await phone.closed).code).toBe(4401);
      expect(other.status).toBe(201);
    });
  });

  describe('bad input', () => {
    it('answers malformed JSON, a frame that is not {type, data}, an unknown type, wrong data and binary with an error frame, and stays usable', async () => {
      const me = await appUser(http);
      const socket = await open(me.accessToken);
      socket.ws.send('{not json');
      expect(await socket.next('error')).toEqual({ code: 'E_MALFORMED_JSON', message: '요청 본문이 올바른 JSON이 아닙니다.' });
      socket.ws.send('ping');
      expect((await socket.next('error')).code).toBe('E_MALFORMED_JSON');
      socket.ws.send(JSON.stringify({ kind: 'heartbeat' }));
      expect((await socket.next('error')).code).toBe('E_MESSAGE_FORMAT');
      socket.ws.send(JSON.stringify({ type: 'heartbeat', data: {}, extra: 1 }));
      expect((await socket.next('error')).code).toBe('E_MESSAGE_FORMAT');
      socket.send('teleport', { to: 'moon' });
      expect(await socket.next('error')).toEqual({ event: 'teleport', code: 'E_UNKNOWN_MESSAGE_TYPE', message: '알 수 없는 메시지 종류입니다: teleport' });
      socket.send('join_stream', { cameraId: 5 });
      const wrong = await socket.next('error');
      expect(wrong).toMatchObject({ event: 'join_stream', code: 'E_VALIDATION' });
      expect(wrong.details.map((d: { field: string }) => d.field).sort()).toEqual(['cameraId', 'viewerId']);
      socket.send('webrtc_signaling', { from: 'a', to: 'b', type: 'offer', data: { type: 'offer', sdp: 'x'.repeat(100 * 1024 + 1) } });
      expect((await socket.next('error')).code).toBe('E_VALIDATION');
      socket.ws.send(Buffer.from([1, 2, 3]));
      expect((await socket.next('error')).code).toBe('E_MESSAGE_FORMAT');
      socket.send('camera_status_update', { cameraId: 'x', status: 'online' });
      expect((await socket.next('error')).code).toBe('E_LIVE_STATUS_IS_SERVERS');
      socket.send('heartbeat', {});
      expect(await socket.next('pong')).toEqual({ timestamp: expect.any(Number) });
    });

    it('limits a flood as Socket.IO does (100 frames in 10 s), and closes a frame over 1 MB', async () => {
      const me = await appUser(http);
      const socket = await open(me.accessToken);
      for (let i = 0; i < 104; i++) socket.send('heartbeat', { timestamp: i });
      for (let i = 0; i < 100; i++) await socket.next('pong');
      const limited = [await socket.next('error'), await socket.next('error'), await socket.next('error'), await socket.next('error')];
      for (const error of limited)
        expect(error).toEqual({ code: 'E_RATE_LIMITED', message: expect.stringMatching(/^요청이 너무 많습니다\. \d+초 후에 다시 시도해 주세요\.$/) });
      await pause(100);
      expect(socket.all('pong')).toHaveLength(100);
      // Another connection has its own budget.
      const other = await open(me.accessToken);
      other.send('heartbeat', {});
      await other.next('pong');
      other.ws.send(JSON.stringify({ type: 'heartbeat', data: { timestamp: 'x'.repeat(1_000_001) } }));
      expect((await other.closed).code).toBe(1009);
    });
  });

  describe('rights', () => {
    it('relays nothing to or from anyone not paired: a stranger cannot join, signal, or claim the camera', async () => {
      const { cameraId, camera } = await liveCamera();
      const stranger = await appUser(http, '낯선이');
      const socket = await open(stranger.accessToken);
      socket.send('join_stream', { cameraId, viewerId: 'viewer_1' });
      expect(await socket.next('error')).toMatchObject({ event: 'join_stream', code: 'E_CAMERA_NOT_FOUND', message: '카메라를 찾을 수 없습니다.' });
      socket.send('webrtc_signaling', { from: 'viewer_1', to: cameraId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
      expect((await socket.next('error')).code).toBe('E_LIVE_NOT_JOINED');
      // Speaking as the camera is not being the camera.
      socket.send('webrtc_signaling', { from: cameraId, to: 'viewer_1', type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
      expect((await socket.next('error')).code).toBe('E_LIVE_NOT_JOINED');
      socket.send('register_camera', { id: cameraId, name: '내 카메라' });
      expect((await socket.next('error')).code).toBe('E_CAMERA_NOT_FOUND');
      socket.send('start_stream', { cameraId, viewerId: 'viewer_1' });
      expect((await socket.next('error')).code).toBe('E_LIVE_NOT_JOINED');
      await pause(200);
      expect(camera.all('webrtc_signaling')).toEqual([]);
      expect(camera.all('viewer_joined')).toEqual([]);
    });

    it('keeps viewers apart: no signal from one viewer to another, no borrowed viewer id, no viewer named as the camera', async () => {
      const live = await liveCamera();
      const a = await watcher(live);
      const b = await watcher(live);
      a.socket.send('webrtc_signaling', { from: a.viewerId, to: b.viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
      expect((await a.socket.next('error')).code).toBe('E_LIVE_NOT_JOINED');
      const thief = await appUser(http);
      const pin = (await http.fetchHelper('POST', '/cameras/generate-pin', { token: live.owner.accessToken, body: { cameraId: live.cameraId } })).body.data
        .pinCode;
      await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: thief.accessToken });
      const socket = await open(thief.accessToken);
      for (const viewerId of [a.viewerId, live.cameraId]) {
        socket.send('join_stream', { cameraId: live.cameraId, viewerId });
        expect((await socket.next('error')).code).toBe('E_LIVE_VIEWER_ID_TAKEN');
      }
      // The camera's offer to b reaches b alone.
      live.camera.send('webrtc_signaling', { from: live.cameraId, to: b.viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
      expect((await b.socket.next('webrtc_signaling')).to).toBe(b.viewerId);
      await pause(200);
      expect(a.socket.all('webrtc_signaling')).toEqual([]);
      expect(socket.all('webrtc_signaling')).toEqual([]);
      expect(live.camera.all('viewer_joined').map((j) => j.viewerId)).toEqual([a.viewerId, b.viewerId]);
    });

    it('closes a revoked viewer’s socket and tells the camera; a deleted camera closes its phone', async () => {
      const live = await liveCamera();
      const { viewer, socket, viewerId } = await watcher(live);
      const revoked = await t.api.delete(
        `/api/connection/${(await t.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, live.cameraId)))[0]!.id}/viewers/${viewer.id}`,
        {
          token: live.owner.accessToken,
        },
      );
      expect(revoked.status).toBe(200);
      expect(await socket.next('error')).toEqual({ code: 'E_LIVE_VIEWER_REVOKED', message: '카메라 주인이 시청 권한을 거두었습니다.' });
      expect((await socket.closed).code).toBe(4403);
      expect(await live.camera.next('viewer_left')).toEqual({ cameraId: live.cameraId, viewerId });
      // Reconnecting does not bring the right back.
      const again = await open(viewer.accessToken);
      again.send('join_stream', { cameraId: live.cameraId, viewerId });
      expect((await again.next('error')).code).toBe('E_CAMERA_NOT_FOUND');

      const [row] = await t.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, live.cameraId));
      expect((await t.api.delete(`/api/cameras/${row!.id}`, { token: live.owner.accessToken })).status).toBe(200);
      expect((await live.camera.next('error')).code).toBe('E_LIVE_CAMERA_GONE');
      expect((await live.camera.closed).code).toBe(4403);
    });

    it('shares one core with the Socket.IO live view: a Socket.IO camera phone and an app viewer reach each other, by the same rules', async () => {
      const owner = await appUser(http, '혼합');
      const made = await http.axios('POST', '/cameras', { token: owner.accessToken, body: { name: '주방', deviceId: 'kitchen-mixed-1' } });
      const phone = await connected(deviceSocket(t, { deviceCredential: made.body.data.deviceCredential }));
      try {
        const { socket, viewerId } = await watcher({ owner, cameraId: 'kitchen-mixed-1' });
        const ice = next(phone, 'rtc:ice');
        socket.send('webrtc_signaling', { from: viewerId, to: 'kitchen-mixed-1', type: 'ice-candidate', data: candidate });
        expect(await ice).toMatchObject({ cameraId: made.body.data.camera.id, role: 'viewer', candidate, from: expect.stringMatching(/^ws_/) });
        const from = (await ice).from as string;
        expect(await ask(phone, 'rtc:answer', { cameraId: made.body.data.camera.id, to: from, sdp: sdpOf('answer') })).toMatchObject({ ok: true });
        expect(await socket.next('webrtc_signaling')).toEqual({
          from: 'kitchen-mixed-1',
          to: viewerId,
          type: 'answer',
          data: { type: 'answer', sdp: sdpOf('answer') },
        });
        // The live page's count includes the app's viewer.
        expect((await t.api.get(`/api/cameras/${made.body.data.camera.id}/stats`, { token: owner.accessToken })).body.data.viewers.watching).toBe(1);
      } finally {
        phone.disconnect();
      }
    });
  });

  describe('camera status over the socket', () => {
    it('keeps the camera online with heartbeats and offline when its phone goes; a phone reconnecting hears the waiting viewers', async () => {
      const live = await liveCamera();
      const statusOf = async () => (await t.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, live.cameraId)))[0]!;
      await t.stores.database.db
        .update(cameras)
        .set({ lastHeartbeat: new Date(Date.now() - 60_000) })
        .where(eq(cameras.deviceId, live.cameraId));
      live.camera.send('heartbeat', { timestamp: Date.now() });
      await live.camera.next('pong');
      expect(Date.now() - (await statusOf()).lastHeartbeat!.getTime()).toBeLessThan(10_000);
      const { viewerId } = await watcher(live);
      live.camera.close();
      await expect.poll(async () => (await statusOf()).status, { timeout: 10_000 }).toBe('offline');
      const back = await open(live.owner.accessToken);
      back.send('register_camera', { id: live.cameraId, name: '거실' });
      await back.next('camera_registered');
      expect(await back.next('viewer_joined')).toEqual({ cameraId: live.cameraId, viewerId });
      expect((await statusOf()).status).toBe('online');
      back.send('unregister_camera', { id: live.cameraId });
      await back.next('camera_unregistered');
      await expect.poll(async () => (await statusOf()).status, { timeout: 10_000 }).toBe('offline');
    });

    it('answers leave_stream and stop_stream', async () => {
      const live = await liveCamera();
      const { socket, viewerId } = await watcher(live);
      live.camera.send('stop_stream', { cameraId: live.cameraId });
      expect(await live.camera.next('stream_stopped')).toMatchObject({ cameraId: live.cameraId, status: 'stopped' });
      socket.send('leave_stream', { cameraId: live.cameraId, viewerId });
      expect(await socket.next('stream_left')).toEqual({ cameraId: live.cameraId, viewerId });
      expect(await live.camera.next('viewer_left')).toEqual({ cameraId: live.cameraId, viewerId });
      socket.send('leave_stream', { cameraId: live.cameraId, viewerId });
      expect((await socket.next('error')).code).toBe('E_LIVE_NOT_JOINED');
    });
  });
});
