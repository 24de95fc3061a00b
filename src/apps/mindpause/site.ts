import type { SiteSpec } from '../../platform/site';

/** 마음쉼표 at `/`: document 002 in a few lines. */
export const mindpauseSite: SiteSpec = {
  tagline: '하루의 감정을 기록하고, AI 상담사와 이야기하며 마음을 돌보는 웰니스 앱',
  about: [
    '열 가지 감정과 강도로 기분을 기록하면 주·월·연 통계와 연속 기록을 보여 줍니다. AI 상담은 답을 실시간으로 흘려보내며(SSE), 위기 표현은 모델에 보내지 않고 109 등 도움받을 곳을 안내한 뒤 관리자 검토 대기열에 올립니다.',
    '익명 커뮤니티와 신고, 챌린지, 알림이 함께 있습니다. AI 상담은 진단이 아니며 전문가의 도움을 대신하지 않습니다.',
    'MindPause records moods, streams AI counselling replies with safety checks, and runs a community with moderation.',
  ],
  pages: [{ path: '/app', title: '마음쉼표 써 보기', description: '가입·로그인, 감정 기록, 이번 주 감정 차트, AI 상담(실시간 답변)' }],
  webApp: 'mindpause',
  consoleSections: ['reports', 'flags'],
};
