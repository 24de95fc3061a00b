import { defineMessages } from '../feature';

export const AdminMessage = defineMessages({
  REPORT_NOT_FOUND: { ko: '신고를 찾을 수 없습니다.', en: 'The report was not found.' },
  REPORT_ALREADY_HANDLED: { ko: '이미 처리된 신고입니다.', en: 'This report has already been handled.' },
  CONTENT_REMOVED: { ko: '삭제되었습니다.', en: 'Removed.' },
  REPORT_HANDLED: { ko: '신고가 처리되었습니다.', en: 'The report has been handled.' },
  FLAG_REVIEWED: { ko: '검토 완료로 표시했습니다.', en: 'Marked as reviewed.' },
});
