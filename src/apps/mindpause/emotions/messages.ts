import { defineMessages } from '../../../platform/http/i18n';

/** What the emotions routes answer with when they succeed. */
export const EmotionRouteMessage = defineMessages({
  EMOTION_CREATED: { ko: '감정이 기록되었습니다.', en: 'Mood recorded.' },
  EMOTION_UPDATED: { ko: '감정 기록이 수정되었습니다.', en: 'Mood record updated.' },
  EMOTION_DELETED: { ko: '감정 기록이 삭제되었습니다.', en: 'Mood record deleted.' },
});
