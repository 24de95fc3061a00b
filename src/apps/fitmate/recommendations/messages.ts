import { defineMessages } from '../feature';

export const RecommendationMessage = defineMessages({
  RECOMMENDATION_FEEDBACK_SAVED: { ko: '추천 피드백이 반영되었습니다.', en: 'Thanks: your feedback will shape your recommendations.' },
});
