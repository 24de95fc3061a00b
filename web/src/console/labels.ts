export const APP_LABELS: Record<string, string> = { fitmate: 'FitMate', mindpause: '마음쉼표', mimo: 'MIMO' };

export const SECTION_LABELS: Record<string, string> = {
  overview: '개요',
  users: '사용자',
  reports: '신고',
  support: '고객센터',
  flags: '위기 대화',
  cameras: '카메라',
  jobs: '작업',
  notifications: '알림',
  sms: 'SMS',
};
