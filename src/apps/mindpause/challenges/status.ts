import { AppError } from '../../../platform/http/errors';
import { defineMessages } from '../../../platform/http/i18n';
import type { ChallengeStatus } from './vocabulary';

export const ChallengeMessage = defineMessages({
  CHALLENGE_FINISHED: { ko: '이미 끝난 챌린지({status})는 더 이상 바꿀 수 없습니다.', en: 'A finished challenge ({status}) can no longer be changed.' },
  CHALLENGE_STATUS_NOT_ALLOWED: { ko: '{from} 상태의 챌린지는 {to} 상태로 바꿀 수 없습니다.', en: 'A challenge cannot go from {from} to {to}.' },
  CHALLENGE_NOT_ACTIVE: { ko: '진행 중인 챌린지만 체크인할 수 있습니다.', en: 'Only an active challenge can be checked in.' },
  CHALLENGE_NOT_STARTED: { ko: '챌린지는 {startDate}에 시작합니다.', en: 'The challenge starts on {startDate}.' },
  ALREADY_CHECKED_IN: { ko: '오늘은 이미 체크인했습니다.', en: 'Today is already checked in.' },
});

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
