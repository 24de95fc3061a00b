import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { account as fitmateAccount, acquaint } from '../support/fitmate';
import { account as mimoAccount } from '../support/mimo';
import { account as mindpauseAccount } from '../support/mindpause';
import { camera } from '../support/mimo-cameras';
import { pair } from '../support/mimo-live';
import { collect, connect, connected, eventually, pause } from '../support/sockets';
import { type TestStores, openTestStores } from '../support/stores';

/**
 * Issue 13, item 3: userOnline/userOffline went to every socket of every app. Presence now reaches
 * only people of the same app who share a chat room (FitMate) or a camera (MIMO); MindPause has no
 * presence audience at all.
 */
describe('presence stays private (attacks of issue 13)', () => {
  let stores: TestStores;
  let fit: TestApp;
  let calm: TestApp;
  let cam: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    stores = await openTestStores();
    const env = { PRESENCE_OFFLINE_GRACE: '1s' };
    // One after the other: apps sharing a PostgreSQL database each migrate it in turn.
    fit = await startTestApp('fitmate', env, { stores });
    calm = await startTestApp('mindpause', env, { stores });
    cam = await startTestApp('mimo', env, { stores });
  }, 180_000);
  afterEach(() => {
    for (const socket of open.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await Promise.all([fit?.close(), calm?.close(), cam?.close()]);
    await stores?.close();
  });

  const socketOf = async (t: TestApp, token: string) => {
    const socket = connect(t, token);
    open.push(socket);
    return connected(socket);
  };
  /** Everyone's presence events about `userId`, on each watching socket. */
  const watch = (sockets: [Socket, Socket], userId: number) =>
    sockets.map((socket) => {
      const seen: string[] = [];
      for (const event of ['userOnline', 'userOffline']) socket.on(event, (e: { userId: number }) => e.userId === userId && seen.push(event));
      return seen;
    }) as [string[], string[]];

  it('FitMate: only people who share a chat room with the user hear them come and go', async () => {
    const [walker, mate, stranger] = await Promise.all([fitmateAccount(fit), fitmateAccount(fit), fitmateAccount(fit)]);
    await acquaint(fit, walker, mate);
    const [mateSocket, strangerSocket] = await Promise.all([socketOf(fit, mate.token), socketOf(fit, stranger.token)]);
    const [toMate, toStranger] = watch([mateSocket, strangerSocket], walker.id);
    const walking = await socketOf(fit, walker.token);
    await eventually(() => toMate.includes('userOnline'));
    walking.disconnect();
    await eventually(() => toMate.includes('userOffline'), 5_000);
    expect(toMate).toEqual(['userOnline', 'userOffline']);
    expect(toStranger).toEqual([]);
  });

  it('MIMO: the owner and the viewers of a camera hear each other; other users do not', async () => {
    const [owner, viewer, stranger] = await Promise.all([mimoAccount(cam), mimoAccount(cam), mimoAccount(cam)]);
    const { id: cameraId } = await camera(cam, owner);
    await pair(cam, owner, cameraId, viewer);
    const [ownerSocket, strangerSocket] = await Promise.all([socketOf(cam, owner.token), socketOf(cam, stranger.token)]);
    const [toOwner, toStranger] = watch([ownerSocket, strangerSocket], viewer.id);
    const viewing = await socketOf(cam, viewer.token);
    await eventually(() => toOwner.includes('userOnline'));
    viewing.disconnect();
    await eventually(() => toOwner.includes('userOffline'), 5_000);
    expect(toStranger).toEqual([]);
  });

  it('MindPause: no one hears anyone’s presence', async () => {
    const [a, b] = await Promise.all([mindpauseAccount(calm), mindpauseAccount(calm)]);
    const watcher = await socketOf(calm, b.token);
    const online = collect(watcher, 'userOnline');
    const offline = collect(watcher, 'userOffline');
    const socket = await socketOf(calm, a.token);
    socket.disconnect();
    await pause(1_500);
    expect(online).toEqual([]);
    expect(offline).toEqual([]);
  });
});
