import type { SiteInfo } from './status';

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const DRIVERS: Record<string, string> = {
  pglite: 'PGlite (내장, 파일 하나)',
  postgres: 'PostgreSQL',
  memory: '프로세스 내 캐시',
  redis: 'Redis',
  recording: '기록만 함 (실제 발송 없음)',
  twilio: 'Twilio',
  solapi: 'Solapi',
  smtp: 'SMTP',
  vapid: 'Web Push (VAPID)',
  'vapid-generated': 'Web Push (VAPID, 자동 생성 키)',
};
const APP_NAMES: Record<string, string> = { fitmate: 'FitMate', mindpause: '마음쉼표', mimo: 'MIMO' };

const label = (driver: string) => escape(DRIVERS[driver] ?? driver);
const up = (status: 'up' | 'down') => (status === 'up' ? '<span class="up">정상</span>' : '<span class="down">응답 없음</span>');
const ms = (latency: number | null) => (latency === null ? '' : ` · ${latency} ms`);

/** The page at `/`: what the app is, how it runs now, and where to go next. Server-rendered, no script. */
export function renderLanding(info: SiteInfo): string {
  const { status } = info;
  const jobs = status.jobs;
  const queued = (jobs.counts.created ?? 0) + (jobs.counts.retry ?? 0);
  const rows: Array<[string, string]> = [
    ['데이터베이스', `${label(status.database.driver)} · ${up(status.database.status)}${ms(status.database.latencyMs)}`],
    ['캐시', `${label(status.cache.driver)} · ${up(status.cache.status)}${ms(status.cache.latencyMs)}`],
    ['SMS', label(status.channels.sms)],
    ['이메일', label(status.channels.email)],
    ['푸시', label(status.channels.push)],
    ['작업', `${jobs.running ? '실행 중' : '멈춤'} · ${jobs.kinds}종 · 대기 ${queued} · 실행 ${jobs.counts.active ?? 0} · 실패 ${jobs.counts.failed ?? 0}`],
    ['실시간', `소켓 ${status.realtime.sockets}개 · 접속자 ${status.realtime.users}명`],
  ];
  const links = [
    ...info.pages.map((page) => ({ href: page.path, title: page.title, description: page.description })),
    { href: info.console.path, title: '운영 콘솔', description: '관리자 로그인: 사용자, 신고, 작업, 알림, SMS, 실시간 지표' },
    { href: info.docs, title: 'API 문서', description: 'OpenAPI (Swagger UI); JSON은 /docs/json' },
  ];
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.displayName)} · Madang</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/landing.css">
</head>
<body>
<header>
  <p class="apps">${info.apps.map((app) => (app.current ? `<strong>${escape(APP_NAMES[app.name] ?? app.name)}</strong>` : `<a href="${escape(app.url)}/">${escape(APP_NAMES[app.name] ?? app.name)}</a>`)).join(' · ')}</p>
  <h1>${escape(info.displayName)}</h1>
  <p class="tagline">${escape(info.tagline)}</p>
</header>
<main>
  ${info.about.map((text) => `<p>${escape(text)}</p>`).join('\n  ')}
  <h2>둘러보기</h2>
  <ul class="links">
    ${links.map((link) => `<li><a href="${escape(link.href)}">${escape(link.title)}</a> <span>${escape(link.description)}</span></li>`).join('\n    ')}
  </ul>
  <h2>지금 상태</h2>
  <table class="status" id="status">
    ${rows.map(([name, value]) => `<tr><th>${name}</th><td>${value}</td></tr>`).join('\n    ')}
  </table>
  <p class="note">${escape(info.env)} 모드 · 같은 내용을 JSON으로: <a href="/status">/status</a> · 상태 점검: <a href="/api/health/db">/api/health/db</a></p>
</main>
</body>
</html>
`;
}
