import { useState } from 'preact/hooks';
import { BarChart, dayLabel } from '../shared/chart';
import { percent, useLoad } from '../shared/hooks';
import { Loading, type SectionProps } from './ui';

interface Analytics {
  from: string;
  to: string;
  totals: { notifications: number; read: number; readRate: number | null };
  channels: Array<{ channel: string; total: number; byStatus: Record<string, number>; deliveryRate: number | null; readRate: number | null }>;
  byType: Array<{ type: string; notifications: number; read: number; readRate: number | null }>;
  daily: Array<{ date: string; notifications: number; read: number }>;
}

const CHANNEL_LABELS: Record<string, string> = { app: '앱', push: '푸시', sms: 'SMS', email: '이메일' };
const STATUSES = ['delivered', 'sent', 'pending', 'failed', 'skipped'];
const STATUS_LABELS: Record<string, string> = { delivered: '전달', sent: '발송', pending: '대기', failed: '실패', skipped: '건너뜀' };

/** Document 004's notification analytics: delivery and read rates per channel, by type, by day. */
export function Notifications({ api }: SectionProps) {
  const [days, setDays] = useState(7);
  const stats = useLoad(() => api.call<Analytics>(`${api.prefix}/admin/notifications/stats?days=${days}`), [days]);
  const data = stats.data;
  return (
    <section>
      <h2>알림 분석</h2>
      <p>
        <select value={days} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
          {[1, 7, 30, 90].map((d) => (
            <option key={d} value={d}>
              최근 {d}일
            </option>
          ))}
        </select>
      </p>
      <Loading error={stats.error} loading={stats.loading}>
        {data && (
          <>
            <p>
              알림 {data.totals.notifications}건 · 읽음 {data.totals.read}건 ({percent(data.totals.readRate)})
            </p>
            <BarChart
              id="delivery-rates"
              title="채널별 전달률"
              max={1}
              format={(v) => `${Math.round(v * 100)}`}
              unit="%"
              bars={data.channels.map((c) => ({ label: CHANNEL_LABELS[c.channel] ?? c.channel, value: c.deliveryRate ?? 0 }))}
            />
            <BarChart
              id="read-rates"
              title="채널별 읽음률"
              max={1}
              format={(v) => `${Math.round(v * 100)}`}
              unit="%"
              bars={data.channels.map((c) => ({ label: CHANNEL_LABELS[c.channel] ?? c.channel, value: c.readRate ?? 0 }))}
            />
            <table id="channels">
              <thead>
                <tr>
                  <th>채널</th>
                  {STATUSES.map((s) => (
                    <th key={s}>{STATUS_LABELS[s]}</th>
                  ))}
                  <th>전달률</th>
                  <th>읽음률</th>
                </tr>
              </thead>
              <tbody>
                {data.channels.map((c) => (
                  <tr key={c.channel}>
                    <td>{CHANNEL_LABELS[c.channel]}</td>
                    {STATUSES.map((s) => (
                      <td key={s}>{c.byStatus[s] ?? 0}</td>
                    ))}
                    <td>{percent(c.deliveryRate)}</td>
                    <td>{percent(c.readRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <BarChart id="notifications-daily" title="일별 알림" bars={data.daily.map((d) => ({ label: dayLabel(d.date), value: d.notifications }))} />
            <h3>유형별 읽음률</h3>
            <table>
              <tbody>
                {data.byType.map((t) => (
                  <tr key={t.type}>
                    <td>{t.type}</td>
                    <td>{t.notifications}건</td>
                    <td>{percent(t.readRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Loading>
    </section>
  );
}
