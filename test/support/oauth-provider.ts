import { createHash, randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface FakeUser {
  id: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  picture?: string;
}

interface Grant {
  provider: 'google' | 'kakao' | 'naver';
  clientId: string;
  redirectUri: string;
  challenge?: string;
  user: FakeUser;
}

export const CLIENTS = {
  google: { id: 'google-client-id.apps.googleusercontent.com', secret: 'google-secret' },
  kakao: { id: 'kakao-rest-api-key', secret: 'kakao-secret' },
  naver: { id: 'naver-client-id', secret: 'naver-secret' },
};

const HOSTS = ['accounts.google.com', 'oauth2.googleapis.com', 'www.googleapis.com', 'kauth.kakao.com', 'kapi.kakao.com', 'nid.naver.com', 'openapi.naver.com'];

/** The settings that give an app client ids for all three providers. */
export const oauthEnv = {
  GOOGLE_CLIENT_ID: CLIENTS.google.id,
  GOOGLE_CLIENT_SECRET: CLIENTS.google.secret,
  KAKAO_CLIENT_ID: CLIENTS.kakao.id,
  KAKAO_CLIENT_SECRET: CLIENTS.kakao.secret,
  NAVER_CLIENT_ID: CLIENTS.naver.id,
  NAVER_CLIENT_SECRET: CLIENTS.naver.secret,
};

/**
 * Like Google's, one signing key for the whole process: the app keeps the keys it fetched (jose's
 * JWKS cache, module-wide), and test files share their process, so a fresh key per fake provider
 * would meet keys cached from the file before.
 */
const googleKeys = generateKeyPair('RS256');

/**
 * A local stand-in for Google, Kakao and Naver: authorization, token and user-info endpoints
 * that check client credentials, redirect URIs, one-time codes and PKCE the way the real ones
 * do, and Google ID tokens signed with a key published at a JWKS endpoint. Requests the app
 * sends to the providers' hosts are routed here by `install()`.
 */
export async function startFakeOAuthProvider() {
  const { publicKey, privateKey } = await googleKeys;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-key-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, Grant>();
  const state = {
    user: { id: 'u-1', email: 'someone@example.com', emailVerified: true, name: '홍길동' } as FakeUser,
    tokenRequests: [] as Record<string, string>[],
  };

  const signIdToken = (claims: Record<string, unknown>, options: { audience?: string; issuer?: string; expiresIn?: string; key?: SigningKey } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'fake-key-1' })
      .setIssuer(options.issuer ?? 'https://accounts.google.com')
      .setAudience(options.audience ?? CLIENTS.google.id)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(options.key ?? privateKey);

  const googleClaims = (user: FakeUser) => ({
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified ?? false,
    name: user.name,
    picture: user.picture,
  });

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readForm = async (req: IncomingMessage) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    return Object.fromEntries(new URLSearchParams(body));
  };

  function authorize(provider: Grant['provider'], url: URL, res: ServerResponse) {
    const clientId = url.searchParams.get('client_id');
    const redirectUri = url.searchParams.get('redirect_uri');
    if (clientId !== CLIENTS[provider].id || !redirectUri) return json(res, 400, { error: 'invalid_client' });
    if (provider === 'google' && url.searchParams.get('code_challenge_method') !== 'S256') return json(res, 400, { error: 'pkce_required' });
    const code = randomBytes(12).toString('hex');
    codes.set(code, { provider, clientId, redirectUri, challenge: url.searchParams.get('code_challenge') ?? undefined, user: state.user });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  async function token(provider: Grant['provider'], req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    state.tokenRequests.push({ provider, ...form });
    let clientId = form.client_id;
    let secret = form.client_secret;
    const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
    if (basic) [clientId, secret] = Buffer.from(basic, 'base64').toString().split(':') as [string, string];
    if (clientId !== CLIENTS[provider].id || secret !== CLIENTS[provider].secret) return json(res, 401, { error: 'invalid_client' });
    const grant = codes.get(form.code ?? '');
    codes.delete(form.code ?? '');
    if (!grant || grant.provider !== provider || grant.redirectUri !== form.redirect_uri) return json(res, 400, { error: 'invalid_grant' });
    if (grant.challenge) {
      const expected = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      if (expected !== grant.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    const accessToken = randomBytes(16).toString('hex');
    tokens.set(accessToken, grant);
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'bearer', expires_in: 3600 };
    if (provider === 'google') body.id_token = await signIdToken(googleClaims(grant.user));
    json(res, 200, body);
  }

  function userInfo(provider: 'kakao' | 'naver', req: IncomingMessage, res: ServerResponse) {
    const grant = tokens.get(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
    if (!grant || grant.provider !== provider) return json(res, 401, { msg: 'invalid token' });
    const u = grant.user;
    if (provider === 'kakao') {
      return json(res, 200, {
        id: Number(u.id.replace(/\D/g, '') || 1),
        kakao_account: {
          email: u.email,
          is_email_valid: true,
          is_email_verified: u.emailVerified ?? false,
          profile: { nickname: u.name, profile_image_url: u.picture },
        },
      });
    }
    json(res, 200, { resultcode: '00', message: 'success', response: { id: u.id, email: u.email, name: u.name, profile_image: u.picture } });
  }

  const server = createServer((req, res) => {
    const host = String(req.headers['x-fake-host'] ?? '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    const route = `${req.method} ${host}${url.pathname}`;
    switch (route) {
      case 'GET accounts.google.com/o/oauth2/v2/auth':
        return authorize('google', url, res);
      case 'POST oauth2.googleapis.com/token':
        return void token('google', req, res);
      case 'GET www.googleapis.com/oauth2/v3/certs':
        return json(res, 200, { keys: [jwk] });
      case 'GET kauth.kakao.com/oauth/authorize':
        return authorize('kakao', url, res);
      case 'POST kauth.kakao.com/oauth/token':
        return void token('kakao', req, res);
      case 'GET kapi.kakao.com/v2/user/me':
        return userInfo('kakao', req, res);
      case 'GET nid.naver.com/oauth2.0/authorize':
        return authorize('naver', url, res);
      case 'POST nid.naver.com/oauth2.0/token':
        return void token('naver', req, res);
      case 'GET openapi.naver.com/v1/nid/me':
        return userInfo('naver', req, res);
      default:
        json(res, 404, { error: 'not_found', route });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const realFetch = globalThis.fetch;

  return {
    state,
    signIdToken,
    googleClaims,
    /** Sends this process's requests for the providers' hosts to the fake instead. */
    install() {
      globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        if (!HOSTS.includes(url.hostname)) return realFetch(request);
        const headers = new Headers(request.headers);
        headers.set('x-fake-host', url.hostname);
        const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : request.arrayBuffer();
        return Promise.resolve(body).then((b) =>
          realFetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, { method: request.method, headers, body: b, redirect: 'manual' }),
        );
      };
    },
    async close() {
      globalThis.fetch = realFetch;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeOAuthProvider = Awaited<ReturnType<typeof startFakeOAuthProvider>>;
