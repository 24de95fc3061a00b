import { defineMessages } from '../feature';

export const ChallengeMessage = defineMessages({
  START_DATE_RANGE: { ko: '시작 날짜는 오늘부터 30일 전과 30일 후 사이여야 합니다.', en: 'The start date must be within 30 days of today.' },
  TARGET_BELOW_CHECK_INS: { ko: '목표 일수는 이미 체크인한 일수보다 적을 수 없습니다.', en: 'The target cannot be fewer days than already checked in.' },
  NOTHING_TO_CHANGE: { ko: '변경할 내용이 없습니다.', en: 'Nothing to change.' },
  CHALLENGE_FINISHED: { ko: '이미 끝난 챌린지({status})는 더 이상 바꿀 수 없습니다.', en: 'A finished challenge ({status}) can no longer be changed.' },
  CHALLENGE_STATUS_NOT_ALLOWED: { ko: '{from} 상태의 챌린지는 {to} 상태로 바꿀 수 없습니다.', en: 'A challenge cannot go from {from} to {to}.' },
  CHALLENGE_NOT_ACTIVE: { ko: '진행 중인 챌린지만 체크인할 수 있습니다.', en: 'Only an active challenge can be checked in.' },
  CHALLENGE_NOT_STARTED: { ko: '챌린지는 {startDate}에 시작합니다.', en: 'The challenge starts on {startDate}.' },
  ALREADY_CHECKED_IN: { ko: '오늘은 이미 체크인했습니다.', en: 'Today is already checked in.' },
  CHALLENGE_CREATED: { ko: '챌린지가 시작되었습니다.', en: 'Challenge started.' },
  CHALLENGE_UPDATED: { ko: '챌린지가 업데이트되었습니다.', en: 'Challenge updated.' },
  CHALLENGE_DELETED: { ko: '챌린지가 삭제되었습니다.', en: 'Challenge deleted.' },
});
