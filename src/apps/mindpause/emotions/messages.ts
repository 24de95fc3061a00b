import { defineMessages } from '../feature';

export const EmotionMessage = defineMessages({
  FELT_IN_FUTURE: { ko: '감정을 느낀 시각은 미래일 수 없습니다.', en: 'The time the feeling was felt cannot be in the future.' },
  FELT_TOO_EARLY: { ko: '감정을 느낀 시각은 2000년 이후여야 합니다.', en: 'The time the feeling was felt must be in 2000 or later.' },
  RANGE_ORDER: { ko: 'from은 to보다 늦을 수 없습니다.', en: 'from cannot be after to.' },
  DUPLICATE_ITEMS: { ko: '같은 항목을 두 번 넣을 수 없습니다.', en: 'The same item cannot be given twice.' },
  EMOTION_CREATED: { ko: '감정이 기록되었습니다.', en: 'Mood recorded.' },
  EMOTION_UPDATED: { ko: '감정 기록이 수정되었습니다.', en: 'Mood record updated.' },
  EMOTION_DELETED: { ko: '감정 기록이 삭제되었습니다.', en: 'Mood record deleted.' },
});
