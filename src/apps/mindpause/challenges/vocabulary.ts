/** A challenge's status: active and paused ones are open; completed and abandoned ones are final. */
export const CHALLENGE_STATUSES = ['active', 'paused', 'completed', 'abandoned'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** What kind of habit a challenge keeps (document 002 gives none; these are a wellness app's usual ones). */
export const CHALLENGE_CATEGORIES = ['gratitude', 'meditation', 'breathing', 'journaling', 'exercise', 'sleep', 'digital_detox', 'self_care', 'other'] as const;
export type ChallengeCategory = (typeof CHALLENGE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<ChallengeCategory, string> = {
  gratitude: '감사 일기',
  meditation: '명상',
  breathing: '호흡',
  journaling: '감정 일기',
  exercise: '운동',
  sleep: '수면',
  digital_detox: '디지털 디톡스',
  self_care: '자기 돌봄',
  other: '기타',
};
