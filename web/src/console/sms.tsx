import { useState } from 'preact/hooks';
import { BarChart, dayLabel } from '../shared/chart';
import { useLoad, when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, usePage } from './ui';

type Counts = { total: number; pending: number; sent: number; delivered: number; failed: number };
interface Statistics {
  startDate: string;
  endDate: string;
  totals: Counts;
  byTemplate: Array<{ templateType: string } & Counts>;
  daily: Array<{ date: string } & Counts>;
}
interface SmsLog {
  id: number;
  phoneNumber: string;
  message: string;
  templateType: string;
  status: string;
  provider: string | null;
  errorMessage: string | null;
  createdAt: string;
}

const STATUS_LABELS: Record<string, string> = { pending: '대기', sent: '발송', delivered: '전달', failed: '실패' };

/** The SMS log and its statistics: messages per day as a chart, by template, the log itself. */
export function Sms({ api }: SectionProps) {
  const stats = useLoad(() => api.call<Statistics>(`${api.prefix}/admin/sms/statistics`), []);
  const [status, setStatus] = useState('');
  const log = usePage<SmsLog>(api, `${api.prefix}/admin/sms`, { status }, [status]);
  const data = stats.data;
  return (
    <section>
      <h2>SMS 통계</h2>
      <Loading error={stats.error} loading={stats.loading}>
        {data && (
          <>
            <div class="cards">
              {(['total', 'sent', 'delivered', 'failed', 'pending'] as const).map((k) => (
                <div class="card" key={k}>
                  {k === 'total' ? '전체' : STATUS_LABELS[k]} <b class={k === 'failed' && data.totals[k] ? 'failed' : ''}>{data.totals[k]}</b>
                </div>
              ))}
            </div>
            <BarChart
              id="sms-daily"
              title={`일별 SMS (${data.startDate} ~ ${data.endDate}, 최근 14일)`}
              bars={data.daily.slice(-14).map((d) => ({ label: dayLabel(d.date), value: d.total }))}
            />
            <table>
              <thead>
                <tr>
                  <th>템플릿</th>
                  <th>전체</th>
                  <th>발송</th>
                  <th>실패</th>
                </tr>
              </thead>
              <tbody>
                {data.byTemplate.map((t) => (
                  <tr key={t.templateType}>
                    <td>{t.templateType}</td>
                    <td>{t.total}</td>
                    <td>{t.sent + t.delivered}</td>
                    <td>{t.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Loading>
      <h2>SMS 기록</h2>
      <select
        value={status}
        onChange={(e) => {
          log.setPage(1);
          setStatus((e.currentTarget as HTMLSelectElement).value);
        }}
      >
        <option value="">모든 상태</option>
        {Object.entries(STATUS_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <Loading error={log.error} loading={log.loading}>
        <table id="sms-log">
          <tbody>
            {log.data?.items.map((sms) => (
              <tr key={sms.id}>
                <td>{when(sms.createdAt)}</td>
                <td>{sms.phoneNumber}</td>
                <td>{sms.templateType}</td>
                <td class={sms.status}>{STATUS_LABELS[sms.status] ?? sms.status}</td>
                <td>{sms.message}</td>
                <td class="muted">
                  {sms.provider}
                  {sms.errorMessage && ` · ${sms.errorMessage}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager data={log.data} setPage={log.setPage} />
      </Loading>
    </section>
  );
}
