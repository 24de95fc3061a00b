import { AppError } from '../../../platform/http/errors';
import { ChallengeMessage } from './messages';
import type { ChallengeStatus } from './vocabulary';

/** The only moves a challenge's status may make; completed and abandoned are final. */
export const NEXT_STATUSES: Record<ChallengeStatus, readonly ChallengeStatus[]> = {
  active: ['paused', 'completed', 'abandoned'],
  paused: ['active', 'completed', 'abandoned'],
  completed: [],
  abandoned: [],
};

/** A finished challenge is a record of what happened: it is not edited, only deleted. */
export function assertOpen(status: ChallengeStatus): void {
  if (NEXT_STATUSES[status].length === 0) throw new AppError(409, ChallengeMessage.CHALLENGE_FINISHED, { status });
}

/** Checks a status change; staying in an open status is no change at all. */
export function assertStatusChange(from: ChallengeStatus, to: ChallengeStatus): void {
  assertOpen(from);
  if (from !== to && !NEXT_STATUSES[from].includes(to)) throw new AppError(409, ChallengeMessage.CHALLENGE_STATUS_NOT_ALLOWED, { from, to });
}
