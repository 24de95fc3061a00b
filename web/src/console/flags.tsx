import { when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, useAction, usePage } from './ui';

interface Flagged {
  id: number;
  userId: number;
  title: string | null;
  messageCount: number;
  flaggedAt: string;
  deletedAt: string | null;
  flags: Array<{ id: number; reason: string; createdAt: string; message: string | null }>;
}

/** MindPause's flagged AI conversations: what the safety rules caught, for an admin to review. */
export function Flags({ api }: SectionProps) {
  const list = usePage<Flagged>(api, `${api.prefix}/admin/flagged-conversations`, {}, []);
  const action = useAction();
  const review = (conversation: Flagged) => (event: Event) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get('note') ?? '').trim();
    void action.run(
      () => api.call(`${api.prefix}/admin/flagged-conversations/${conversation.id}`, { method: 'PATCH', body: { note: note || null } }),
      list.reload,
    );
  };
  return (
    <section>
      <h2>위기 대화 검토</h2>
      <p class="muted">안전 규칙이나 모더레이션이 위기 표현을 찾은 AI 상담 대화입니다. 그런 메시지는 모델에 보내지 않고 109 등 도움받을 곳을 안내했습니다.</p>
      {action.shown}
      <Loading error={list.error} loading={list.loading}>
        {list.data?.items.length === 0 && <p class="muted">검토할 대화가 없습니다.</p>}
        {list.data?.items.map((conversation) => (
          <article key={conversation.id} class="card" data-conversation-id={conversation.id}>
            <b>
              {conversation.title ?? '제목 없음'} · 사용자 #{conversation.userId}
            </b>
            <div class="muted">
              메시지 {conversation.messageCount}개 · {when(conversation.flaggedAt)}
              {conversation.deletedAt && ' · 사용자가 삭제함 (검토를 위해 보관)'}
            </div>
            <ul>
              {conversation.flags.map((flag) => (
                <li key={flag.id}>
                  <code>{flag.reason}</code> {flag.message && `“${flag.message}”`}
                </li>
              ))}
            </ul>
            <form onSubmit={review(conversation)}>
              <input name="note" placeholder="검토 메모 (선택)" maxLength={1000} />
              <button type="submit" disabled={action.busy}>
                검토 완료
              </button>
            </form>
          </article>
        ))}
        <Pager data={list.data} setPage={list.setPage} />
      </Loading>
    </section>
  );
}
