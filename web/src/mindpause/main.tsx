import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../shared/api';
import { BarChart, dayLabel } from '../shared/chart';
import { useLoad } from '../shared/hooks';
import { startPage } from '../shared/page';
import { openSocket } from '../shared/socket';

interface Labels {
  emotions: Array<{ code: string; label: string }>;
}
interface Stats {
  totals: { records: number; averageIntensity: number | null; positiveShare: number | null };
  daily: Array<{ date: string; records: number; averageIntensity: number | null; topEmotion: string | null }>;
  streaks: { current: number };
}
interface Line {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  source?: string | null;
}

/** Record a mood; the week's chart is read again after each one. */
function Moods({ api }: { api: Api }) {
  const labels = useLoad(() => api.call<Labels>('/api/v1/emotions/labels'), []);
  const stats = useLoad(() => api.call<Stats>('/api/v1/emotions/stats?period=week'), []);
  const [intensity, setIntensity] = useState(5);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const label = (code: string | null) => labels.data?.emotions.find((e) => e.code === code)?.label ?? '';

  const record = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const note = String(data.get('note') ?? '').trim();
    setError('');
    try {
      const saved = await api.call<{ emotionLabel: string; intensity: number }>('/api/v1/emotions', {
        method: 'POST',
        body: { emotion: data.get('emotion'), intensity, ...(note && { note }) },
      });
      setMessage(`${saved.emotionLabel} (${saved.intensity}/10)을 기록했습니다.`);
      form.reset();
      stats.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section>
      <h2>지금 기분</h2>
      <form id="mood" onSubmit={(event) => void record(event)}>
        <select name="emotion" required aria-label="감정">
          {labels.data?.emotions.map((e) => (
            <option key={e.code} value={e.code}>
              {e.label}
            </option>
          ))}
        </select>
        <label>
          강도{' '}
          <input
            type="range"
            min={1}
            max={10}
            value={intensity}
            onInput={(e) => setIntensity(Number((e.currentTarget as HTMLInputElement).value))}
            aria-label="강도"
          />{' '}
          {intensity}
        </label>
        <input name="note" placeholder="한 줄 메모 (선택)" maxLength={2000} aria-label="메모" />
        <button type="submit" disabled={!labels.data}>
          기록하기
        </button>
      </form>
      {message && (
        <p role="status" id="saved">
          {message}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h2>이번 주 감정</h2>
      {stats.data && (
        <>
          <p id="week-totals">
            기록 {stats.data.totals.records}개 · 평균 강도 {stats.data.totals.averageIntensity ?? '—'} · 연속 {stats.data.streaks.current}일
          </p>
          <BarChart
            id="week-chart"
            title="요일별 기록 수 (가장 많이 느낀 감정)"
            bars={stats.data.daily.map((d) => ({ label: `${dayLabel(d.date)}${d.topEmotion ? ` ${label(d.topEmotion)}` : ''}`, value: d.records }))}
          />
        </>
      )}
    </section>
  );
}

/** The AI counsellor: the reply streams in as it is written (server-sent events). */
function Counsellor({ api }: { api: Api }) {
  const [conversationId, setConversationId] = useState<number>();
  const [lines, setLines] = useState<Line[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => list.current?.scrollTo(0, list.current.scrollHeight), [lines]);

  const send = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const content = String(new FormData(form).get('content') ?? '').trim();
    if (!content) return;
    setError('');
    setBusy(true);
    const turn = crypto.randomUUID();
    setLines((all) => [...all, { id: `${turn}:user`, role: 'user', content }, { id: `${turn}:reply`, role: 'assistant', content: '' }]);
    form.reset();
    const reply = (change: (line: Line) => Line) => setLines((all) => all.map((line) => (line.id === `${turn}:reply` ? change(line) : line)));
    try {
      const id = conversationId ?? (await api.call<{ id: number }>('/api/v1/chat/conversations', { method: 'POST', body: {} })).id;
      setConversationId(id);
      await api.stream(`/api/v1/chat/conversations/${id}/messages`, { content }, (name, data) => {
        if (name === 'message') reply((line) => ({ ...line, content: line.content + (data as { delta: string }).delta }));
        // What was saved is what counts: the safety check may have replaced what streamed.
        else if (name === 'done') {
          const saved = (data as { assistantMessage: { content: string; source: string } }).assistantMessage;
          reply((line) => ({ ...line, content: saved.content, source: saved.source }));
        } else if (name === 'error') setError((data as { message: string }).message);
      });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h2>AI 상담</h2>
      <p class="muted">AI 상담사는 사람이 아니며 진단을 하지 않습니다. 위급하면 109(자살예방 상담전화, 24시간)나 1577-0199로 연락하세요.</p>
      <div class="messages" id="conversation" ref={list}>
        {lines.map((line) => (
          <p key={line.id} class={line.role === 'user' ? 'mine' : 'reply'} data-role={line.role} data-source={line.source ?? ''}>
            {line.content || (busy ? '…' : '')}
          </p>
        ))}
      </div>
      <form id="ask" onSubmit={(event) => void send(event)}>
        <input name="content" placeholder="하고 싶은 이야기" maxLength={2000} required aria-label="상담 메시지" />
        <button type="submit" disabled={busy}>
          보내기
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** New notifications arrive over the socket; the socket is also how a suspension reaches this page at once. */
function Inbox({ api }: { api: Api }) {
  const [unread, setUnread] = useState<number>();
  useEffect(() => {
    const socket = openSocket(api);
    socket.on('unreadNotificationCount', (count: number | { count: number }) => setUnread(typeof count === 'number' ? count : count.count));
    return () => socket.disconnect();
  }, [api]);
  return (
    <p class="muted" id="inbox">
      {unread === undefined ? '알림 연결 중…' : `읽지 않은 알림 ${unread}개`}
    </p>
  );
}

startPage({
  title: '마음쉼표',
  signUp: { nameField: 'nickname', nameLabel: '닉네임' },
  children: (api) => (
    <>
      <Inbox api={api} />
      <Moods api={api} />
      <Counsellor api={api} />
    </>
  ),
});
