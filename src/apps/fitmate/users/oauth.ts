import type { IdentityOptions } from '../../../platform/auth/identity';

export const oauthPaths = {
  start: (provider: string) => `/oauth2/authorization/${provider}`,
  callback: (provider: string) => `/login/oauth2/code/${provider}`,
};

/** What a provider sign-in keeps on a new FitMate user: the provider's id and picture. */
export const providerColumns: NonNullable<IdentityOptions['providerColumns']> = (profile, joining) =>
  joining === 'new' ? { providerId: profile.providerUserId, picture: profile.picture?.slice(0, 500) } : {};
