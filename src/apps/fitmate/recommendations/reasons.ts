import { type Lang } from '../../../platform/http/i18n';
import { defineMessages, translate } from '../feature';

/**
 * Why an exercise is on the list. Codes are stable for clients; the words are looked up when
 * the list is answered, so one cached list serves Korean and English alike.
 */
const Reason = defineMessages({
  RECOMMENDATION_REASON_LIKED: { ko: '좋아요를 누른 운동입니다.', en: 'You liked this exercise.' },
  RECOMMENDATION_REASON_GOAL_WEIGHT_LOSS: {
    ko: '체중 감량 목표에 맞게 칼로리 소모가 많은 운동입니다.',
    en: 'Burns plenty of calories, for your weight-loss goal.',
  },
  RECOMMENDATION_REASON_GOAL_MUSCLE_GAIN: { ko: '근육량을 늘리는 목표에 맞는 근력 운동입니다.', en: 'Resistance work for your muscle-gain goal.' },
  RECOMMENDATION_REASON_GOAL_STRENGTH: { ko: '근력 향상 목표에 맞는 운동입니다.', en: 'Builds strength, for your strength goal.' },
  RECOMMENDATION_REASON_GOAL_ENDURANCE: { ko: '지구력 향상 목표에 도움이 되는 운동입니다.', en: 'Builds stamina, for your endurance goal.' },
  RECOMMENDATION_REASON_GOAL_FLEXIBILITY: { ko: '유연성 향상 목표에 맞는 스트레칭·요가 동작입니다.', en: 'A stretch or yoga move, for your flexibility goal.' },
  RECOMMENDATION_REASON_GOAL_GENERAL_FITNESS: { ko: '전반적인 체력 향상에 도움이 되는 운동입니다.', en: 'Good for your overall fitness.' },
  RECOMMENDATION_REASON_LEVEL_FIT: { ko: '회원님의 운동 수준에 맞는 난이도({difficulty}/10)입니다.', en: 'Its difficulty ({difficulty}/10) suits your level.' },
  RECOMMENDATION_REASON_PROGRESSION: {
    ko: '최근 2주 평균 난이도({recent})보다 조금 높아 무리 없이 실력을 키울 수 있습니다.',
    en: 'A little above your recent average difficulty ({recent}), to progress gradually.',
  },
  RECOMMENDATION_REASON_BEGINNER_FRIENDLY: { ko: '초보자도 쉽게 따라 할 수 있습니다.', en: 'Easy to pick up for beginners.' },
  RECOMMENDATION_REASON_RESTED_MUSCLE: {
    ko: '최근 48시간 동안 쉬었던 {muscleKr} 부위를 운동합니다.',
    en: 'Works your {muscleEn}, which has rested for 48 hours.',
  },
  RECOMMENDATION_REASON_FITS_TIME: { ko: '운동 가능 시간 {minutes}분 안에 마칠 수 있습니다.', en: 'Fits in your {minutes} minutes.' },
  RECOMMENDATION_REASON_EQUIPMENT_AT_HAND: { ko: '가지고 있는 장비로 할 수 있습니다.', en: 'Uses only equipment you have.' },
  RECOMMENDATION_REASON_NO_EQUIPMENT: { ko: '장비 없이 어디서나 할 수 있습니다.', en: 'Needs no equipment.' },
  RECOMMENDATION_REASON_POPULAR: { ko: '이번 주 인기 있는 운동입니다.', en: 'Popular this week.' },
  RECOMMENDATION_REASON_SECONDARY_RECOVERING: {
    ko: '보조로 쓰이는 {muscleKr} 근육이 아직 회복 중이라 순위를 낮췄습니다.',
    en: 'Ranked lower: it also works your {muscleEn}, which is still recovering.',
  },
  RECOMMENDATION_REASON_SKIPPED_RECENTLY: { ko: '최근에 건너뛴 운동이라 순위를 낮췄습니다.', en: 'Ranked lower: you skipped it recently.' },
});

const PREFIX = 'RECOMMENDATION_REASON_';

export const REASON_CODES = Object.keys(Reason).map((key) => key.slice(PREFIX.length)) as [ReasonCode, ...ReasonCode[]];
export type ReasonCode = keyof typeof Reason extends `${typeof PREFIX}${infer Code}` ? Code : never;

/** A reason as it is kept in the cache: a code and the figures its words need. */
export interface Reason {
  code: ReasonCode;
  params?: Record<string, string | number>;
}

export const explain = (reason: Reason, lang: Lang) => ({ code: reason.code, message: translate(lang, PREFIX + reason.code, reason.params) });

/** The words a reason about a muscle needs in either language. */
export const muscleParams = (muscle: { name: string; nameKr: string }) => ({
  muscleKr: muscle.nameKr,
  muscleEn: muscle.name.toLowerCase().replaceAll('_', ' '),
});
