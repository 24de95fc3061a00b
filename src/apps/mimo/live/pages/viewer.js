/* global window, location, URLSearchParams, RTCPeerConnection, MediaStream, io */
// The viewer page: pair with a camera by its PIN (or open ?camera=<id> for one already paired),
// join its live view, and watch it over WebRTC with the camera's device socket as the peer.
'use strict';

(() => {
  const { api, session, signedIn, myId, $ } = window.Live;
  let cameraId = Number(new URLSearchParams(location.search).get('camera')) || undefined;
  let socket;
  let iceServers = [];
  /** The call in progress: its connection, the camera socket it calls, and when the answer is in. */
  let current;

  const say = (text) => ($('status').textContent = text);
  const fail = (error) => ($('error').textContent = error.message || String(error));

  function paired() {
    if (cameraId) return Promise.resolve();
    const form = $('pair');
    form.hidden = false;
    return new Promise((resolve) => {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        $('error').textContent = '';
        try {
          const data = await api('/api/connection/establish', { method: 'POST', body: { pin: form.elements.pin.value.trim() } });
          cameraId = data.camera.id;
          $('camera-name').textContent = data.camera.name;
          form.hidden = true;
          resolve();
        } catch (error) {
          fail(error);
        }
      });
    });
  }

  function hangUp() {
    current?.pc.close();
    current = undefined;
  }

  /** An offer to the camera's device socket; the answer and candidates come back through the server. */
  async function call(cameraSocketId) {
    hangUp();
    const pc = new RTCPeerConnection({ iceServers });
    let answered;
    // Candidates that arrive before the answer wait for it.
    const call = { pc, target: cameraSocketId, answer: new Promise((resolve) => (answered = resolve)), answered };
    current = call;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.ontrack = ({ streams, track }) => {
      $('remote').srcObject = streams[0] ?? new MediaStream([track]);
      say('실시간 영상을 보는 중');
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('rtc:ice', { cameraId, to: cameraSocketId, candidate: candidate.toJSON() });
    };
    await pc.setLocalDescription(await pc.createOffer());
    const sent = await socket.timeout(10_000).emitWithAck('rtc:offer', { cameraId, to: cameraSocketId, sdp: pc.localDescription.sdp });
    if (!sent.ok) throw new Error(sent.error.message);
  }

  async function join() {
    const joined = await socket.timeout(10_000).emitWithAck('live:join', { cameraId });
    if (!joined.ok) throw new Error(joined.error.message);
    $('viewer-count').textContent = joined.data.viewerCount;
    $('live').hidden = false;
    if (joined.data.cameraSocketId) {
      say('카메라에 연결하는 중…');
      await call(joined.data.cameraSocketId);
    } else say('카메라가 오프라인입니다. 카메라가 켜지면 자동으로 연결됩니다.');
  }

  function connect() {
    socket = io({ auth: { token: session.get().accessToken }, transports: ['websocket'] });
    socket.on('connect', () => join().catch(fail));
    // An access token that expired while away: renew it (any API call does) before the next attempt.
    socket.on('connect_error', async (error) => {
      if (!['TOKEN_EXPIRED', 'INVALID_TOKEN'].includes(error.message)) return;
      try {
        await api('/api/profile');
        socket.auth.token = session.get().accessToken;
        socket.connect();
      } catch (e) {
        fail(e);
      }
    });
    socket.on('disconnect', () => {
      hangUp();
      say('서버와 연결이 끊겼습니다. 다시 연결하는 중…');
    });
    socket.on('rtc:answer', ({ from, sdp }) => {
      const call = current;
      if (call?.target !== from) return;
      call.pc.setRemoteDescription({ type: 'answer', sdp }).then(call.answered).catch(fail);
    });
    socket.on('rtc:ice', ({ from, candidate }) => {
      const call = current;
      if (call?.target !== from) return;
      call.answer.then(() => call.pc.addIceCandidate(candidate)).catch(() => undefined);
    });
    socket.on('camera:connected', ({ cameraSocketId }) => {
      say('카메라가 연결되었습니다.');
      call(cameraSocketId).catch(fail);
    });
    // A camera page reloaded may announce its new socket before its old one is noticed gone.
    socket.on('camera:disconnected', ({ cameraSocketId }) => {
      if (cameraSocketId !== current?.target) return;
      hangUp();
      say('카메라 연결이 끊겼습니다. 다시 켜지기를 기다리는 중…');
    });
    socket.on('viewer:joined', ({ viewerCount }) => ($('viewer-count').textContent = viewerCount));
    socket.on('viewer:left', ({ viewerCount }) => ($('viewer-count').textContent = viewerCount));
    // The owner hears of every viewer revoked; only the viewer concerned stops watching.
    socket.on('viewer:revoked', async ({ cameraId: revokedFrom, userId }) => {
      if (revokedFrom !== cameraId || userId !== (await myId())) return;
      hangUp();
      socket.disconnect();
      say('카메라 주인이 시청 권한을 거두었습니다.');
    });
  }

  async function start() {
    await signedIn({ form: $('sign-in'), error: $('error') });
    await paired();
    iceServers = (await api('/api/rtc/ice-servers')).iceServers;
    connect();
  }

  start().catch(fail);
})();
