import { Google, Kakao, Naver, OAuth2RequestError, decodeIdToken } from 'arctic';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { AppConfig, OAuthProviderName } from '../../config';
import { AppError, badRequest, unauthorized } from '../http/errors';
import { AuthMessage } from './messages';

/** What a provider tells us about the person signing in. */
export interface ProviderProfile {
  provider: OAuthProviderName;
  providerUserId: string;
  email?: string;
  /** Whether the provider vouches that the person owns the email; only then may we link. */
  emailVerified: boolean;
  name?: string;
  picture?: string;
}

export interface OAuthProvider {
  readonly name: OAuthProviderName;
  /** Whether the flow carries a PKCE verifier (arctic's Google client does). */
  readonly pkce: boolean;
  authorizationUrl(state: string, codeVerifier: string): URL;
  profile(code: string, codeVerifier: string): Promise<ProviderProfile>;
}

const USERINFO = {
  kakao: 'https://kapi.kakao.com/v2/user/me',
  naver: 'https://openapi.naver.com/v1/nid/me',
} as const;
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];
const GOOGLE_JWKS = createRemoteJWKSet(new URL('https://www.googleapis.com/oauth2/v3/certs'));

async function userInfo(url: string, accessToken: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`user info answered ${response.status}`);
  return response.json();
}

/** Runs one provider call and turns its failures into answers a client can act on. */
async function providerCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof OAuth2RequestError) throw badRequest(AuthMessage.OAUTH_FAILED);
    throw new AppError(502, AuthMessage.OAUTH_FAILED);
  }
}

interface GoogleClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  picture?: string;
}

const fromGoogle = (claims: GoogleClaims): ProviderProfile => ({
  provider: 'google',
  providerUserId: claims.sub,
  email: claims.email,
  emailVerified: claims.email_verified === true,
  name: claims.name,
  picture: claims.picture,
});

interface KakaoUser {
  id: number | string;
  kakao_account?: {
    email?: string;
    is_email_valid?: boolean;
    is_email_verified?: boolean;
    profile?: { nickname?: string; profile_image_url?: string };
  };
}

interface NaverUser {
  resultcode: string;
  response?: { id: string; email?: string; name?: string; nickname?: string; profile_image?: string };
}

/** The providers an app has client ids for, with redirect URIs under its public URL. */
export function createOAuthProviders(app: AppConfig, callbackPath: (provider: OAuthProviderName) => string) {
  const redirect = (provider: OAuthProviderName) => `${app.publicUrl}${callbackPath(provider)}`;
  const providers: Partial<Record<OAuthProviderName, OAuthProvider>> = {};
  const { google, kakao, naver } = app.oauth;

  if (google?.clientSecret) {
    const client = new Google(google.clientId, google.clientSecret, redirect('google'));
    providers.google = {
      name: 'google',
      pkce: true,
      authorizationUrl: (state, verifier) => client.createAuthorizationURL(state, verifier, ['openid', 'email', 'profile']),
      profile: (code, verifier) =>
        providerCall(async () => {
          const tokens = await client.validateAuthorizationCode(code, verifier);
          // The ID token came straight from Google's token endpoint over TLS (OIDC core 3.1.3.7).
          return fromGoogle(decodeIdToken(tokens.idToken()) as GoogleClaims);
        }),
    };
  }

  if (kakao) {
    const client = new Kakao(kakao.clientId, kakao.clientSecret, redirect('kakao'));
    providers.kakao = {
      name: 'kakao',
      pkce: false,
      authorizationUrl: (state) => client.createAuthorizationURL(state, []),
      profile: (code) =>
        providerCall(async () => {
          const tokens = await client.validateAuthorizationCode(code);
          const user = (await userInfo(USERINFO.kakao, tokens.accessToken())) as KakaoUser;
          const account = user.kakao_account ?? {};
          return {
            provider: 'kakao',
            providerUserId: String(user.id),
            email: account.email,
            emailVerified: account.is_email_verified === true && account.is_email_valid !== false,
            name: account.profile?.nickname,
            picture: account.profile?.profile_image_url,
          };
        }),
    };
  }

  if (naver) {
    const client = new Naver(naver.clientId, naver.clientSecret, redirect('naver'));
    providers.naver = {
      name: 'naver',
      pkce: false,
      authorizationUrl: (state) => {
        const url = client.createAuthorizationURL();
        url.searchParams.set('state', state);
        return url;
      },
      profile: (code) =>
        providerCall(async () => {
          const tokens = await client.validateAuthorizationCode(code);
          const user = (await userInfo(USERINFO.naver, tokens.accessToken())) as NaverUser;
          if (user.resultcode !== '00' || !user.response) throw new Error('naver profile refused');
          const { id, email, name, nickname, profile_image } = user.response;
          return {
            provider: 'naver',
            providerUserId: id,
            email,
            // Naver reports no verification flag; a naver.com address is the account itself.
            emailVerified: !!email && email.toLowerCase().endsWith('@naver.com'),
            name: name ?? nickname,
            picture: profile_image,
          };
        }),
    };
  }
  return providers;
}

/** Checks a Google ID token from a native sign-in against Google's keys and our client id. */
export async function verifyGoogleIdToken(idToken: string, clientId: string): Promise<ProviderProfile> {
  try {
    const { payload } = await jwtVerify(idToken, GOOGLE_JWKS, { issuer: GOOGLE_ISSUERS, audience: clientId, algorithms: ['RS256'] });
    if (typeof payload.sub !== 'string') throw new Error('no subject');
    return fromGoogle(payload as unknown as GoogleClaims);
  } catch (error) {
    // Google's keys being out of reach is our problem, not a bad token.
    if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError || (error instanceof Error && error.message === 'no subject'))) {
      throw new AppError(502, AuthMessage.OAUTH_FAILED);
    }
    throw unauthorized(AuthMessage.INVALID_ID_TOKEN);
  }
}
