import type { PhoneCodes } from '../../../platform/auth/phone-codes';
import type { Identity } from '../../../platform/auth/identity';
import type { Db } from '../../../platform/db/database';
import type { Storage } from '../../../platform/storage';
import { FitmateProfiles } from './profile';

/** What the users feature gives: the platform's identity and files (for its routes) and FitMate's profiles. */
export interface UsersServices {
  identity: Identity;
  storage: Storage;
  profiles: FitmateProfiles;
}

export function usersServices(db: Db, identity: Identity, storage: Storage, phoneCodes: PhoneCodes): UsersServices {
  const profiles = new FitmateProfiles(db, storage, phoneCodes);
  // A deleted account takes its stored picture with it.
  identity.onAccountDeletion((userId) => profiles.setPicture(userId, null));
  return { identity, storage, profiles };
}
