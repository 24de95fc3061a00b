import { isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import type { CleanupStep } from '../../../platform/jobs/cleanup';
import { connectionCodes } from './tables';

/** The midnight clean-up's step: spent and expired pairing codes. */
export function connectionCodesCleanup(db: Db): CleanupStep {
  return {
    name: 'mimo.connectionCodes',
    run: async (now) =>
      (
        await db
          .delete(connectionCodes)
          .where(or(isNotNull(connectionCodes.usedAt), lt(connectionCodes.expiresAt, now)))
          .returning({ id: connectionCodes.id })
      ).length,
  };
}
