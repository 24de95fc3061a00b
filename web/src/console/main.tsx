import { type FunctionComponent, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Api, type SiteInfo, loadSite } from '../shared/api';
import { AuthPanel } from '../shared/auth';
import '../shared/style.css';
import { Cameras } from './cameras';
import { Flags } from './flags';
import { Jobs } from './jobs';
import { APP_LABELS, SECTION_LABELS } from './labels';
import { Notifications } from './notifications';
import { Overview } from './overview';
import { Reports } from './reports';
import { Sms } from './sms';
import { Support } from './support';
import type { SectionProps } from './ui';
import { Users } from './users';

const VIEWS: Record<string, FunctionComponent<SectionProps>> = {
  overview: Overview,
  users: Users,
  reports: Reports,
  support: Support,
  flags: Flags,
  cameras: Cameras,
  jobs: Jobs,
  notifications: Notifications,
  sms: Sms,
};

const sectionOf = (site: SiteInfo) => {
  const asked = location.hash.slice(1);
  return site.console.sections.includes(asked) ? asked : 'overview';
};

/** The operator console of one app: its ADMINs sign in; the switcher goes to the other apps' consoles. */
function Console({ api }: { api: Api }) {
  const site = api.site;
  const [session, setSession] = useState(api.session);
  const [notice, setNotice] = useState<string>();
  const [section, setSection] = useState(() => sectionOf(site));
  useEffect(
    () =>
      api.onChange((next, reason) => {
        setSession(next);
        setNotice(reason);
      }),
    [api],
  );
  useEffect(() => {
    const follow = () => setSection(sectionOf(site));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, [site]);

  const View = VIEWS[section] ?? Overview;
  const isAdmin = session?.user.roles.includes('ADMIN');
  return (
    <>
      <header class="bar">
        <h1>{site.displayName} 운영 콘솔</h1>
        <nav id="apps" aria-label="앱">
          {site.apps.map((app) => (
            <a key={app.name} class={app.current ? 'active' : ''} href={app.current ? '#overview' : `${app.url}/console`}>
              {APP_LABELS[app.name] ?? app.name}
            </a>
          ))}
        </nav>
        <span class="spacer" />
        {session && (
          <>
            <span class="muted">{session.user.email}</span>
            <button type="button" id="sign-out" onClick={() => void api.signOut()}>
              로그아웃
            </button>
          </>
        )}
      </header>
      <main>
        {!session ? (
          <AuthPanel api={api} notice={notice ?? `${site.displayName}의 관리자(ADMIN) 계정으로 로그인하세요.`} />
        ) : !isAdmin ? (
          <p class="error" role="alert">
            관리자(ADMIN) 계정이 아닙니다. 관리자 계정으로 다시 로그인하세요.
          </p>
        ) : (
          <>
            <nav id="sections" aria-label="메뉴">
              {site.console.sections.map((key) => (
                <a key={key} href={`#${key}`} class={key === section ? 'active' : ''}>
                  {SECTION_LABELS[key] ?? key}
                </a>
              ))}
              <a href="/docs">API 문서</a>
              <a href="/">처음으로</a>
            </nav>
            <View api={api} key={section} />
          </>
        )}
      </main>
    </>
  );
}

loadSite().then(
  (site) => {
    const root = document.getElementById('root')!;
    root.textContent = '';
    render(<Console api={new Api(site, `madang.console.${site.app}`)} />, root);
  },
  (error: Error) => (document.getElementById('root')!.textContent = `콘솔을 열 수 없습니다: ${error.message}`),
);
