import { useEffect, useRef, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { Api, Session } from '../shared/api';
import { BarChart, dayLabel } from '../shared/chart';
import { useLoad } from '../shared/hooks';
import { seoulToday, startPage } from '../shared/page';
import { ask, openSocket } from '../shared/socket';

interface Exercise {
  id: number;
  nameKr: string;
}
interface Statistics {
  totals: { workouts: number; minutes: number; calories: number };
  daily: Array<{ date: string; workouts: number; minutes: number; calories: number }>;
  streaks: { current: number };
}
interface ChatMessage {
  id: number;
  senderId: number | null;
  sender: { name: string } | null;
  message: string | null;
  timestamp: string;
}

/** Log a workout; the week's statistics are read again after each one. */
function Workouts({ api }: { api: Api }) {
  const exercises = useLoad(() => api.call<{ items: Exercise[] }>('/api/exercises?limit=100&sort=popularity'), []);
  const stats = useLoad(() => api.call<Statistics>('/api/workouts/statistics?period=week'), []);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');

  const log = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError('');
    try {
      const workout = await api.call<{ exercise: { nameKr: string }; durationMinutes: number; caloriesBurned: number | null }>('/api/workouts', {
        method: 'POST',
        body: { exerciseId: Number(form.get('exerciseId')), durationMinutes: Number(form.get('minutes')), workoutDate: String(form.get('date')) },
      });
      setSaved(
        `${workout.exercise.nameKr} ${workout.durationMinutes}분을 기록했습니다${workout.caloriesBurned ? ` (${Math.round(workout.caloriesBurned)} kcal)` : ''}.`,
      );
      stats.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section>
      <h2>운동 기록</h2>
      <form id="workout" onSubmit={(event) => void log(event)}>
        <select name="exerciseId" required aria-label="운동">
          {exercises.data?.items.map((e) => (
            <option key={e.id} value={e.id}>
              {e.nameKr}
            </option>
          ))}
        </select>
        <input name="minutes" type="number" min={1} max={1440} defaultValue="30" required aria-label="운동 시간(분)" />
        <span>분</span>
        <input name="date" type="date" defaultValue={seoulToday()} max={seoulToday()} required aria-label="날짜" />
        <button type="submit" disabled={!exercises.data}>
          기록하기
        </button>
      </form>
      {saved && (
        <p role="status" id="saved">
          {saved}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h2>이번 주</h2>
      {stats.data && (
        <>
          <p id="week-totals">
            운동 {stats.data.totals.workouts}회 · {stats.data.totals.minutes}분 · {Math.round(stats.data.totals.calories)} kcal · 연속{' '}
            {stats.data.streaks.current}일
          </p>
          <BarChart id="week-chart" title="요일별 운동 시간" unit="분" bars={stats.data.daily.map((d) => ({ label: dayLabel(d.date), value: d.minutes }))} />
        </>
      )}
    </section>
  );
}

/** A one-to-one room with another person (by their ID), live over Socket.IO. */
function Chat({ api, session }: { api: Api; session: Session }) {
  const socket = useRef<Socket>(null);
  const [roomId, setRoomId] = useState<number>();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState('');
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const s = openSocket(api);
    socket.current = s;
    s.on('connect', () => setConnected(true));
    s.on('disconnect', () => setConnected(false));
    s.on('newMessage', (message: ChatMessage & { chatRoomId: number }) =>
      setMessages((all) => (all.some((m) => m.id === message.id) ? all : [...all, message])),
    );
    return () => s.disconnect();
  }, [api]);
  useEffect(() => list.current?.scrollTo(0, list.current.scrollHeight), [messages]);

  const open = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      const other = Number(new FormData(event.currentTarget as HTMLFormElement).get('userId'));
      const room = await api.call<{ id: number }>('/api/chat/rooms', { method: 'POST', body: { roomType: 'individual', participantIds: [other] } });
      const history = await ask<{ messages: ChatMessage[] }>(socket.current!, 'joinChat', { chatRoomId: room.id });
      setMessages([...history.messages].reverse());
      setRoomId(room.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const send = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const message = String(new FormData(form).get('message') ?? '');
    setError('');
    try {
      const saved = await ask<ChatMessage>(socket.current!, 'sendMessage', { chatRoomId: roomId, message, clientMessageId: crypto.randomUUID() });
      setMessages((all) => (all.some((m) => m.id === saved.id) ? all : [...all, saved]));
      form.reset();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section>
      <h2>
        채팅{' '}
        {connected ? (
          <span class="online" id="socket-state">
            연결됨
          </span>
        ) : (
          <span class="muted" id="socket-state">
            연결 중…
          </span>
        )}
      </h2>
      <form id="open-chat" onSubmit={(event) => void open(event)}>
        <input name="userId" type="number" min={1} placeholder="상대방 ID" required aria-label="상대방 ID" />
        <button type="submit">대화 열기</button>
        <span class="muted">내 ID는 {session.user.id}입니다. 상대에게 알려 주세요.</span>
      </form>
      {roomId && (
        <>
          <div class="messages" id="messages" ref={list}>
            {messages.map((m) => (
              <p key={m.id} class={m.senderId === session.user.id ? 'mine' : ''}>
                <span class="meta">{m.sender?.name ?? '알 수 없음'}</span>
                <br />
                <span class="text">{m.message ?? '(삭제된 메시지)'}</span>
              </p>
            ))}
          </div>
          <form id="send" onSubmit={(event) => void send(event)}>
            <input name="message" placeholder="메시지" maxLength={4000} required aria-label="메시지" />
            <button type="submit">보내기</button>
          </form>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

startPage({
  title: 'FitMate',
  signUp: { nameField: 'name', nameLabel: '이름' },
  children: (api, session) => (
    <>
      <Workouts api={api} />
      <Chat api={api} session={session} />
    </>
  ),
});
