import { defineMessages } from '../feature';

export const BodyMessage = defineMessages({
  BODY_RECORD_SAVED: { ko: '신체 기록이 저장되었습니다.', en: 'Body record saved.' },
  BODY_RECORD_UPDATED: { ko: '신체 기록이 수정되었습니다.', en: 'Body record updated.' },
  BODY_RECORD_DELETED: { ko: '신체 기록이 삭제되었습니다.', en: 'Body record deleted.' },
  NO_MEASUREMENT: { ko: '측정값을 하나 이상 입력해 주세요.', en: 'Give at least one measurement.' },
  BAD_BODY_RANGE: { ko: '시작 날짜가 종료 날짜보다 늦을 수 없습니다.', en: 'The start date cannot be after the end date.' },
  TIME_FORMAT_BODY: { ko: '시간은 HH:MM 또는 HH:MM:SS 형식이어야 합니다.', en: 'Times are HH:MM or HH:MM:SS.' },
});
