import { defineMessages } from '../feature';

export const GoalMessage = defineMessages({
  GOAL_CREATED: { ko: '목표가 생성되었습니다.', en: 'Goal created.' },
  GOAL_UPDATED: { ko: '목표가 수정되었습니다.', en: 'Goal updated.' },
  GOAL_DELETED: { ko: '목표가 삭제되었습니다.', en: 'Goal deleted.' },
  GOAL_COMPLETED: { ko: '목표를 달성했습니다. 축하합니다!', en: 'Goal completed. Congratulations!' },
});
