/**
 * Document 002 names the emotion log without its set of emotions, so the set is ours: ten
 * feelings people name most in Korean mood journals, four pleasant and six unpleasant, each
 * with a stable English code (what the API stores and takes) and its Korean label.
 */
export const EMOTIONS = [
  { code: 'joy', label: '기쁨', labelEn: 'Joy', valence: 'positive' },
  { code: 'calm', label: '평온', labelEn: 'Calm', valence: 'positive' },
  { code: 'gratitude', label: '감사', labelEn: 'Gratitude', valence: 'positive' },
  { code: 'excitement', label: '설렘', labelEn: 'Excitement', valence: 'positive' },
  { code: 'sadness', label: '슬픔', labelEn: 'Sadness', valence: 'negative' },
  { code: 'anxiety', label: '불안', labelEn: 'Anxiety', valence: 'negative' },
  { code: 'anger', label: '분노', labelEn: 'Anger', valence: 'negative' },
  { code: 'loneliness', label: '외로움', labelEn: 'Loneliness', valence: 'negative' },
  { code: 'tiredness', label: '피곤', labelEn: 'Tiredness', valence: 'negative' },
  { code: 'stress', label: '스트레스', labelEn: 'Stress', valence: 'negative' },
] as const;

export type EmotionCode = (typeof EMOTIONS)[number]['code'];
export const EMOTION_CODES = EMOTIONS.map((e) => e.code) as [EmotionCode, ...EmotionCode[]];
export const emotionLabel = (code: EmotionCode) => EMOTIONS.find((e) => e.code === code)!.label;

/** Parts of the Seoul day, by the hour each starts at (the last runs to midnight). */
export const TIMES_OF_DAY = [
  { code: 'dawn', label: '새벽', fromHour: 0, toHour: 6 },
  { code: 'morning', label: '오전', fromHour: 6, toHour: 12 },
  { code: 'afternoon', label: '오후', fromHour: 12, toHour: 18 },
  { code: 'evening', label: '저녁', fromHour: 18, toHour: 22 },
  { code: 'night', label: '밤', fromHour: 22, toHour: 24 },
] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number]['code'];

/** Monday = 1 … Sunday = 7, as `isodow` counts them. */
export const WEEKDAYS = ['월', '화', '수', '목', '금', '토', '일'] as const;
