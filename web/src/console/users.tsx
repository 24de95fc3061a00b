import { useState } from 'preact/hooks';
import { when } from '../shared/hooks';
import { Loading, Pager, type SectionProps, useAction, usePage } from './ui';

interface AdminUser {
  id: number;
  email: string;
  name?: string;
  nickname?: string;
  roles: string[];
  isActive: boolean;
  suspension: { reason: string; endsAt: string | null } | null;
  openSessions: number;
  online: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

const PERIODS: Array<[string, number | null]> = [
  ['해제할 때까지', null],
  ['1일', 1],
  ['7일', 7],
  ['30일', 30],
];

/** Search users; suspend one (their sessions and sockets end at once) or lift it. */
export function Users({ api }: SectionProps) {
  const [filter, setFilter] = useState({ q: '', status: '' });
  const list = usePage<AdminUser>(api, `${api.prefix}/admin/users`, filter, [filter]);
  const [suspending, setSuspending] = useState<number>();
  const action = useAction();

  const search = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    list.setPage(1);
    setFilter({ q: String(form.get('q') ?? ''), status: String(form.get('status') ?? '') });
  };
  const suspend = (user: AdminUser) => (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const days = Number(form.get('days'));
    const body = { reason: String(form.get('reason')), endsAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null };
    void action.run(
      () => api.call(`${api.prefix}/admin/users/${user.id}/suspend`, { method: 'PATCH', body }),
      () => {
        setSuspending(undefined);
        list.reload();
      },
    );
  };
  const lift = (user: AdminUser) =>
    action.run(() => api.call(`${api.prefix}/admin/users/${user.id}/suspend`, { method: 'PATCH', body: { suspended: false } }), list.reload);

  return (
    <section>
      <h2>사용자</h2>
      <form id="user-search" onSubmit={search}>
        <input name="q" placeholder="이메일 또는 이름" maxLength={100} />
        <select name="status">
          <option value="">모두</option>
          <option value="active">활성</option>
          <option value="suspended">정지</option>
        </select>
        <button type="submit">검색</button>
      </form>
      {action.shown}
      <Loading error={list.error} loading={list.loading}>
        <table id="users">
          <thead>
            <tr>
              <th>이메일</th>
              <th>이름</th>
              <th>역할</th>
              <th>상태</th>
              <th>세션</th>
              <th>최근 로그인</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((user) => (
              <tr key={user.id} data-user-id={user.id}>
                <td>{user.email}</td>
                <td>{user.nickname ?? user.name}</td>
                <td>{user.roles.join(', ')}</td>
                <td>
                  {user.isActive ? (
                    '활성'
                  ) : (
                    <span class="suspended" title={user.suspension?.reason}>
                      정지{user.suspension?.endsAt ? ` (~${when(user.suspension.endsAt)})` : ''}
                    </span>
                  )}
                </td>
                <td class="sessions">
                  {user.openSessions}개{user.online && <span class="online"> · 접속 중</span>}
                </td>
                <td>{when(user.lastLoginAt)}</td>
                <td>
                  {user.isActive ? (
                    suspending === user.id ? (
                      <form class="suspend" onSubmit={suspend(user)}>
                        <input name="reason" placeholder="정지 사유" maxLength={500} required />
                        <select name="days">
                          {PERIODS.map(([label, days]) => (
                            <option key={label} value={days ?? ''}>
                              {label}
                            </option>
                          ))}
                        </select>
                        <button type="submit" disabled={action.busy}>
                          정지하기
                        </button>
                        <button type="button" onClick={() => setSuspending(undefined)}>
                          취소
                        </button>
                      </form>
                    ) : (
                      <button type="button" class="suspend-user" onClick={() => setSuspending(user.id)}>
                        정지
                      </button>
                    )
                  ) : (
                    <button type="button" class="lift-user" disabled={action.busy} onClick={() => void lift(user)}>
                      정지 해제
                    </button>
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
