import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { acquaint } from '../support/fitmate';
import { camera } from '../support/mimo-cameras';
import { pair } from '../support/mimo-live';
import { type SocketEnd, endOf, forgeAccessToken, socketsIn, wire } from '../support/realtime-attacks';
import { ask, connect, connected, eventually, next, pause } from '../support/sockets';
import { type TestStores, openTestStores } from '../support/stores';

const PASSWORD = 'session-end-2024';

interface Session {
  id: number;
  email: string;
  token: string;
  refresh: string;
}

/**
 * Issue 13, items 1, 2 and 7 (handshake): a session that ends takes its sockets with it, whatever
 * ended it; a token's expiry too unless refreshed on the socket; recovering a dropped connection
 * signs in again and re-checks every room. Each attack here succeeded before.
 */
describe('realtime sessions end with their session (attacks of issue 13)', () => {
  let stores: TestStores;
  let fit: TestApp;
  let calm: TestApp;
  let cam: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    stores = await openTestStores();
    // One after the other: apps sharing a PostgreSQL database each migrate it in turn.
    fit = await startTestApp('fitmate', { JWT_REFRESH_REUSE_GRACE: '1s' }, { stores });
    calm = await startTestApp('mindpause', {}, { stores });
    cam = await startTestApp('mimo', {}, { stores });
  }, 180_000);
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await Promise.all([fit?.close(), calm?.close(), cam?.close()]);
    await stores?.close();
  });

  const signUp = async (t: TestApp): Promise<Session> => {
    const email = uniqueEmail('end');
    const prefix = t === calm ? '/api/v1' : '/api';
    const body =
      t === calm
        ? { email, password: PASSWORD, nickname: '세션' }
        : t === cam
          ? { email, password: PASSWORD, name: '세션', agreements: { terms: true, privacy: true } }
          : { email, password: PASSWORD, name: '세션' };
    const res = await t.api.post(`${prefix}/auth/register`, { body });
    if (res.status !== 201) throw new Error(res.text);
    return { id: res.body.data.user.id, email, token: res.body.data.accessToken, refresh: res.body.data.refreshToken };
  };
  const signIn = async (t: TestApp, who: Session): Promise<Session> => {
    const res = await t.api.post(`${t === calm ? '/api/v1' : '/api'}/auth/login`, { body: { email: who.email, password: PASSWORD } });
    return { ...who, token: res.body.data.accessToken, refresh: res.body.data.refreshToken };
  };
  const socketOf = async (t: TestApp, token: string) => {
    const socket = connect(t, token);
    socket.io.reconnection(false);
    open.push(socket);
    return connected(socket);
  };
  /** The socket closed within a second of the request that ended its session, told why. */
  const endedBy = async (ending: Promise<SocketEnd>, doneAt: number, code: string) => {
    const end = await ending;
    expect(end.reason).toBe('io server disconnect');
    expect(end.ended?.code).toBe(code);
    expect(end.at - doneAt).toBeLessThan(1_000);
  };

  describe('item 1: every way a session ends closes its sockets at once', () => {
    it('logout closes the sockets of that session, and only those', async () => {
      const me = await signUp(fit);
      const other = await signIn(fit, me);
      const [mine, elsewhere] = await Promise.all([socketOf(fit, me.token), socketOf(fit, other.token)]);
      const ending = endOf(mine);
      const res = await fit.api.post('/api/auth/logout', { token: me.token });
      expect(res.status).toBe(200);
      await endedBy(ending, Date.now(), 'SESSION_REVOKED');
      // The session ended, the room events stop: nothing more reaches that socket.
      expect((await socketsIn(fit, `user:${me.id}`)).map((s) => s.id)).toEqual([elsewhere.id]);
      expect(elsewhere.connected).toBe(true);
    });

    it('logout-all closes every socket of the account', async () => {
      const me = await signUp(fit);
      const other = await signIn(fit, me);
      const sockets = await Promise.all([socketOf(fit, me.token), socketOf(fit, other.token)]);
      const endings = sockets.map((s) => endOf(s));
      const res = await fit.api.post('/api/auth/logout-all', { token: me.token });
      expect(res.status, res.text).toBe(200);
      const doneAt = Date.now();
      for (const ending of endings) await endedBy(ending, doneAt, 'SESSION_REVOKED');
      expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: other.refresh } })).status).toBe(401);
    });

    it('a refresh token used again (theft) closes the sockets of its session', async () => {
      const me = await signUp(fit);
      const socket = await socketOf(fit, me.token);
      expect((await fit.api.post('/api/auth/refresh', { body: { refreshToken: me.refresh } })).status).toBe(200);
      await pause(1_100); // past the grace two racing tabs get
      const ending = endOf(socket);
      const reused = await fit.api.post('/api/auth/refresh', { body: { refreshToken: me.refresh } });
      expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
      await endedBy(ending, Date.now(), 'SESSION_REVOKED');
    });

    it('deleting the account closes all its sockets', async () => {
      const me = await signUp(fit);
      const socket = await socketOf(fit, me.token);
      const ending = endOf(socket);
      const res = await fit.api.delete('/api/users/account', { token: me.token, body: { password: PASSWORD } });
      expect(res.status, res.text).toBe(200);
      await endedBy(ending, Date.now(), 'SESSION_REVOKED');
    });

    it('an admin’s suspension closes all the account’s sockets, telling it why', async () => {
      const me = await signUp(calm);
      const adminEmail = uniqueEmail('calm-admin');
      const adminId = await calm.app.identity.createUser({ email: adminEmail, password: PASSWORD, name: '관리자', roles: ['ADMIN'] });
      const staff = await signIn(calm, { id: adminId, email: adminEmail, token: '', refresh: '' });
      const sockets = await Promise.all([socketOf(calm, me.token), socketOf(calm, (await signIn(calm, me)).token)]);
      const endings = sockets.map((s) => endOf(s));
      const res = await calm.api.patch(`/api/v1/admin/users/${me.id}/suspend`, { token: staff.token, body: { reason: '운영 정책 위반' } });
      expect(res.status, res.text).toBe(200);
      const doneAt = Date.now();
      for (const ending of endings) await endedBy(ending, doneAt, 'ACCOUNT_SUSPENDED');
    });

    it('a password change closes the other devices’ sockets and keeps this one', async () => {
      const me = await signUp(calm);
      const there = await signIn(calm, me);
      const [here, away] = await Promise.all([socketOf(calm, me.token), socketOf(calm, there.token)]);
      const ending = endOf(away);
      const res = await calm.api.patch('/api/v1/users/me/password', { token: me.token, body: { currentPassword: PASSWORD, newPassword: 'changed-pass-77' } });
      expect(res.status, res.text).toBe(200);
      await endedBy(ending, Date.now(), 'SESSION_REVOKED');
      expect(here.connected).toBe(true);
    });

    it('a password reset closes every socket of the account', async () => {
      const me = await signUp(calm);
      const socket = await socketOf(calm, me.token);
      const code = await calm.app.identity.codes.issue(me.id, me.email, 'password_reset');
      const ending = endOf(socket);
      const res = await calm.api.post('/api/v1/auth/reset-password', { body: { email: me.email, code, newPassword: 'reset-pass-88' } });
      expect(res.status, res.text).toBe(200);
      await endedBy(ending, Date.now(), 'SESSION_REVOKED');
    });

    it('a MIMO viewer whose access is revoked is told, and its watching socket is closed', async () => {
      const [owner, viewer] = [await signUp(cam), await signUp(cam)];
      const { id: cameraId } = await camera(cam, { ...owner });
      await pair(cam, { ...owner }, cameraId, { ...viewer });
      const socket = await socketOf(cam, viewer.token);
      expect((await ask(socket, 'live:join', { cameraId })).ok).toBe(true);
      const revoked = next(socket, 'viewer:revoked');
      const ending = endOf(socket);
      const res = await cam.api.delete(`/api/connection/${cameraId}/viewers/${viewer.id}`, { token: owner.token });
      expect(res.status, res.text).toBe(200);
      const doneAt = Date.now();
      expect(await revoked).toEqual({ cameraId, userId: viewer.id });
      const end = await ending;
      expect(end.reason).toBe('io server disconnect');
      expect(end.at - doneAt).toBeLessThan(1_000);
    });
  });

  describe('item 1: an access token’s expiry closes its socket, unless refreshed on the socket', () => {
    it('closes a socket when its token expires', async () => {
      const me = await signUp(fit);
      const short = await forgeAccessToken('fitmate', me.token, { expiresInSec: 2 });
      const socket = await socketOf(fit, short);
      const end = await endOf(socket, 6_000);
      expect(end.ended?.code).toBe('TOKEN_EXPIRED');
      expect(end.reason).toBe('io server disconnect');
    });

    it('keeps it open past the old expiry after auth:refresh with a fresh token of the same user', async () => {
      const me = await signUp(fit);
      const short = await forgeAccessToken('fitmate', me.token, { expiresInSec: 2 });
      const socket = await socketOf(fit, short);
      const stranger = await signUp(fit);
      const wrong = await ask(socket, 'auth:refresh', { token: stranger.token });
      expect(wrong).toMatchObject({ ok: false, error: { event: 'auth:refresh', code: 'SOCKET_TOKEN_OTHER_USER' } });
      expect((await ask(socket, 'auth:refresh', {})).error.code).toBe('VALIDATION_ERROR');
      const refreshed = await ask(socket, 'auth:refresh', { token: me.token });
      expect(refreshed.ok).toBe(true);
      expect(Date.parse(refreshed.data.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
      await pause(2_500);
      expect(socket.connected).toBe(true);
      const hello = next(socket, 'hello');
      fit.app.gateway.toUser(me.id, 'hello', 'still here');
      expect(await hello).toBe('still here');
    });

    it('refuses a refresh with a token of an ended session, and the socket still expires', async () => {
      const me = await signUp(fit);
      const other = await signIn(fit, me);
      await fit.api.post('/api/auth/logout', { token: other.token });
      const socket = await socketOf(fit, await forgeAccessToken('fitmate', me.token, { expiresInSec: 2 }));
      expect((await ask(socket, 'auth:refresh', { token: other.token })).error.code).toBe('SESSION_REVOKED');
      expect((await endOf(socket, 6_000)).ended?.code).toBe('TOKEN_EXPIRED');
    });
  });

  describe('item 7: a handshake with a malformed token', () => {
    it('is an auth error (INVALID_TOKEN), never SERVICE_UNAVAILABLE, and HTTP answers it 401', async () => {
      const me = await signUp(fit);
      const malformed = await forgeAccessToken('fitmate', me.token, { sid: 'not-a-uuid' });
      const socket = connect(fit, malformed);
      socket.io.reconnection(false);
      open.push(socket);
      const error = await connected(socket).then(
        () => undefined,
        (err: Error & { data?: { code: string } }) => err,
      );
      expect(error?.message).toBe('INVALID_TOKEN');
      const res = await fit.api.get('/api/auth/me', { token: malformed });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_TOKEN');
    });
  });

  describe('item 2: recovering a dropped connection signs in again and re-checks every room', () => {
    /** A socket that dropped off the network with events waiting for it: the client will try to recover. */
    const dropped = async (t: TestApp, token: string, warmUp: (socket: Socket) => Promise<void>) => {
      const socket = await socketOf(t, token);
      await warmUp(socket); // recovery resumes from the offset of the last event seen
      const heard = wire(socket);
      const id = socket.id!;
      socket.io.engine.close();
      // Gone on the server too, which kept its session for recovery.
      await eventually(async () => !t.app.gateway.io.sockets.sockets.has(id));
      return { socket, heard };
    };
    const reconnect = (socket: Socket) =>
      new Promise<Error | undefined>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the socket neither reconnected nor was refused')), 10_000);
        const settle = (error?: Error) => {
          clearTimeout(timer);
          resolve(error);
        };
        socket.once('connect', () => settle());
        socket.once('connect_error', settle);
        socket.connect();
      });
    const warmUser = (t: TestApp, userId: number) => async (socket: Socket) => {
      const warm = next(socket, 'note');
      t.app.gateway.toUser(userId, 'note', 0);
      await warm;
    };

    it('a signed-out user gets neither the socket nor what it missed, even on the wire', async () => {
      const me = await signUp(fit);
      const { socket, heard } = await dropped(fit, me.token, warmUser(fit, me.id));
      await fit.api.post('/api/auth/logout', { token: me.token });
      fit.app.gateway.toUser(me.id, 'note', 'sent while away');
      const refused = await reconnect(socket);
      expect(refused?.message).toBe('SESSION_REVOKED');
      await pause(200);
      expect(heard).not.toContain('note');
    });

    it('the old session id and offset alone (no token) restore nothing', async () => {
      const me = await signUp(fit);
      const { socket } = await dropped(fit, me.token, warmUser(fit, me.id));
      const { _pid: pid, _lastOffset: offset } = socket as unknown as { _pid: string; _lastOffset: string };
      fit.app.gateway.toUser(me.id, 'note', 'for the owner only');
      const thief = connect(fit, undefined);
      thief.io.reconnection(false);
      thief.auth = { pid, offset };
      open.push(thief);
      const heard = wire(thief);
      const error = await connected(thief).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error?.message).toBe('UNAUTHORIZED');
      await pause(200);
      expect(heard).toEqual([]);
    });

    it('a member removed from a group chat comes back without the room and without its messages', async () => {
      const [admin, member] = [await signUp(fit), await signUp(fit)];
      await acquaint(fit, { ...admin }, { ...member });
      const room = (await fit.api.post('/api/chat/rooms', { token: admin.token, body: { roomType: 'group', name: '크루', participantIds: [member.id] } })).body
        .data.id;
      const { socket, heard } = await dropped(fit, member.token, async (s) => {
        await ask(s, 'joinChat', { chatRoomId: room });
        const warm = next(s, 'newMessage');
        await fit.api.post(`/api/chat/rooms/${room}/messages`, { token: admin.token, body: { message: '처음 메시지' } });
        await warm;
      });
      expect((await fit.api.delete(`/api/chat/rooms/${room}/participants/${member.id}`, { token: admin.token })).status).toBe(200);
      await fit.api.post(`/api/chat/rooms/${room}/messages`, { token: admin.token, body: { message: '나간 뒤의 비밀 이야기' } });
      expect(await reconnect(socket)).toBeUndefined();
      expect(socket.recovered).toBe(false);
      await pause(200);
      expect(heard).not.toContain('newMessage');
      expect((await socketsIn(fit, `chat:${room}`)).map((s) => s.id)).not.toContain(socket.id);
    });

    it('a member still in the room gets the room and its missed messages back', async () => {
      const [admin, member] = [await signUp(fit), await signUp(fit)];
      await acquaint(fit, { ...admin }, { ...member });
      const room = (await fit.api.post('/api/chat/rooms', { token: admin.token, body: { roomType: 'group', name: '크루', participantIds: [member.id] } })).body
        .data.id;
      const { socket } = await dropped(fit, member.token, async (s) => {
        await ask(s, 'joinChat', { chatRoomId: room });
        const warm = next(s, 'newMessage');
        await fit.api.post(`/api/chat/rooms/${room}/messages`, { token: admin.token, body: { message: '처음 메시지' } });
        await warm;
      });
      const missed: string[] = [];
      socket.on('newMessage', (m: { message: string }) => missed.push(m.message));
      await fit.api.post(`/api/chat/rooms/${room}/messages`, { token: admin.token, body: { message: '놓친 메시지' } });
      expect(await reconnect(socket)).toBeUndefined();
      expect(socket.recovered).toBe(true);
      await eventually(() => missed.includes('놓친 메시지'));
      expect((await socketsIn(fit, `chat:${room}`)).map((s) => s.id)).toContain(socket.id);
    });

    it('a revoked MIMO viewer comes back outside the live room and cannot start a new live view', async () => {
      const [owner, viewer] = [await signUp(cam), await signUp(cam)];
      const { id: cameraId } = await camera(cam, { ...owner });
      await pair(cam, { ...owner }, cameraId, { ...viewer });
      const { socket, heard } = await dropped(cam, viewer.token, async (s) => {
        expect((await ask(s, 'live:join', { cameraId })).ok).toBe(true);
        const warm = next(s, 'camera:status');
        cam.app.gateway.io.to(`camera:${cameraId}`).emit('camera:status', { cameraId, status: 'online' });
        await warm;
      });
      expect((await cam.api.delete(`/api/connection/${cameraId}/viewers/${viewer.id}`, { token: owner.token })).status).toBe(200);
      cam.app.gateway.io.to(`camera:${cameraId}`).emit('camera:status', { cameraId, status: 'offline' });
      expect(await reconnect(socket)).toBeUndefined();
      expect(socket.recovered).toBe(false);
      await pause(200);
      expect(heard).not.toContain('camera:status');
      expect((await socketsIn(cam, `camera:${cameraId}`)).map((s) => s.id)).not.toContain(socket.id);
      const again = await ask(socket, 'live:join', { cameraId });
      expect(again).toMatchObject({ ok: false, error: { code: 'E_CAMERA_NOT_FOUND' } });
      const signal = await ask(socket, 'rtc:offer', { cameraId, to: 'anyone', sdp: 'v=0' });
      expect(signal.ok).toBe(false);
    });
  });
});
