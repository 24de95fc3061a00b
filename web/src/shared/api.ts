// The client every page shares: the app's /status, its envelope (FitMate and MindPause
// `{success, data}`, MIMO `{ok, data}`), the signed-in session and its refresh, and SSE replies.

export interface SiteInfo {
  app: string;
  displayName: string;
  apiPrefix: string;
  envelope: 'standard' | 'mimo';
  console: { path: string; sections: string[] };
  apps: Array<{ name: string; url: string; current: boolean }>;
  status: {
    database: { driver: string; status: 'up' | 'down'; latencyMs: number | null };
    cache: { driver: string; status: 'up' | 'down'; latencyMs: number | null };
    channels: { sms: string; email: string; push: string };
    jobs: { running: boolean; kinds: number; counts: Record<string, number> };
    realtime: { sockets: number; users: number };
  };
}

export interface User {
  id: number;
  email: string;
  roles: string[];
  name?: string;
  nickname?: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly details: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

type Answer = { success?: boolean; ok?: boolean; data?: unknown; error?: { code: string; message: string; details?: unknown } };

/** The `data` of an answer in either envelope, or an ApiError with the answer's code and words. */
export function unwrap<T>(answer: Answer, status: number): T {
  if (answer.success === true || answer.ok === true) return answer.data as T;
  const error = answer.error ?? { code: 'NETWORK', message: '서버 응답을 읽을 수 없습니다.' };
  throw new ApiError(error.message, error.code, status, Array.isArray(error.details) ? error.details : []);
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('서버에 연결할 수 없습니다.', 'NETWORK', 0);
  }
  const answer = (await response.json().catch(() => ({}))) as Answer;
  return unwrap<T>(answer, response.status);
}

export const loadSite = () => request<SiteInfo>('/status', {});

interface CallOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

type Listener = (session: Session | null, reason?: string) => void;

/**
 * One signed-in person's calls to the app. The session lives in this tab (sessionStorage, under
 * its own key, so the console and a page of the same app sign in apart). An expired access
 * token is renewed once with the refresh token; a session the server ended signs the page out.
 */
export class Api {
  private listeners: Listener[] = [];
  private refreshing?: Promise<void>;

  constructor(
    readonly site: SiteInfo,
    private readonly key: string,
  ) {}

  get prefix(): string {
    return this.site.apiPrefix;
  }

  get session(): Session | null {
    return JSON.parse(sessionStorage.getItem(this.key) ?? 'null') as Session | null;
  }

  onChange(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  async signIn(email: string, password: string): Promise<Session> {
    return this.start(await request<Session>(`${this.prefix}/auth/login`, this.init({ method: 'POST', body: { email, password } })));
  }

  async signUp(body: Record<string, unknown>): Promise<Session> {
    return this.start(await request<Session>(`${this.prefix}/auth/register`, this.init({ method: 'POST', body })));
  }

  async signOut(): Promise<void> {
    const session = this.session;
    if (session)
      await request(`${this.prefix}/auth/logout`, this.init({ method: 'POST', body: { refreshToken: session.refreshToken } }, session.accessToken)).catch(
        () => undefined,
      );
    this.end();
  }

  /** Forgets the session (the server ended it, or the person signed out) and tells the page why. */
  end(reason?: string): void {
    sessionStorage.removeItem(this.key);
    for (const listener of this.listeners) listener(null, reason);
  }

  /** A call as the signed-in person: the answer's data, or an ApiError. */
  async call<T>(path: string, options: CallOptions = {}): Promise<T> {
    try {
      return await request<T>(path, this.init(options, this.session?.accessToken));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !this.session) throw this.signedOutBy(error);
      await this.refresh();
      return request<T>(path, this.init(options, this.session?.accessToken)).catch((e) => {
        throw this.signedOutBy(e);
      });
    }
  }

  /**
   * A call answered as server-sent events (`Accept: text/event-stream`): each event goes to
   * `onEvent` as it arrives. Resolves when the stream ends.
   */
  async stream(path: string, body: unknown, onEvent: (event: string, data: unknown) => void): Promise<void> {
    const post = () =>
      fetch(path, { method: 'POST', headers: { ...this.headers(this.session?.accessToken), accept: 'text/event-stream' }, body: JSON.stringify(body) });
    let response = await post();
    // Refused before anything streamed: renew the token once and ask again.
    if (response.status === 401 && this.session) {
      await this.refresh();
      response = await post();
    }
    if (!response.ok || !response.body) return void unwrap((await response.json().catch(() => ({}))) as Answer, response.status);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) onEvent(event, JSON.parse(data));
      }
    }
  }

  /** Renews the access token with the refresh token (one renewal at a time). */
  async refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      const session = this.session;
      if (!session) throw new ApiError('로그인이 필요합니다.', 'UNAUTHORIZED', 401);
      try {
        const tokens = await request<Omit<Session, 'user'>>(
          `${this.prefix}/auth/refresh`,
          this.init({ method: 'POST', body: { refreshToken: session.refreshToken } }),
        );
        sessionStorage.setItem(this.key, JSON.stringify({ ...session, ...tokens }));
      } catch (error) {
        this.end('세션이 끝났습니다. 다시 로그인해 주세요.');
        throw error;
      }
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private signedOutBy(error: unknown) {
    if (error instanceof ApiError && (error.code.endsWith('ACCOUNT_SUSPENDED') || error.code.endsWith('SESSION_REVOKED'))) this.end(error.message);
    return error;
  }

  private start(session: Session): Session {
    sessionStorage.setItem(this.key, JSON.stringify({ accessToken: session.accessToken, refreshToken: session.refreshToken, user: session.user }));
    for (const listener of this.listeners) listener(this.session);
    return session;
  }

  private headers(token?: string): Record<string, string> {
    return { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) };
  }

  private init({ method = 'GET', body, signal }: CallOptions, token?: string): RequestInit {
    return {
      method,
      signal,
      headers: body === undefined ? (token ? { authorization: `Bearer ${token}` } : {}) : this.headers(token),
      body: body === undefined ? undefined : JSON.stringify(body),
    };
  }
}
