import { eq } from 'drizzle-orm';
import type { IdentityOptions } from '../../../platform/auth/identity';
import { type Db, preparedRowById } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import type { Storage } from '../../../platform/storage';
import { pictureUrl } from '../../../platform/storage/reference';
import type { Profile, ProfileUpdate } from './schemas';
import { users } from './tables';

/** A new account made through Google or Kakao starts with the provider's picture. */
export const providerColumns: IdentityOptions['providerColumns'] = (profile, joining) =>
  joining === 'new' && profile.picture ? { profileImageUrl: profile.picture.slice(0, 500) } : {};

export class MindpauseProfiles {
  // The most read row of the app, as one prepared statement.
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
  ) {
    this.byId = preparedRowById(db, users, 'mindpause_profile_by_id');
  }

  /** The user's row; `roles` come from the caller, who has them at hand (the verified session). */
  async load(userId: number, roles: readonly string[]): Promise<Profile> {
    const user = await this.byId(userId);
    if (!user) throw notFound();
    const { name, ...rest } = user;
    // An uploaded image is kept as a reference to its file and shown as a signed URL.
    return { ...rest, nickname: name, profileImageUrl: await pictureUrl(this.storage, rest.profileImageUrl), roles: [...roles] };
  }

  async update(userId: number, { nickname, ...patch }: ProfileUpdate, roles: readonly string[]): Promise<Profile> {
    const values = nickname === undefined ? patch : { ...patch, name: nickname };
    if (Object.keys(values).length) await this.db.update(users).set(values).where(eq(users.id, userId));
    return this.load(userId, roles);
  }
}
