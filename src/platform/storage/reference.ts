import type { Storage } from './storage';
import { isValidKey } from './storage';

// An uploaded file is kept in a row as a reference to its key and shown as a signed URL: URLs
// expire, references do not. Anything else in such a column (a provider's or the user's https URL)
// is shown as is.
const STORED = 'storage:';

/** The column value that points at a stored file. */
export const storedReference = (key: string) => `${STORED}${key}`;

/** The key a column value points at, or undefined when it holds an outside URL (or nothing). */
export const storedKey = (value: string | null | undefined): string | undefined => (value?.startsWith(STORED) ? value.slice(STORED.length) : undefined);

/** One URL per UTC day (valid until the end of the next), so clients can cache the image. */
export const PICTURE_URL_TTL_SEC = 86_400;

/** What a column holding a picture shows: a signed URL for a stored file, an outside URL as is. */
export async function pictureUrl(storage: Storage, value: string | null, ttlSec = PICTURE_URL_TTL_SEC): Promise<string | null> {
  if (value === null) return null;
  const key = storedKey(value);
  if (key === undefined) return value;
  return isValidKey(key) ? storage.signedGetUrl(key, ttlSec) : null;
}
