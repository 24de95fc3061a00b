import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { TestApp } from './app';
import type { Account } from './mimo';

/** The viewer pairs with the owner's camera by a fresh PIN, as the viewer page does. */
export async function pair(t: TestApp, owner: Account, cameraId: number, viewer: Account): Promise<void> {
  const code = await t.api.post('/api/qr/generate', { token: owner.token, body: { cameraId } });
  if (code.status !== 200 && code.status !== 201) throw new Error(`qr/generate failed: ${code.text}`);
  const established = await t.api.post('/api/connection/establish', { token: viewer.token, body: { pin: code.body.data.pin } });
  if (established.status !== 200 && established.status !== 201) throw new Error(`connection/establish failed: ${established.text}`);
}

/** A camera phone's socket, signed in with a device credential (`auth` as given, for the refusals). */
export function deviceSocket(t: TestApp, auth: Record<string, unknown>, options: { lang?: string } = {}): Socket {
  return io(t.api.baseUrl, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: options.lang ? { 'accept-language': options.lang } : undefined,
  });
}
