import { defineMessages } from '../feature';

export const TrainerMessage = defineMessages({
  NOT_A_TRAINER: { ko: '트레이너 권한이 있는 사용자가 아닙니다.', en: 'That user is not a trainer.' },
  TRAINER_ASSIGNED: { ko: '트레이너가 배정되었습니다.', en: 'Trainer assigned.' },
  TRAINER_REMOVED: { ko: '트레이너 배정이 해제되었습니다.', en: 'Trainer unassigned.' },
});
