import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { type AppHttp, AppSocket, appHttp, appUser, signallingUrl } from '../support/mimo-app';
import { forgeAccessToken } from '../support/realtime-attacks';

// Issue 13 on MIMO's plain WebSocket: a session that ends, or an access token that expires, ends
// the connection exactly as it ends a Socket.IO socket, unless the client hands in a fresh token.
describe('sessions end on the plain WebSocket too (MIMO app protocol)', () => {
  let t: TestApp;
  let http: AppHttp;
  const sockets: AppSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp('mimo');
    http = appHttp(t);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  const open = async (token: string) => {
    const socket = await AppSocket.open(signallingUrl(t, token));
    sockets.push(socket);
    await socket.next('client_id');
    return socket;
  };
  const login = async (email: string) => (await http.axios('POST', '/auth/login', { body: { email, password: 'Homecam!2024' } })).body.data;

  it('logout closes the session’s connection with SESSION_REVOKED, and leaves the user’s other session open', async () => {
    const me = await appUser(http);
    const other = await login(me.email);
    const [mine, elsewhere] = [await open(me.accessToken), await open(other.accessToken)];
    const out = await http.axios('POST', '/auth/logout', { token: me.accessToken, body: { refreshToken: me.refreshToken } });
    expect(out.status).toBe(200);
    expect(await mine.next('error', (d) => d.code === 'E_SESSION_REVOKED')).toMatchObject({ message: expect.any(String) });
    expect((await mine.closed).code).toBe(4401);
    elsewhere.send('auth:refresh', { token: other.accessToken });
    expect(await elsewhere.next('auth:refreshed')).toMatchObject({ expiresAt: expect.any(String) });
  });

  it('logout-all closes every connection of the account', async () => {
    const me = await appUser(http);
    const other = await login(me.email);
    const [a, b] = [await open(me.accessToken), await open(other.accessToken)];
    expect((await http.axios('POST', '/auth/logout-all', { token: me.accessToken })).status).toBe(200);
    expect((await a.closed).code).toBe(4401);
    expect((await b.closed).code).toBe(4401);
  });

  it('an expired access token ends the connection; a fresh token of the same user handed in first keeps it', async () => {
    const me = await appUser(http);
    const stranger = await appUser(http, '남');
    // Two connections on tokens the app itself would sign, living 2 s.
    const [expiring, renewed] = [
      await open(await forgeAccessToken('mimo', me.accessToken, { expiresInSec: 2 })),
      await open(await forgeAccessToken('mimo', me.accessToken, { expiresInSec: 2 })),
    ];
    // Someone else's token is refused, and the connection keeps its own expiry.
    renewed.send('auth:refresh', { token: stranger.accessToken });
    expect(await renewed.next('error', (d) => d.event === 'auth:refresh')).toMatchObject({ code: 'E_SOCKET_TOKEN_OTHER_USER' });
    renewed.send('auth:refresh', { token: me.accessToken });
    const { expiresAt } = await renewed.next('auth:refreshed');
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 60_000);

    expect(await expiring.next('error', (d) => d.code === 'E_TOKEN_EXPIRED', 10_000)).toMatchObject({ message: expect.any(String) });
    expect((await expiring.closed).code).toBe(4401);
    // The renewed one outlived its first token and still answers.
    renewed.send('auth:refresh', { token: me.accessToken });
    expect(await renewed.next('auth:refreshed')).toMatchObject({ expiresAt });
    expect(renewed.ws.readyState).toBe(renewed.ws.OPEN);
  });
});
