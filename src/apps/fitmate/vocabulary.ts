/** FitMate's fixed vocabularies, in the document's spelling, with Korean labels. */

export const GENDERS = ['MALE', 'FEMALE', 'OTHER'] as const;
export const FITNESS_LEVELS = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'] as const;

/** The goal types of the workout_goals table; a profile's workout goals use the same words. */
export const GOAL_TYPES = ['WEIGHT_LOSS', 'MUSCLE_GAIN', 'STRENGTH', 'ENDURANCE', 'FLEXIBILITY', 'GENERAL_FITNESS'] as const;

export const EQUIPMENT = {
  DUMBBELL: '덤벨',
  BARBELL: '바벨',
  KETTLEBELL: '케틀벨',
  RESISTANCE_BAND: '저항 밴드',
  PULL_UP_BAR: '철봉',
  BENCH: '벤치',
  MACHINE: '운동 머신',
  CABLE: '케이블 머신',
  YOGA_MAT: '요가 매트',
  JUMP_ROPE: '줄넘기',
  FOAM_ROLLER: '폼롤러',
  MEDICINE_BALL: '메디신볼',
  STABILITY_BALL: '짐볼',
  TREADMILL: '러닝머신',
  STATIONARY_BIKE: '실내 자전거',
  ROWING_MACHINE: '로잉 머신',
  STEP_BOX: '스텝 박스',
  PARALLEL_BARS: '평행봉',
  SUSPENSION_TRAINER: '서스펜션 트레이너',
  BICYCLE: '자전거',
  SWIMMING_POOL: '수영장',
  BALL: '공',
  RACKET: '라켓',
  GOLF_CLUBS: '골프채',
  PUNCHING_BAG: '샌드백',
  CLIMBING_WALL: '클라이밍 벽',
} as const;
export const EQUIPMENT_CODES = Object.keys(EQUIPMENT) as [keyof typeof EQUIPMENT, ...(keyof typeof EQUIPMENT)[]];

export const ROLES = ['USER', 'ADMIN', 'TRAINER'] as const;

export const INTENSITIES = ['LOW', 'MODERATE', 'HIGH'] as const;
export type Intensity = (typeof INTENSITIES)[number];

/** The document's rule: LOW below 3 MET, MODERATE from 3 to below 6, HIGH from 6. */
export const intensityOf = (met: number): Intensity => (met < 3 ? 'LOW' : met < 6 ? 'MODERATE' : 'HIGH');

export const WORKOUT_TYPES = ['INDIVIDUAL', 'GROUP', 'GUIDED'] as const;
export const MOODS = ['POOR', 'FAIR', 'GOOD', 'EXCELLENT'] as const;
export const GOAL_STATUSES = ['ACTIVE', 'COMPLETED', 'PAUSED', 'CANCELLED'] as const;
export const FEEDBACK_KINDS = ['LIKE', 'DISLIKE', 'DONE', 'SKIP'] as const;

/** Document 000's notification types and priorities. */
export const NOTIFICATION_TYPES = [
  'workout_completed',
  'goal_achieved',
  'workout_reminder',
  'weekly_report',
  'chat_message',
  'friend_request',
  'system_update',
  'custom',
] as const;
export const NOTIFICATION_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const CHAT_ROOM_TYPES = ['individual', 'group', 'support'] as const;
export const CHAT_ROLES = ['member', 'admin', 'moderator'] as const;
export const CHAT_MESSAGE_TYPES = ['text', 'image', 'file', 'emoji', 'system'] as const;
