import { type ComponentChildren, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Api, type Session, loadSite } from './api';
import { AuthPanel } from './auth';
import './style.css';

/** Today in Seoul, YYYY-MM-DD. */
export const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());

interface ShellProps {
  api: Api;
  title: string;
  signUp: { nameField: string; nameLabel: string };
  children: (api: Api, session: Session) => ComponentChildren;
}

/** A page for people: sign in or up; once signed in, the page; when the server ends the session, back to sign-in with why. */
function Shell({ api, title, signUp, children }: ShellProps) {
  const [session, setSession] = useState(api.session);
  const [notice, setNotice] = useState<string>();
  useEffect(
    () =>
      api.onChange((next, reason) => {
        setSession(next);
        setNotice(reason);
      }),
    [api],
  );
  return (
    <>
      <header class="bar">
        <h1>{title}</h1>
        <span class="spacer" />
        <a href="/">앱 소개</a>
        {session && (
          <>
            <span class="muted" id="me">
              {session.user.email} · 내 ID {session.user.id}
            </span>
            <button type="button" id="sign-out" onClick={() => void api.signOut()}>
              로그아웃
            </button>
          </>
        )}
      </header>
      <main>{session ? children(api, session) : <AuthPanel api={api} notice={notice} signUp={signUp} />}</main>
    </>
  );
}

/** Starts a page for people on the app's /status. */
export function startPage(options: Omit<ShellProps, 'api'>) {
  loadSite().then(
    (site) => {
      const root = document.getElementById('root')!;
      root.textContent = '';
      render(<Shell api={new Api(site, `madang.app.${site.app}`)} {...options} />, root);
    },
    (error: Error) => (document.getElementById('root')!.textContent = `페이지를 열 수 없습니다: ${error.message}`),
  );
}
