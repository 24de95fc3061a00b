/* global window, localStorage, navigator, crypto, setInterval, RTCPeerConnection, io */
// The camera page: a phone left at home registers as a camera, shows a PIN and QR code for
// pairing, and sends its camera to every viewer that sends an offer (one RTCPeerConnection each).
'use strict';

(() => {
  const { api, call, signedIn, $ } = window.Live;
  const CAMERA = 'mimo.camera';
  const HEARTBEAT_MS = 30_000;
  const peers = new Map(); // viewer socket id → {pc, ready}
  let camera = JSON.parse(localStorage.getItem(CAMERA) || 'null');
  let socket;
  let stream;
  let iceServers = [];

  const say = (text) => ($('status').textContent = text);
  const fail = (error) => ($('error').textContent = error.message || String(error));

  /** This phone's camera: registered once, its id and device credential kept on the phone. */
  function registered() {
    if (camera) return Promise.resolve(camera);
    const form = $('register');
    form.hidden = false;
    return new Promise((resolve) => {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          const deviceId = `web-${crypto.randomUUID()}`;
          const location = form.elements.location.value.trim() || undefined;
          const data = await api('/api/cameras', { method: 'POST', body: { name: form.elements.name.value.trim(), deviceId, location } });
          camera = { id: data.camera.id, name: data.camera.name, credential: data.deviceCredential };
          localStorage.setItem(CAMERA, JSON.stringify(camera));
          form.hidden = true;
          resolve(camera);
        } catch (error) {
          fail(error);
        }
      });
    });
  }

  function showCode(code) {
    $('pin').textContent = code.pin;
    $('qr').src = code.qr.png;
    $('pin-expiry').textContent = `${new Date(code.expiresAt).toLocaleTimeString('ko-KR')}까지 유효합니다. (자동 갱신)`;
  }

  // The server renews the code before it expires and once a viewer has used it (pairing:renewed).
  async function newPin() {
    showCode(await api('/api/qr/generate', { method: 'POST', body: { cameraId: camera.id, autoRenew: true } }));
  }

  function closePeer(viewerId) {
    peers.get(viewerId)?.pc.close();
    peers.delete(viewerId);
  }

  /** A viewer's offer: a connection of its own, the camera's tracks on it, and the answer back. */
  function answer({ from, sdp }) {
    closePeer(from);
    const pc = new RTCPeerConnection({ iceServers });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('rtc:ice', { cameraId: camera.id, to: from, candidate: candidate.toJSON() });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') closePeer(from);
    };
    const ready = pc
      .setRemoteDescription({ type: 'offer', sdp })
      .then(() => pc.createAnswer())
      .then((description) => pc.setLocalDescription(description))
      .then(() => socket.emit('rtc:answer', { cameraId: camera.id, to: from, sdp: pc.localDescription.sdp }));
    ready.catch(fail);
    peers.set(from, { pc, ready });
  }

  function connect() {
    socket = io({ auth: { deviceCredential: camera.credential }, transports: ['websocket'] });
    socket.on('connect', () => say(`${camera.name}: 연결됨, 대기 중`));
    socket.on('disconnect', () => {
      say('서버와 연결이 끊겼습니다. 다시 연결하는 중…');
      for (const viewerId of [...peers.keys()]) closePeer(viewerId);
    });
    socket.on('connect_error', (error) => {
      // A camera deleted or re-issued elsewhere: this phone must be registered again.
      if (error.message === 'DEVICE_CREDENTIAL_INVALID') {
        localStorage.removeItem(CAMERA);
        socket.disconnect();
        fail(new Error(`${error.data?.message ?? ''} 페이지를 새로 고쳐 다시 등록해 주세요.`));
      }
    });
    socket.on('camera:ready', ({ viewers }) => ($('viewer-count').textContent = viewers.length));
    socket.on('viewer:joined', ({ viewerCount }) => ($('viewer-count').textContent = viewerCount));
    // However a viewer went (left, disconnected, revoked by the owner), its picture stops here.
    socket.on('viewer:left', ({ viewerId, viewerCount }) => {
      $('viewer-count').textContent = viewerCount;
      closePeer(viewerId);
    });
    socket.on('pairing:renewed', showCode);
    socket.on('rtc:offer', answer);
    socket.on('rtc:ice', ({ from, candidate }) => {
      const peer = peers.get(from);
      peer?.ready.then(() => peer.pc.addIceCandidate(candidate)).catch(() => undefined);
    });
    setInterval(() => socket.connected && socket.emit('camera:heartbeat', {}, () => undefined), HEARTBEAT_MS);
  }

  async function start() {
    await signedIn({ form: $('sign-in'), error: $('error') });
    await registered();
    say('카메라를 켜는 중…');
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    $('preview').srcObject = stream;
    $('live').hidden = false;
    iceServers = (await call('/api/rtc/ice-servers', { headers: { 'x-device-credential': camera.credential } })).iceServers;
    connect();
    $('new-pin').addEventListener('click', () => newPin().catch(fail));
    await newPin();
  }

  start().catch(fail);
})();
