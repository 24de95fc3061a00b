import { useState } from 'preact/hooks';
import { useLoad, when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, useAction, usePage } from './ui';

interface SupportRoom {
  chatRoomId: number;
  userId: number;
  name: string;
  email: string;
  lastMessage: string | null;
  lastMessageAt: string;
  awaitingReply: boolean;
}
interface Message {
  id: number;
  senderId: number | null;
  sender: { name: string } | null;
  message: string | null;
  timestamp: string;
}

/** FitMate's support desk: rooms waiting for an answer first; read one and answer it. */
export function Support({ api }: SectionProps) {
  const [awaiting, setAwaiting] = useState(true);
  const rooms = usePage<SupportRoom>(api, `${api.prefix}/admin/support/rooms`, { awaiting: awaiting || undefined }, [awaiting]);
  const [open, setOpen] = useState<SupportRoom>();
  return (
    <section>
      <h2>고객센터 문의</h2>
      <label>
        <input type="checkbox" checked={awaiting} onChange={(e) => setAwaiting((e.currentTarget as HTMLInputElement).checked)} /> 답변을 기다리는 문의만
      </label>
      <Loading error={rooms.error} loading={rooms.loading}>
        {rooms.data?.items.length === 0 && <p class="muted">문의가 없습니다.</p>}
        <table id="support-rooms">
          <tbody>
            {rooms.data?.items.map((room) => (
              <tr key={room.chatRoomId}>
                <td>
                  <b>{room.name}</b> <span class="muted">{room.email}</span>
                </td>
                <td>{room.lastMessage}</td>
                <td>{when(room.lastMessageAt)}</td>
                <td>{room.awaitingReply ? <span class="failed">답변 대기</span> : '답변함'}</td>
                <td>
                  <button type="button" onClick={() => setOpen(room)}>
                    열기
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager data={rooms.data} setPage={rooms.setPage} />
      </Loading>
      {open && <Conversation api={api} room={open} onReplied={rooms.reload} />}
    </section>
  );
}

function Conversation({ api, room, onReplied }: SectionProps & { room: SupportRoom; onReplied: () => void }) {
  const messages = useLoad(() => api.call<{ items: Message[] }>(`${api.prefix}/chat/rooms/${room.chatRoomId}/messages?limit=50`), [room.chatRoomId]);
  const action = useAction();
  const reply = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const message = String(new FormData(form).get('message') ?? '');
    void action.run(
      () => api.call(`${api.prefix}/chat/rooms/${room.chatRoomId}/messages`, { method: 'POST', body: { message } }),
      () => {
        form.reset();
        messages.reload();
        onReplied();
      },
    );
  };
  return (
    <>
      <h3>{room.name}님과의 대화</h3>
      <Loading error={messages.error} loading={messages.loading}>
        <div class="messages">
          {[...(messages.data?.items ?? [])].reverse().map((m) => (
            <p key={m.id} class={m.senderId === room.userId ? '' : 'mine'}>
              <span class="meta">
                {m.sender?.name ?? '알 수 없음'} · {when(m.timestamp)}
              </span>
              <br />
              {m.message ?? '(삭제된 메시지)'}
            </p>
          ))}
        </div>
      </Loading>
      {action.shown}
      <form onSubmit={reply}>
        <input name="message" placeholder="답변" maxLength={4000} required />
        <button type="submit" disabled={action.busy}>
          보내기
        </button>
      </form>
    </>
  );
}
