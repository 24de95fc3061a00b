import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../../support/app';
import { type AppHttp, appCameraId, appHttp, appUser, signallingUrl } from '../../support/mimo-app';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/**
 * The app's camera phone, as its hooks behave: register_camera, then on each viewer_joined a peer
 * connection with the camera's tracks, an offer and its candidates to that viewer, start_stream;
 * answers and candidates from viewers applied; a viewer that leaves is hung up on.
 */
function cameraPhone({ url, cameraId, cameraName }: { url: string; cameraId: string; cameraName: string }) {
  return new Promise<void>((ready, fail) => {
    // The page's globals, untyped: the test is compiled without the DOM library.
    const w = globalThis as any;
    w.peers = new Map();
    w.frames = [];
    const send = (type: string, data: unknown) => w.ws.send(JSON.stringify({ type, data }));
    w.navigator.mediaDevices.getUserMedia({ video: true }).then((stream: any) => {
      w.ws = new w.WebSocket(url);
      w.ws.onerror = () => fail(new Error('socket failed'));
      w.ws.onopen = () => send('register_camera', { id: cameraId, name: cameraName, timestamp: Date.now() });
      w.ws.onmessage = async (event: { data: string }) => {
        const { type, data } = JSON.parse(event.data);
        w.frames.push(type);
        if (type === 'camera_registered') ready();
        if (type === 'viewer_joined') {
          const pc = new w.RTCPeerConnection({ iceServers: [] });
          const peer = { pc, pending: [] as unknown[], answered: false };
          w.peers.set(data.viewerId, peer);
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          pc.onicecandidate = ({ candidate }: any) =>
            candidate && send('webrtc_signaling', { from: cameraId, to: data.viewerId, type: 'ice-candidate', data: candidate.toJSON() });
          await pc.setLocalDescription(await pc.createOffer());
          send('webrtc_signaling', { from: cameraId, to: data.viewerId, type: 'offer', data: { type: 'offer', sdp: pc.localDescription.sdp } });
          send('start_stream', { cameraId, viewerId: data.viewerId, timestamp: Date.now() });
        }
        if (type === 'viewer_left') {
          w.peers.get(data.viewerId)?.pc.close();
          w.peers.delete(data.viewerId);
        }
        if (type === 'webrtc_signaling') {
          const peer = w.peers.get(data.from);
          if (!peer) return;
          if (data.type === 'answer') {
            await peer.pc.setRemoteDescription(data.data);
            peer.answered = true;
            for (const candidate of peer.pending.splice(0)) await peer.pc.addIceCandidate(candidate);
          } else if (data.type === 'ice-candidate') {
            if (peer.answered) await peer.pc.addIceCandidate(data.data);
            else peer.pending.push(data.data);
          }
        }
      };
    }, fail);
  });
}

/** The app's viewer phone: its socket (open, qr_connect) now; join_stream once the PIN is spent over HTTP. */
function viewerPhone({ url, pin }: { url: string; pin: string }) {
  return new Promise<void>((ready, fail) => {
    const w = globalThis as any;
    w.frames = [];
    w.closedWith = null;
    const send = (type: string, data: unknown) => w.ws.send(JSON.stringify({ type, data }));
    const video = w.document.createElement('video');
    video.id = 'remote';
    video.autoplay = true;
    video.muted = true;
    w.document.body.append(video);
    let pc: any;
    const pending: unknown[] = [];
    w.ws = new w.WebSocket(url);
    w.ws.onerror = () => fail(new Error('socket failed'));
    w.ws.onclose = (event: { code: number }) => (w.closedWith = event.code);
    w.ws.onopen = () => {
      send('qr_connect', { connectionId: pin });
      ready();
    };
    w.join = (cameraId: string, viewerId: string) => send('join_stream', { cameraId, viewerId });
    w.ws.onmessage = async (event: { data: string }) => {
      const { type, data } = JSON.parse(event.data);
      w.frames.push(type);
      if (type !== 'webrtc_signaling') return;
      if (data.type === 'offer') {
        pc = new w.RTCPeerConnection({ iceServers: [] });
        w.pc = pc;
        pc.ontrack = ({ streams, track }: any) => (video.srcObject = streams[0] ?? new w.MediaStream([track]));
        pc.onicecandidate = ({ candidate }: any) =>
          candidate && send('webrtc_signaling', { from: data.to, to: data.from, type: 'ice-candidate', data: candidate.toJSON() });
        await pc.setRemoteDescription(data.data);
        for (const candidate of pending.splice(0)) await pc.addIceCandidate(candidate);
        await pc.setLocalDescription(await pc.createAnswer());
        send('webrtc_signaling', { from: data.to, to: data.from, type: 'answer', data: { type: 'answer', sdp: pc.localDescription.sdp } });
      } else if (data.type === 'ice-candidate') {
        if (pc?.remoteDescription) await pc.addIceCandidate(data.data);
        else pending.push(data.data);
      }
    };
  });
}

describe.skipIf(!existsSync(CHROMIUM))('the MIMO app’s journey (c) in Chromium, over the plain WebSocket', () => {
  let t: TestApp;
  let http: AppHttp;
  let browser: Browser;
  beforeAll(async () => {
    // No STUN server to reach from here: the two phones find each other by their host candidates.
    [t, browser] = await Promise.all([startTestApp('mimo', { RTC_STUN_URLS: 'none' }), chromium.launch({ executablePath: CHROMIUM, args: ARGS })]);
    http = appHttp(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A phone: its own browser context, on MIMO's origin (a secure context for the camera). */
  const phone = async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.api.baseUrl}/api/health`);
    return { page, problems };
  };

  /** Video frames arrive: the picture has a size, the viewer counts decoded frames and new ones keep coming. */
  const framesArrive = async (page: Page) => {
    await page.waitForFunction(
      () => {
        const v = (globalThis as any).document.getElementById('remote');
        return !!v && v.videoWidth > 0 && v.currentTime > 0;
      },
      undefined,
      { timeout: 30_000 },
    );
    const counted = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const video = (globalThis as any).document.getElementById('remote');
          let frames = 0;
          const onFrame = () => {
            frames += 1;
            if (frames >= 10) resolve(frames);
            else video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
        }),
    );
    expect(counted).toBe(10);
    const decoded = await page.evaluate(async () => {
      const stats = await (globalThis as any).pc.getStats();
      let frames = 0;
      stats.forEach((report: any) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') frames = report.framesDecoded;
      });
      return frames;
    });
    expect(decoded).toBeGreaterThan(0);
  };

  it('streams the camera phone’s camera to a viewer phone that paired by PIN, until the owner revokes it', async () => {
    const owner = await appUser(http, '브라우저집');
    const viewer = await appUser(http, '브라우저가족');
    const cameraId = appCameraId(owner);
    const pin = (await http.fetchHelper('POST', '/cameras/generate-pin', { token: owner.accessToken, body: { cameraId } })).body.data.pinCode as string;

    const camera = await phone();
    await camera.page.evaluate(cameraPhone, { url: signallingUrl(t, owner.accessToken), cameraId, cameraName: '브라우저집의 홈캠' });

    const watcher = await phone();
    await watcher.page.evaluate(viewerPhone, { url: signallingUrl(t, viewer.accessToken), pin });
    const paired = await http.axios('POST', `/cameras/connect/pin/${pin}`, { token: viewer.accessToken });
    expect(paired.body.data.cameraId).toBe(cameraId);
    const viewerId = `viewer_${Date.now()}`;
    await watcher.page.evaluate(([id, vid]) => (globalThis as any).join(id, vid), [paired.body.data.cameraId, viewerId] as const);

    await framesArrive(watcher.page);
    expect(await camera.page.evaluate(() => (globalThis as any).frames)).toEqual(
      expect.arrayContaining(['camera_registered', 'viewer_joined', 'viewer_count_update', 'stream_started', 'webrtc_signaling']),
    );
    expect(await watcher.page.evaluate(() => (globalThis as any).frames)).toEqual(expect.arrayContaining(['stream_joined', 'webrtc_signaling']));

    // The owner revokes the viewer: its socket is closed, the camera hangs up on it.
    const [row] = (await http.axios('GET', '/cameras', { token: owner.accessToken })).body.data.cameras;
    expect((await t.api.delete(`/api/connection/${row.id}/viewers/${viewer.id}`, { token: owner.accessToken })).status).toBe(200);
    await watcher.page.waitForFunction(() => (globalThis as any).closedWith === 4403, undefined, { timeout: 10_000 });
    await camera.page.waitForFunction(() => (globalThis as any).peers.size === 0, undefined, { timeout: 10_000 });
    expect(camera.problems).toEqual([]);
    expect(watcher.problems).toEqual([]);
  });
});
