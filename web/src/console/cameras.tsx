import { useState } from 'preact/hooks';
import { BarChart, dayLabel } from '../shared/chart';
import { useLoad, when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, usePage } from './ui';

interface FleetStats {
  total: number;
  byStatus: Record<'online' | 'offline' | 'error', number>;
  lateHeartbeats: number;
  daily: Array<{ date: string; events: number; motion: number; sound: number; wentOffline: number }>;
}
interface Camera {
  id: number;
  name: string;
  location: string | null;
  status: string;
  firmware: string | null;
  lastHeartbeat: string | null;
  owner: { email: string; name: string };
  viewers: number;
  eventsLast24h: number;
}

const STATUS: Record<string, string> = { online: '온라인', offline: '오프라인', error: '오류' };

/** MIMO's camera fleet: online and offline, heartbeats, events and outages per day. */
export function Cameras({ api }: SectionProps) {
  const stats = useLoad(() => api.call<FleetStats>(`${api.prefix}/admin/cameras/stats?days=7`), []);
  const [status, setStatus] = useState('');
  const list = usePage<Camera>(api, `${api.prefix}/admin/cameras`, { status }, [status]);
  const data = stats.data;
  return (
    <section>
      <h2>카메라 현황</h2>
      <Loading error={stats.error} loading={stats.loading}>
        {data && (
          <>
            <div class="cards">
              <div class="card">
                전체 <b>{data.total}</b>
              </div>
              <div class="card">
                온라인 <b class="online">{data.byStatus.online}</b>
              </div>
              <div class="card">
                오프라인 <b class="offline">{data.byStatus.offline}</b>
              </div>
              <div class="card">
                하트비트 지연 <b>{data.lateHeartbeats}</b>
              </div>
            </div>
            <BarChart id="camera-events" title="일별 이벤트" bars={data.daily.map((d) => ({ label: dayLabel(d.date), value: d.events }))} />
            <BarChart id="camera-outages" title="일별 오프라인 전환" bars={data.daily.map((d) => ({ label: dayLabel(d.date), value: d.wentOffline }))} />
          </>
        )}
      </Loading>
      <select
        value={status}
        onChange={(e) => {
          list.setPage(1);
          setStatus((e.currentTarget as HTMLSelectElement).value);
        }}
      >
        <option value="">모든 상태</option>
        {Object.entries(STATUS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <Loading error={list.error} loading={list.loading}>
        <table id="cameras">
          <thead>
            <tr>
              <th>카메라</th>
              <th>주인</th>
              <th>상태</th>
              <th>마지막 하트비트</th>
              <th>시청자</th>
              <th>24시간 이벤트</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((camera) => (
              <tr key={camera.id}>
                <td>
                  <b>{camera.name}</b> <span class="muted">{camera.location}</span>
                  <div class="muted">{camera.firmware}</div>
                </td>
                <td>{camera.owner.email}</td>
                <td class={camera.status}>{STATUS[camera.status]}</td>
                <td>{when(camera.lastHeartbeat)}</td>
                <td>{camera.viewers}</td>
                <td>{camera.eventsLast24h}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager data={list.data} setPage={list.setPage} />
      </Loading>
    </section>
  );
}
