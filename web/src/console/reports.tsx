import { useState } from 'preact/hooks';
import { when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, useAction, usePage } from './ui';

interface Report {
  id: number;
  targetType: 'post' | 'comment';
  reason: string;
  note: string | null;
  status: string;
  reporter: { id: number; nickname: string };
  target: { authorNickname: string; isAnonymous: boolean; title: string | null; content: string; deleted: boolean } | null;
  resolution: string | null;
  createdAt: string;
}

const REASONS: Record<string, string> = {
  spam: '스팸',
  abuse: '욕설·괴롭힘',
  hate: '혐오',
  sexual: '성적 내용',
  self_harm: '자해',
  privacy: '개인정보',
  misinformation: '허위 정보',
  other: '기타',
};
const STATUS: Record<string, string> = { pending: '대기', resolved: '처리됨', dismissed: '기각됨' };

/** MindPause's moderation queue: reported posts and comments, with their real authors; remove or dismiss. */
export function Reports({ api }: SectionProps) {
  const [status, setStatus] = useState('pending');
  const list = usePage<Report>(api, `${api.prefix}/admin/reports`, { status }, [status]);
  const action = useAction();
  const handle = (report: Report, body: Record<string, unknown>) =>
    action.run(() => api.call(`${api.prefix}/admin/reports/${report.id}`, { method: 'PATCH', body }), list.reload);
  return (
    <section>
      <h2>신고 대기열</h2>
      <select
        value={status}
        onChange={(e) => {
          list.setPage(1);
          setStatus((e.currentTarget as HTMLSelectElement).value);
        }}
      >
        {Object.entries(STATUS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {action.shown}
      <Loading error={list.error} loading={list.loading}>
        {list.data?.items.length === 0 && <p class="muted">신고가 없습니다.</p>}
        <table id="reports">
          <tbody>
            {list.data?.items.map((report) => (
              <tr key={report.id} data-report-id={report.id}>
                <td>
                  <b>{REASONS[report.reason] ?? report.reason}</b> · {report.targetType === 'post' ? '글' : '댓글'}
                  <div class="muted">
                    신고자 {report.reporter.nickname} · {when(report.createdAt)}
                  </div>
                  {report.note && <div>“{report.note}”</div>}
                </td>
                <td>
                  {report.target ? (
                    <>
                      {report.target.title && <b>{report.target.title}</b>}
                      <div>{report.target.content}</div>
                      <div class="muted">
                        작성자 {report.target.authorNickname}
                        {report.target.isAnonymous && ' (익명으로 게시)'}
                        {report.target.deleted && ' · 삭제됨'}
                      </div>
                    </>
                  ) : (
                    <span class="muted">없어진 내용</span>
                  )}
                </td>
                <td>
                  {report.status === 'pending' ? (
                    <>
                      <button
                        type="button"
                        class="resolve"
                        disabled={action.busy}
                        onClick={() => void handle(report, { status: 'resolved', removeContent: true })}
                      >
                        삭제하고 처리
                      </button>{' '}
                      <button type="button" class="dismiss" disabled={action.busy} onClick={() => void handle(report, { status: 'dismissed' })}>
                        기각
                      </button>
                    </>
                  ) : (
                    <span class="status">
                      {STATUS[report.status]}
                      {report.resolution && ` · ${report.resolution}`}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager data={list.data} setPage={list.setPage} />
      </Loading>
    </section>
  );
}
