import { defineMessages } from '../feature';

export const EventMessage = defineMessages({
  EVENT_NOT_FOUND: { ko: '이벤트를 찾을 수 없습니다.', en: 'The event was not found.' },
  EVENT_CREATED: { ko: '이벤트가 기록되었습니다.', en: 'The event has been recorded.' },
  EVENT_UPDATED: { ko: '이벤트가 수정되었습니다.', en: 'The event has been updated.' },
  EVENT_DELETED: { ko: '이벤트가 삭제되었습니다.', en: 'The event has been deleted.' },
  EVENT_ENDS_BEFORE_START: { ko: '종료 시각은 시작 시각보다 빠를 수 없습니다.', en: 'The end cannot be before the start.' },
  EVENT_IN_FUTURE: { ko: '아직 오지 않은 시각입니다.', en: 'This time has not come yet.' },
  EVENT_SCORE_REQUIRED: { ko: '움직임·소리 감지 이벤트에는 점수가 필요합니다.', en: 'Motion and sound events need a score.' },
  CURSOR_INVALID: { ko: '페이지 커서가 올바르지 않습니다.', en: 'The page cursor is not valid.' },
  RANGE_REVERSED: { ko: '시작 시각이 종료 시각보다 늦습니다.', en: 'The start of the range is after its end.' },
  NOTHING_TO_CHANGE: { ko: '변경할 내용이 없습니다.', en: 'Nothing to change.' },
  ALIAS_TWICE: { ko: '같은 조건을 두 이름으로 함께 보낼 수 없습니다.', en: 'The same filter was sent under both its names.' },
  SCORE_RANGE_REVERSED: { ko: 'minScore는 maxScore보다 클 수 없습니다.', en: 'minScore cannot be above maxScore.' },
  MOTION_ALERT_TITLE: { ko: '움직임 감지', en: 'Motion detected' },
  MOTION_ALERT_MESSAGE: { ko: '{camera}에서 움직임이 감지되었습니다.', en: 'Motion was detected by {camera}.' },
});
