import type { SiteSpec } from '../../platform/site';

/** FitMate at `/`: documents 000 and 004 in a few lines. */
export const fitmateSite: SiteSpec = {
  tagline: '운동을 기록하고, 한 주를 돌아보고, 함께 운동하는 사람과 대화하는 피트니스 앱',
  about: [
    '195가지 운동 카탈로그(한국어 검색: "스쿼", "ㅅㅋㅌ"도 찾습니다)에서 골라 운동을 기록하면 칼로리를 계산하고, 주·월·연 통계와 연속 기록, 목표 진행률, 맞춤 추천을 돌려줍니다.',
    'Socket.IO 채팅(1:1, 그룹, 고객센터), 알림(앱·푸시·SMS·이메일), 운동 리마인더와 주간 리포트 같은 예약 작업이 함께 돌아갑니다.',
    'FitMate logs workouts against a 195-exercise catalog, with weekly statistics, goals, recommendations, real-time chat and notifications.',
  ],
  pages: [{ path: '/app', title: 'FitMate 써 보기', description: '가입·로그인, 운동 기록, 이번 주 통계 차트, 다른 사용자와 실시간 채팅' }],
  webApp: 'fitmate',
  consoleSections: ['support'],
};
