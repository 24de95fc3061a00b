import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionsEnded } from '../../src/platform/auth/session-end';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { camera } from '../support/mimo-cameras';
import { pair } from '../support/mimo-live';
import { type SocketEnd, endOf } from '../support/realtime-attacks';
import { ask, connect, connected, eventually, next } from '../support/sockets';
import { onServices } from '../support/stores';

const PASSWORD = 'two-nodes-end-2024';

interface Session {
  id: number;
  email: string;
  token: string;
}

/**
 * Issue 13, item 1 across nodes: a session ended through node A closes its sockets on node B
 * within a second, and node B's `onSessionEnded` listeners (how other transports close theirs)
 * hear of it. Two app instances share PostgreSQL and Redis, as two nodes behind a load balancer.
 */
describe.runIf(onServices())('sessions end on every node (PostgreSQL + Redis)', () => {
  const nodes: Record<'fitA' | 'fitB' | 'calmA' | 'calmB' | 'camA' | 'camB', TestApp> = {} as never;
  const heardOnB: SessionsEnded[] = [];
  const open: Socket[] = [];
  beforeAll(async () => {
    nodes.fitA = await startTestApp('fitmate');
    const stores = { stores: nodes.fitA.stores };
    // One after the other: apps sharing a PostgreSQL database each migrate it in turn.
    nodes.fitB = await startTestApp('fitmate', {}, stores);
    nodes.calmA = await startTestApp('mindpause', {}, stores);
    nodes.calmB = await startTestApp('mindpause', {}, stores);
    nodes.camA = await startTestApp('mimo', {}, stores);
    nodes.camB = await startTestApp('mimo', {}, stores);
    nodes.fitB.app.gateway.onSessionEnded((ended) => void heardOnB.push(ended));
  }, 180_000);
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    const { fitA, ...others } = nodes;
    await Promise.all(Object.values(others).map((node) => node?.close()));
    await fitA?.close();
  });

  const prefixOf = (t: TestApp) => (t === nodes.calmA || t === nodes.calmB ? '/api/v1' : '/api');
  const signUp = async (t: TestApp, extra: Record<string, unknown> = {}): Promise<Session> => {
    const email = uniqueEmail('nodes-end');
    // Each app's own sign-up fields: MindPause names people by nickname, the others by name.
    const naming = prefixOf(t) === '/api/v1' ? { nickname: '노드' } : { name: '노드' };
    const res = await t.api.post(`${prefixOf(t)}/auth/register`, { body: { email, password: PASSWORD, ...naming, ...extra } });
    if (res.status !== 201) throw new Error(res.text);
    return { id: res.body.data.user.id, email, token: res.body.data.accessToken };
  };
  const signIn = async (t: TestApp, who: Session): Promise<Session> => {
    const res = await t.api.post(`${prefixOf(t)}/auth/login`, { body: { email: who.email, password: PASSWORD } });
    return { ...who, token: res.body.data.accessToken };
  };
  const socketOn = async (t: TestApp, token: string) => {
    const socket = connect(t, token);
    socket.io.reconnection(false);
    open.push(socket);
    return connected(socket);
  };
  const within = async (ending: Promise<SocketEnd>, doneAt: number, code?: string) => {
    const end = await ending;
    expect(end.reason).toBe('io server disconnect');
    if (code) expect(end.ended?.code).toBe(code);
    expect(end.at - doneAt).toBeLessThan(1_000);
  };

  it('logout on node A closes the session’s socket on node B, and tells B’s listeners', async () => {
    const me = await signUp(nodes.fitA);
    const socket = await socketOn(nodes.fitB, me.token);
    const ending = endOf(socket);
    expect((await nodes.fitA.api.post('/api/auth/logout', { token: me.token })).status).toBe(200);
    await within(ending, Date.now(), 'SESSION_REVOKED');
    await eventually(() => heardOnB.some((e) => e.userId === me.id));
    expect(heardOnB.find((e) => e.userId === me.id)).toMatchObject({ userId: me.id, account: false, reason: 'logout' });
    expect(heardOnB.find((e) => e.userId === me.id)!.sessionIds).toHaveLength(1);
  });

  it('logout-all on node A closes the account’s sockets on both nodes', async () => {
    const me = await signUp(nodes.fitA);
    const other = await signIn(nodes.fitB, me);
    const sockets = await Promise.all([socketOn(nodes.fitA, me.token), socketOn(nodes.fitB, other.token)]);
    const endings = sockets.map((s) => endOf(s));
    expect((await nodes.fitA.api.post('/api/auth/logout-all', { token: me.token })).status).toBe(200);
    const doneAt = Date.now();
    for (const ending of endings) await within(ending, doneAt, 'SESSION_REVOKED');
  });

  it('deleting the account on node B closes its socket on node A', async () => {
    const me = await signUp(nodes.fitA);
    const socket = await socketOn(nodes.fitA, me.token);
    const ending = endOf(socket);
    expect((await nodes.fitB.api.delete('/api/users/account', { token: me.token, body: { password: PASSWORD } })).status).toBe(200);
    await within(ending, Date.now(), 'SESSION_REVOKED');
  });

  it('a suspension on node A closes the account’s socket on node B', async () => {
    const me = await signUp(nodes.calmA);
    const email = uniqueEmail('nodes-admin');
    await nodes.calmA.app.identity.createUser({ email, password: PASSWORD, name: '관리자', roles: ['ADMIN'] });
    const staff = await signIn(nodes.calmA, { id: 0, email, token: '' });
    const socket = await socketOn(nodes.calmB, me.token);
    const ending = endOf(socket);
    expect((await nodes.calmA.api.patch(`/api/v1/admin/users/${me.id}/suspend`, { token: staff.token, body: { reason: '정책 위반' } })).status).toBe(200);
    await within(ending, Date.now(), 'ACCOUNT_SUSPENDED');
  });

  it('a password change on node A closes the other device’s socket on node B', async () => {
    const me = await signUp(nodes.calmA);
    const there = await signIn(nodes.calmB, me);
    const socket = await socketOn(nodes.calmB, there.token);
    const ending = endOf(socket);
    const res = await nodes.calmA.api.patch('/api/v1/users/me/password', {
      token: me.token,
      body: { currentPassword: PASSWORD, newPassword: 'other-node-99' },
    });
    expect(res.status).toBe(200);
    await within(ending, Date.now(), 'SESSION_REVOKED');
  });

  it('a password reset on node A closes the account’s socket on node B', async () => {
    const me = await signUp(nodes.calmA);
    const socket = await socketOn(nodes.calmB, me.token);
    const code = await nodes.calmA.app.identity.codes.issue(me.id, me.email, 'password_reset');
    const ending = endOf(socket);
    expect((await nodes.calmA.api.post('/api/v1/auth/reset-password', { body: { email: me.email, code, newPassword: 'reset-node-99' } })).status).toBe(200);
    await within(ending, Date.now(), 'SESSION_REVOKED');
  });

  it('revoking a MIMO viewer on node A closes its watching socket on node B', async () => {
    const terms = { agreements: { terms: true, privacy: true } };
    const [owner, viewer] = [await signUp(nodes.camA, terms), await signUp(nodes.camA, terms)];
    const { id: cameraId } = await camera(nodes.camA, owner);
    await pair(nodes.camA, owner, cameraId, viewer);
    const socket = await socketOn(nodes.camB, viewer.token);
    expect((await ask(socket, 'live:join', { cameraId })).ok).toBe(true);
    const revoked = next(socket, 'viewer:revoked');
    const ending = endOf(socket);
    expect((await nodes.camA.api.delete(`/api/connection/${cameraId}/viewers/${viewer.id}`, { token: owner.token })).status).toBe(200);
    const doneAt = Date.now();
    expect(await revoked).toEqual({ cameraId, userId: viewer.id });
    await within(ending, doneAt);
  });
});
