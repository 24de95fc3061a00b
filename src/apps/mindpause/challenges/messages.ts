import { defineMessages } from '../../../platform/http/i18n';

/** What the challenges routes answer with when they succeed. */
export const ChallengeRouteMessage = defineMessages({
  CHALLENGE_CREATED: { ko: '챌린지가 시작되었습니다.', en: 'Challenge started.' },
  CHALLENGE_UPDATED: { ko: '챌린지가 업데이트되었습니다.', en: 'Challenge updated.' },
  CHALLENGE_DELETED: { ko: '챌린지가 삭제되었습니다.', en: 'Challenge deleted.' },
});
