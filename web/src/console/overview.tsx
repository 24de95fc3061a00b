import { useEffect, useState } from 'preact/hooks';
import { loadSite } from '../shared/api';
import { BarChart } from '../shared/chart';
import { useLoad } from '../shared/hooks';
import { ask, openSocket } from '../shared/socket';
import { APP_LABELS } from './labels';
import { Loading, type SectionProps } from './ui';

interface Counters {
  at: string;
  apps: Array<{ app: string; sockets: number; users: number; messagesPerMinute: number }>;
}

/** How the app runs, and the live counters of every app in this process (over the socket, every 2 s). */
export function Overview({ api }: SectionProps) {
  const site = useLoad(loadSite, []);
  const [counters, setCounters] = useState<Counters>();
  const [error, setError] = useState('');
  useEffect(() => {
    const socket = openSocket(api);
    socket.on('console:counters', setCounters);
    socket.on('connect', () => ask<Counters>(socket, 'console:watch').then(setCounters, (e: Error) => setError(e.message)));
    return () => socket.disconnect();
  }, [api]);

  const status = site.data?.status;
  return (
    <section>
      <h2>실시간 지표</h2>
      {error && <p class="error">{error}</p>}
      {counters ? (
        <>
          <table id="live-counters">
            <thead>
              <tr>
                <th>앱</th>
                <th>연결된 소켓</th>
                <th>접속자</th>
                <th>분당 메시지</th>
              </tr>
            </thead>
            <tbody>
              {counters.apps.map((c) => (
                <tr key={c.app} data-app={c.app}>
                  <td>{APP_LABELS[c.app] ?? c.app}</td>
                  <td class="sockets">{c.sockets}</td>
                  <td>{c.users}</td>
                  <td class="mpm">{c.messagesPerMinute}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{new Date(counters.at).toLocaleTimeString('ko-KR')} 기준 · 2초마다 갱신 · 이 프로세스에서 도는 앱</p>
          <BarChart title="분당 메시지 (앱별)" bars={counters.apps.map((c) => ({ label: APP_LABELS[c.app] ?? c.app, value: c.messagesPerMinute }))} />
        </>
      ) : (
        <p class="muted">연결하는 중…</p>
      )}
      <h2>상태</h2>
      <Loading error={site.error} loading={site.loading}>
        {status && (
          <div class="cards">
            <div class="card">
              데이터베이스 <b class={status.database.status}>{status.database.driver}</b>
              {status.database.latencyMs ?? '—'} ms
            </div>
            <div class="card">
              캐시 <b class={status.cache.status}>{status.cache.driver}</b>
              {status.cache.latencyMs ?? '—'} ms
            </div>
            <div class="card">
              작업 <b>{status.jobs.kinds}종</b>
              대기 {(status.jobs.counts.created ?? 0) + (status.jobs.counts.retry ?? 0)} · 실패 {status.jobs.counts.failed ?? 0}
            </div>
            <div class="card">
              채널 <b>SMS {status.channels.sms}</b>
              이메일 {status.channels.email} · 푸시 {status.channels.push}
            </div>
          </div>
        )}
      </Loading>
    </section>
  );
}
