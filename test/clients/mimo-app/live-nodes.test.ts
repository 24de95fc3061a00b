import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cameras } from '../../../src/apps/mimo/cameras/tables';
import { type TestApp, startTestApp } from '../../support/app';
import { type AppHttp, AppSocket, type Person, appCameraId, appHttp, appUser, candidate, sdpOf, signallingUrl } from '../../support/mimo-app';
import { onServices } from '../../support/stores';

// Two MIMO nodes sharing PostgreSQL and Redis, as two nodes behind a load balancer: the camera's
// phone on one, the viewer's on the other.
describe.runIf(onServices())('the MIMO app’s live protocol across two nodes (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let http: AppHttp;
  const sockets: AppSocket[] = [];
  beforeAll(async () => {
    a = await startTestApp('mimo');
    b = await startTestApp('mimo', {}, { stores: a.stores });
    http = appHttp(a);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const open = async (node: TestApp, token: string) => {
    const socket = await AppSocket.open(signallingUrl(node, token));
    sockets.push(socket);
    await socket.next('client_id');
    return socket;
  };

  /** The camera phone on node A; a paired viewer joined on node B. */
  const split = async () => {
    const owner = await appUser(http, '노드A');
    const cameraId = appCameraId(owner);
    const pin = (await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } })).body.data.pinCode;
    const camera = await open(a, owner.accessToken);
    camera.send('register_camera', { id: cameraId, name: '거실' });
    await camera.next('camera_registered');
    const viewer: Person = await appUser(appHttp(b), '노드B');
    await appHttp(b).axios('POST', `/cameras/connect/pin/${pin}`, { token: viewer.accessToken });
    const socket = await open(b, viewer.accessToken);
    const viewerId = `viewer_${Date.now()}`;
    socket.send('join_stream', { cameraId, viewerId });
    return { owner, cameraId, camera, viewer, socket, viewerId };
  };

  it('relays the whole call between a camera on node A and a viewer on node B, with counts', async () => {
    const { cameraId, camera, socket, viewerId } = await split();
    expect(await socket.next('stream_joined')).toMatchObject({ cameraId, viewerId, viewerCount: 1 });
    expect(await camera.next('viewer_joined')).toEqual({ cameraId, viewerId });
    expect(await camera.next('viewer_count_update')).toMatchObject({ viewerCount: 1 });
    camera.send('webrtc_signaling', { from: cameraId, to: viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
    camera.send('webrtc_signaling', { from: cameraId, to: viewerId, type: 'ice-candidate', data: candidate });
    expect(await socket.next('webrtc_signaling')).toEqual({ from: cameraId, to: viewerId, type: 'offer', data: { type: 'offer', sdp: sdpOf('offer') } });
    expect((await socket.next('webrtc_signaling')).type).toBe('ice-candidate');
    socket.send('webrtc_signaling', { from: viewerId, to: cameraId, type: 'answer', data: { type: 'answer', sdp: sdpOf('answer') } });
    socket.send('webrtc_signaling', { from: viewerId, to: cameraId, type: 'ice-candidate', data: candidate });
    expect(await camera.next('webrtc_signaling')).toEqual({ from: viewerId, to: cameraId, type: 'answer', data: { type: 'answer', sdp: sdpOf('answer') } });
    expect((await camera.next('webrtc_signaling')).type).toBe('ice-candidate');
    socket.close();
    expect(await camera.next('viewer_left')).toEqual({ cameraId, viewerId });
    expect(await camera.next('viewer_count_update')).toMatchObject({ viewerCount: 0 });
  });

  it('counts a viewer on the other node, and keeps a second viewer’s id from clashing across nodes', async () => {
    const { owner, cameraId, socket, viewerId } = await split();
    await socket.next('stream_joined');
    const [row] = await a.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, cameraId));
    expect((await http.axios('GET', `/cameras/${row!.id}/stats`, { token: owner.accessToken })).body.data.viewers.watching).toBe(1);
    const pin = (await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } })).body.data.pinCode;
    const other = await appUser(http);
    await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: other.accessToken });
    const clash = await open(a, other.accessToken);
    clash.send('join_stream', { cameraId, viewerId });
    expect((await clash.next('error')).code).toBe('E_LIVE_VIEWER_ID_TAKEN');
  });

  it('closes a viewer on node B revoked through node A, and the camera on node A hears it leave', async () => {
    const { owner, cameraId, camera, viewer, socket, viewerId } = await split();
    await socket.next('stream_joined');
    await camera.next('viewer_joined');
    const [row] = await a.stores.database.db.select().from(cameras).where(eq(cameras.deviceId, cameraId));
    expect((await a.api.delete(`/api/connection/${row!.id}/viewers/${viewer.id}`, { token: owner.accessToken })).status).toBe(200);
    expect((await socket.next('error')).code).toBe('E_LIVE_VIEWER_REVOKED');
    expect((await socket.closed).code).toBe(4403);
    expect(await camera.next('viewer_left')).toEqual({ cameraId, viewerId });
  });
});
