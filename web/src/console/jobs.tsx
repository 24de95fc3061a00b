import { useState } from 'preact/hooks';
import { useLoad, when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, useAction, usePage } from './ui';

interface JobSummary {
  name: string;
  description: string | null;
  cron: string | null;
  retryLimit: number;
  counts: Record<string, number>;
  lastRuns: Array<{ id: string; state: string; createdOn: string; completedOn: string | null }>;
}
interface FailedJob {
  name: string;
  id: string;
  retryCount: number;
  failedOn: string | null;
  output: unknown;
  retryable: boolean;
}

const STATES = ['created', 'retry', 'active', 'completed', 'failed'] as const;
const STATE_LABELS: Record<string, string> = { created: '대기', retry: '재시도 대기', active: '실행 중', completed: '완료', failed: '실패', cancelled: '취소' };

/** Queues and schedules with their counts and last runs, run one now; failed jobs, tried again. */
export function Jobs({ api }: SectionProps) {
  const summary = useLoad(() => api.call<JobSummary[]>(`${api.prefix}/admin/jobs`), []);
  const [tick, setTick] = useState(0);
  const failed = usePage<FailedJob>(api, `${api.prefix}/admin/jobs/failed`, {}, [tick]);
  const action = useAction();
  const reload = () => {
    summary.reload();
    setTick((t) => t + 1);
  };

  return (
    <section>
      <h2>작업 대기열과 예약</h2>
      {action.shown}
      <Loading error={summary.error} loading={summary.loading}>
        <table id="jobs">
          <thead>
            <tr>
              <th>작업</th>
              <th>예약 (서울)</th>
              {STATES.map((s) => (
                <th key={s}>{STATE_LABELS[s]}</th>
              ))}
              <th>마지막 실행</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {summary.data?.map((job) => (
              <tr key={job.name} data-job={job.name}>
                <td>
                  <b>{job.name}</b>
                  <div class="muted">{job.description}</div>
                </td>
                <td>{job.cron ?? '—'}</td>
                {STATES.map((s) => (
                  <td key={s} class={s === 'failed' && job.counts[s] ? 'failed' : ''}>
                    {job.counts[s] ?? 0}
                  </td>
                ))}
                <td>
                  {job.lastRuns[0]
                    ? `${STATE_LABELS[job.lastRuns[0].state] ?? job.lastRuns[0].state} · ${when(job.lastRuns[0].completedOn ?? job.lastRuns[0].createdOn)}`
                    : '—'}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() => void action.run(() => api.call(`${api.prefix}/admin/jobs/${encodeURIComponent(job.name)}/run`, { method: 'POST' }), reload)}
                  >
                    지금 실행
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Loading>
      <h2>실패한 작업</h2>
      <Loading error={failed.error} loading={failed.loading}>
        {failed.data?.items.length === 0 && <p class="muted">실패한 작업이 없습니다.</p>}
        <table id="failed-jobs">
          <tbody>
            {failed.data?.items.map((job) => (
              <tr key={job.id}>
                <td>{job.name}</td>
                <td>{when(job.failedOn)}</td>
                <td>재시도 {job.retryCount}회</td>
                <td>
                  <pre>{JSON.stringify(job.output)}</pre>
                </td>
                <td>
                  {job.retryable && (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(() => api.call(`${api.prefix}/admin/jobs/${encodeURIComponent(job.name)}/${job.id}/retry`, { method: 'POST' }), reload)
                      }
                    >
                      다시 시도
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager data={failed.data} setPage={failed.setPage} />
      </Loading>
    </section>
  );
}
