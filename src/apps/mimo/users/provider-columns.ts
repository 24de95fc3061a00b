import type { IdentityOptions } from '../../../platform/auth/identity';

/** What a Google sign-in writes on the user: the Google id always, the picture only on a new account (a user's own picture stays). */
export const providerColumns: NonNullable<IdentityOptions['providerColumns']> = (profile, joining) => ({
  ...(profile.provider === 'google' ? { googleId: profile.providerUserId } : {}),
  ...(joining === 'new' && profile.picture ? { picture: profile.picture } : {}),
});
