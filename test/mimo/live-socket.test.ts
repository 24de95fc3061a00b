import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cameraViewers, cameras } from '../../src/apps/mimo/cameras/tables';
import { type TestApp, startTestApp } from '../support/app';
import { type Account, account } from '../support/mimo';
import { type RegisteredCamera, camera } from '../support/mimo-cameras';
import { deviceSocket, pair } from '../support/mimo-live';
import { ask, collect, connect, connected, eventually, next, pause } from '../support/sockets';

const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CANDIDATE = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.2 54321 typ host', sdpMid: '0', sdpMLineIndex: 0 };

describe('MIMO live view (Socket.IO)', () => {
  let t: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp('mimo');
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(() => t.close());

  const track = (socket: Socket) => {
    open.push(socket);
    return socket;
  };
  /** A camera's phone, connected with its device credential. */
  const device = async (cam: RegisteredCamera) => connected(track(deviceSocket(t, { deviceCredential: cam.credential })));
  const userSocket = async (who: Account, lang?: string) => connected(track(connect(t, who.token, { lang })));
  const refusal = async (auth: Record<string, unknown>, lang?: string) => {
    const error = await connected(track(deviceSocket(t, auth, { lang }))).then(
      () => undefined,
      (err: Error & { data?: { code: string; message: string } }) => err,
    );
    expect(error, 'the socket should have been refused').toBeDefined();
    return error!;
  };
  const statusOf = async (cameraId: number) =>
    (await t.stores.database.db.select({ status: cameras.status, lastHeartbeat: cameras.lastHeartbeat }).from(cameras).where(eq(cameras.id, cameraId)))[0]!;
  /** An owner with a camera whose phone is connected. */
  const liveCamera = async () => {
    const owner = await account(t);
    const cam = await camera(t, owner);
    const phone = await device(cam);
    await eventually(async () => (await statusOf(cam.id)).status === 'online');
    return { owner, cam, phone };
  };
  /** A user paired with the camera whose socket has joined its live view. */
  const watcher = async (owner: Account, cam: RegisteredCamera) => {
    const user = await account(t, ['USER'], '시청자');
    await pair(t, owner, cam.id, user);
    const socket = await userSocket(user);
    const joined = await ask(socket, 'live:join', { cameraId: cam.id });
    expect(joined.ok).toBe(true);
    return { user, socket, joined: joined.data };
  };

  describe('a camera signing in with its device credential', () => {
    it('acts for its owner as that camera, without making the owner online or hearing the owner’s notifications', async () => {
      const owner = await account(t);
      const cam = await camera(t, owner);
      const phone = track(deviceSocket(t, { deviceCredential: cam.credential }));
      const unread = collect(phone, 'unreadNotificationCount');
      await connected(phone);
      const [server] = await t.app.gateway.io.in(`camera:${cam.id}`).fetchSockets();
      expect(server!.id).toBe(phone.id);
      expect(server!.data.principal.userId).toBe(owner.id);
      expect(server!.data.device).toEqual({ cameraId: cam.id });
      expect(server!.rooms.has(`user:${owner.id}`)).toBe(false);
      expect(await t.app.gateway.isOnline(owner.id)).toBe(false);
      await pause(100);
      expect(unread).toEqual([]);
    });

    it('is refused with a wrong, malformed or another camera’s credential, in the client’s language', async () => {
      const owner = await account(t);
      const [mine, other] = [await camera(t, owner), await camera(t, owner, { name: '현관' })];
      const secretOf = (cam: RegisteredCamera) => cam.credential.split('_').slice(2).join('_');
      const forged = [
        `mc_${mine.id}_${secretOf(other)}`,
        `mc_${mine.id}_${'A'.repeat(43)}`,
        `mc_999999999_${secretOf(mine)}`,
        'not-a-credential',
        '',
        12345,
        { cameraId: mine.id },
      ];
      for (const deviceCredential of forged) {
        const error = await refusal({ deviceCredential });
        expect(error.message, String(deviceCredential)).toBe('DEVICE_CREDENTIAL_INVALID');
        expect(error.data).toEqual({ code: 'DEVICE_CREDENTIAL_INVALID', message: '기기 인증 정보가 올바르지 않습니다.' });
      }
      expect((await refusal({ deviceCredential: 'x' }, 'en')).data!.message).toBe('The device credential is not valid.');
      expect((await refusal({})).message).toBe('UNAUTHORIZED');
      expect((await statusOf(mine.id)).status).toBe('offline');
    });

    it('stops working once the owner issues a new credential', async () => {
      const owner = await account(t);
      const cam = await camera(t, owner);
      const rotated = await t.api.post(`/api/cameras/${cam.id}/credential`, { token: owner.token });
      expect(rotated.status).toBe(200);
      expect((await refusal({ deviceCredential: cam.credential })).message).toBe('DEVICE_CREDENTIAL_INVALID');
      await device({ ...cam, credential: rotated.body.data.deviceCredential });
    });
  });

  describe('camera status', () => {
    it('turns online when the phone connects and offline when its last socket goes; the owner hears both', async () => {
      const owner = await account(t);
      const cam = await camera(t, owner);
      const ownerSocket = await userSocket(owner);
      const statuses = collect(ownerSocket, 'camera:status');
      const first = await device(cam);
      await eventually(() => statuses.length === 1);
      expect(statuses[0]).toMatchObject({ cameraId: cam.id, status: 'online' });
      expect((await statusOf(cam.id)).status).toBe('online');

      // A reloading page: the second socket keeps the camera online when the first goes.
      const second = await device(cam);
      first.disconnect();
      await pause(200);
      expect((await statusOf(cam.id)).status).toBe('online');
      second.disconnect();
      await eventually(() => statuses.length === 2);
      expect(statuses[1]).toMatchObject({ cameraId: cam.id, status: 'offline' });
      expect((await statusOf(cam.id)).status).toBe('offline');
    });

    it('tells the viewers in the room when the camera’s socket arrives and leaves', async () => {
      const owner = await account(t);
      const cam = await camera(t, owner);
      const { socket: viewer, joined } = await watcher(owner, cam);
      expect(joined).toMatchObject({ cameraId: cam.id, role: 'viewer', status: 'offline', cameraSocketId: null, viewerCount: 1 });
      const arrived = next(viewer, 'camera:connected');
      const phone = await device(cam);
      expect(await arrived).toEqual({ cameraId: cam.id, cameraSocketId: phone.id });
      const left = next(viewer, 'camera:disconnected');
      const phoneId = phone.id;
      phone.disconnect();
      expect(await left).toEqual({ cameraId: cam.id, cameraSocketId: phoneId });
    });

    it('keeps the last heartbeat fresh over the socket', async () => {
      const { cam, phone } = await liveCamera();
      await t.stores.database.db
        .update(cameras)
        .set({ lastHeartbeat: new Date(Date.now() - 60_000) })
        .where(eq(cameras.id, cam.id));
      const beat = await ask(phone, 'camera:heartbeat', {});
      expect(beat).toMatchObject({ ok: true, data: { cameraId: cam.id, status: 'online' } });
      expect(Date.now() - (await statusOf(cam.id)).lastHeartbeat!.getTime()).toBeLessThan(10_000);
    });

    it('sends away the phone of a camera that is gone when it beats', async () => {
      const { cam, phone } = await liveCamera();
      // Gone without its sockets being told (DELETE /api/cameras/:id closes them itself).
      await t.stores.database.db.delete(cameras).where(eq(cameras.id, cam.id));
      const gone = new Promise((resolve) => phone.on('disconnect', resolve));
      const beat = await ask(phone, 'camera:heartbeat', {});
      expect(beat).toMatchObject({ ok: false, error: { code: 'E_LIVE_CAMERA_GONE', message: '카메라가 삭제되었습니다.' } });
      await gone;
    });
  });

  describe('live:join', () => {
    it('lets the owner watch: the joiner gets the camera’s state and the camera hears viewer:joined', async () => {
      const { owner, cam, phone } = await liveCamera();
      const ownerSocket = await userSocket(owner);
      const heard = next(phone, 'viewer:joined');
      const joined = await ask(ownerSocket, 'live:join', { cameraId: cam.id });
      expect(joined).toEqual({
        ok: true,
        data: { cameraId: cam.id, role: 'owner', status: 'online', lastSeen: expect.any(String), viewerCount: 1, cameraSocketId: phone.id },
      });
      expect(await heard).toEqual({ cameraId: cam.id, userId: owner.id, viewerId: ownerSocket.id, viewerCount: 1 });
    });

    it('refuses a camera the user may not watch, or that does not exist, as not found; the room stays closed to them', async () => {
      const { owner, cam, phone } = await liveCamera();
      const stranger = await account(t);
      const socket = await userSocket(stranger);
      const notFound = { ok: false, error: { code: 'E_CAMERA_NOT_FOUND', message: '카메라를 찾을 수 없습니다.' } };
      expect(await ask(socket, 'live:join', { cameraId: cam.id })).toEqual(notFound);
      expect(await ask(socket, 'live:join', { cameraId: 987_654_321 })).toEqual(notFound);
      const overheard = collect(socket, 'rtc:offer');
      const joins = collect(socket, 'viewer:joined');
      const { socket: viewer } = await watcher(owner, cam);
      await ask(viewer, 'rtc:offer', { cameraId: cam.id, to: phone.id, sdp: SDP });
      await pause(100);
      expect(overheard).toEqual([]);
      expect(joins).toEqual([]);
    });

    it('validates the payload', async () => {
      const socket = await userSocket(await account(t));
      for (const payload of [{ cameraId: 'one' }, {}, { cameraId: -1 }, { cameraId: 1.5 }, { cameraId: 1, extra: true }, null, 'camera:1']) {
        const answer = await ask(socket, 'live:join', payload);
        expect(answer.ok, JSON.stringify(payload)).toBe(false);
        expect(answer.error.code).toBe('E_VALIDATION');
      }
      const answer = await ask(socket, 'live:join', { cameraId: 'one' });
      expect(answer.error.details).toEqual([{ field: 'cameraId', message: expect.any(String) }]);
    });

    it('counts every viewer; live:leave and disconnecting tell the room with the new count', async () => {
      const { owner, cam, phone } = await liveCamera();
      const joinedSeen = collect(phone, 'viewer:joined');
      const leftSeen = collect(phone, 'viewer:left');
      const first = await watcher(owner, cam);
      const second = await watcher(owner, cam);
      expect(first.joined.viewerCount).toBe(1);
      expect(second.joined.viewerCount).toBe(2);
      await eventually(() => joinedSeen.length === 2);
      expect(joinedSeen.map((j) => [j.userId, j.viewerCount])).toEqual([
        [first.user.id, 1],
        [second.user.id, 2],
      ]);
      // Joining again changes nothing.
      expect((await ask(first.socket, 'live:join', { cameraId: cam.id })).data.viewerCount).toBe(2);
      await pause(50);
      expect(joinedSeen).toHaveLength(2);

      const firstHears = next(first.socket, 'viewer:left');
      expect(await ask(second.socket, 'live:leave', { cameraId: cam.id })).toEqual({ ok: true, data: { cameraId: cam.id, viewerCount: 1 } });
      expect(await firstHears).toEqual({ cameraId: cam.id, userId: second.user.id, viewerId: second.socket.id, viewerCount: 1 });
      const firstId = first.socket.id;
      first.socket.disconnect();
      await eventually(() => leftSeen.length === 2);
      expect(leftSeen[1]).toEqual({ cameraId: cam.id, userId: first.user.id, viewerId: firstId, viewerCount: 0 });
    });

    it('records when a paired viewer last watched', async () => {
      const { owner, cam } = await liveCamera();
      const { user } = await watcher(owner, cam);
      const [row] = await t.stores.database.db.select().from(cameraViewers).where(eq(cameraViewers.userId, user.id));
      expect(row!.lastViewedAt).toBeInstanceOf(Date);
    });
  });

  describe('WebRTC signalling', () => {
    it('relays offer, answer and ICE candidates between the camera and a viewer, saying who sent them', async () => {
      const { owner, cam, phone } = await liveCamera();
      const { user, socket: viewer } = await watcher(owner, cam);

      const offer = next(phone, 'rtc:offer');
      expect(await ask(viewer, 'rtc:offer', { cameraId: cam.id, to: phone.id, sdp: SDP })).toEqual({ ok: true, data: { cameraId: cam.id, to: phone.id } });
      expect(await offer).toEqual({ cameraId: cam.id, from: viewer.id, role: 'viewer', userId: user.id, sdp: SDP });

      const answer = next(viewer, 'rtc:answer');
      expect((await ask(phone, 'rtc:answer', { cameraId: cam.id, to: viewer.id, sdp: `${SDP}a=answer\r\n` })).ok).toBe(true);
      expect(await answer).toEqual({ cameraId: cam.id, from: phone.id, role: 'camera', userId: owner.id, sdp: `${SDP}a=answer\r\n` });

      const toCamera = next(phone, 'rtc:ice');
      const toViewer = next(viewer, 'rtc:ice');
      await ask(viewer, 'rtc:ice', { cameraId: cam.id, to: phone.id, candidate: CANDIDATE });
      await ask(phone, 'rtc:ice', { cameraId: cam.id, to: viewer.id, candidate: { candidate: '' } });
      expect(await toCamera).toEqual({ cameraId: cam.id, from: viewer.id, role: 'viewer', userId: user.id, candidate: CANDIDATE });
      expect(await toViewer).toMatchObject({ from: phone.id, role: 'camera', candidate: { candidate: '' } });
    });

    it('serves several viewers of one camera, each on its own', async () => {
      const { owner, cam, phone } = await liveCamera();
      const a = await watcher(owner, cam);
      const b = await watcher(owner, cam);
      const aHears = collect(a.socket, 'rtc:answer');
      const bHears = next(b.socket, 'rtc:answer');
      await ask(phone, 'rtc:answer', { cameraId: cam.id, to: b.socket.id, sdp: SDP });
      expect((await bHears).from).toBe(phone.id);
      await pause(50);
      expect(aHears).toEqual([]);
    });

    it('never relays from one viewer to another', async () => {
      const { owner, cam, phone } = await liveCamera();
      const a = await watcher(owner, cam);
      const b = await watcher(owner, cam);
      const bHears = collect(b.socket, 'rtc:offer');
      const phoneHears = collect(phone, 'rtc:offer');
      const refused = await ask(a.socket, 'rtc:offer', { cameraId: cam.id, to: b.socket.id, sdp: SDP });
      expect(refused).toEqual({ ok: false, error: { code: 'E_RTC_RELAY_REFUSED', message: '연결 신호는 카메라와 시청자 사이에서만 주고받을 수 있습니다.' } });
      expect((await ask(a.socket, 'rtc:ice', { cameraId: cam.id, to: b.socket.id, candidate: CANDIDATE })).error.code).toBe('E_RTC_RELAY_REFUSED');
      // Nor to itself.
      expect((await ask(a.socket, 'rtc:offer', { cameraId: cam.id, to: a.socket.id, sdp: SDP })).error.code).toBe('E_RTC_PEER_NOT_FOUND');
      await pause(100);
      expect(bHears).toEqual([]);
      expect(phoneHears).toEqual([]);
    });

    it('never relays across cameras, nor for a camera the sender has not joined', async () => {
      const one = await liveCamera();
      const two = await liveCamera();
      const viewerOfOne = await watcher(one.owner, one.cam);
      const twoHears = collect(two.phone, 'rtc:offer');
      const viewerHears = collect(viewerOfOne.socket, 'rtc:offer');
      // Naming camera one: camera two's phone is not in its room.
      expect((await ask(viewerOfOne.socket, 'rtc:offer', { cameraId: one.cam.id, to: two.phone.id, sdp: SDP })).error.code).toBe('E_RTC_PEER_NOT_FOUND');
      // Naming camera two: the viewer never joined it.
      expect((await ask(viewerOfOne.socket, 'rtc:offer', { cameraId: two.cam.id, to: two.phone.id, sdp: SDP })).error.code).toBe('E_LIVE_NOT_JOINED');
      // Camera two's phone cannot reach camera one's viewer either way.
      expect((await ask(two.phone, 'rtc:offer', { cameraId: two.cam.id, to: viewerOfOne.socket.id, sdp: SDP })).error.code).toBe('E_RTC_PEER_NOT_FOUND');
      expect((await ask(two.phone, 'rtc:offer', { cameraId: one.cam.id, to: viewerOfOne.socket.id, sdp: SDP })).error.code).toBe('E_LIVE_NOT_JOINED');
      // The other camera's owner, who may not watch camera one.
      const outsider = await userSocket(two.owner);
      expect((await ask(outsider, 'rtc:offer', { cameraId: one.cam.id, to: one.phone.id, sdp: SDP })).error).toEqual({
        code: 'E_LIVE_NOT_JOINED',
        message: '먼저 이 카메라의 라이브 화면에 참여해야 합니다.',
      });
      expect((await ask(viewerOfOne.socket, 'rtc:offer', { cameraId: one.cam.id, to: 'no-such-socket-id', sdp: SDP })).error.code).toBe('E_RTC_PEER_NOT_FOUND');
      await pause(100);
      expect(twoHears).toEqual([]);
      expect(viewerHears).toEqual([]);
    });

    it('refuses oversized or malformed signals', async () => {
      const { owner, cam, phone } = await liveCamera();
      const { socket: viewer } = await watcher(owner, cam);
      const heard = collect(phone, 'rtc:offer');
      const tooLong = await ask(viewer, 'rtc:offer', { cameraId: cam.id, to: phone.id, sdp: 'a'.repeat(100 * 1024 + 1) });
      expect(tooLong.error.code).toBe('E_VALIDATION');
      expect(tooLong.error.details[0].field).toBe('sdp');
      expect((await ask(viewer, 'rtc:offer', { cameraId: cam.id, to: phone.id, sdp: 'a'.repeat(100 * 1024) })).ok).toBe(true);
      const bad = [
        { cameraId: cam.id, to: phone.id, sdp: '' },
        { cameraId: cam.id, to: phone.id, sdp: { type: 'offer' } },
        { cameraId: cam.id, to: '../../x', sdp: SDP },
        { cameraId: cam.id, sdp: SDP },
        { cameraId: cam.id, to: phone.id, sdp: SDP, role: 'camera' },
      ];
      for (const payload of bad) expect((await ask(viewer, 'rtc:offer', payload)).error.code, JSON.stringify(payload).slice(0, 80)).toBe('E_VALIDATION');
      const bigCandidate = { ...CANDIDATE, candidate: 'c'.repeat(2 * 1024 + 1) };
      expect((await ask(viewer, 'rtc:ice', { cameraId: cam.id, to: phone.id, candidate: bigCandidate })).error.code).toBe('E_VALIDATION');
      expect((await ask(viewer, 'rtc:ice', { cameraId: cam.id, to: phone.id, candidate: 'candidate:1' })).error.code).toBe('E_VALIDATION');
      await pause(100);
      expect(heard).toHaveLength(1);
    });

    it('stops a revoked viewer: its watching socket is told and closed, and a new one cannot join or signal', async () => {
      const { owner, cam, phone } = await liveCamera();
      const { user, socket: viewer } = await watcher(owner, cam);
      const viewerId = viewer.id!;
      // The camera hears the viewer go, so it can close the viewer's picture too.
      const left = next(phone, 'viewer:left');
      const told = next(viewer, 'viewer:revoked');
      const closed = next<string>(viewer, 'disconnect');
      const revoked = await t.api.delete(`/api/connection/${cam.id}/viewers/${user.id}`, { token: owner.token });
      expect(revoked.status).toBe(200);
      expect(await left).toEqual({ cameraId: cam.id, userId: user.id, viewerId, viewerCount: 0 });
      expect(await told).toMatchObject({ cameraId: cam.id, userId: user.id });
      expect(await closed).toBe('io server disconnect');
      const heard = collect(phone, 'rtc:offer');
      const again = await userSocket(user);
      expect((await ask(again, 'rtc:offer', { cameraId: cam.id, to: phone.id, sdp: SDP })).error.code).toBe('E_LIVE_NOT_JOINED');
      expect((await ask(again, 'live:join', { cameraId: cam.id })).error.code).toBe('E_CAMERA_NOT_FOUND');
      expect((await ask(phone, 'rtc:answer', { cameraId: cam.id, to: viewerId, sdp: SDP })).error.code).toBe('E_RTC_PEER_NOT_FOUND');
      await pause(100);
      expect(heard).toEqual([]);
    });

    it('cuts off a flood: 100 signals per 10 seconds per socket', async () => {
      const { owner, cam, phone } = await liveCamera();
      const { socket: viewer } = await watcher(owner, cam); // its live:join spent one
      const answers = await Promise.all(Array.from({ length: 104 }, () => ask(viewer, 'rtc:ice', { cameraId: cam.id, to: phone.id, candidate: CANDIDATE })));
      expect(answers.filter((a) => a.ok)).toHaveLength(99);
      const limited = answers.filter((a) => !a.ok);
      expect(limited).toHaveLength(5);
      expect(limited[0].error).toEqual({ code: 'E_RATE_LIMITED', message: expect.stringMatching(/^요청이 너무 많습니다\. \d+초 후에 다시 시도해 주세요\.$/) });
      // Another socket has its own budget.
      expect((await ask(phone, 'rtc:ice', { cameraId: cam.id, to: viewer.id, candidate: CANDIDATE })).ok).toBe(true);
    });

    it('reports a refusal as live:error when no acknowledgement was asked for, in the socket’s language', async () => {
      const { cam, phone } = await liveCamera();
      const stranger = await userSocket(await account(t), 'en');
      const error = next(stranger, 'live:error');
      stranger.emit('rtc:offer', { cameraId: cam.id, to: phone.id, sdp: SDP });
      expect(await error).toEqual({ event: 'rtc:offer', code: 'E_LIVE_NOT_JOINED', message: 'Join this camera’s live view first.' });
    });
  });
});
