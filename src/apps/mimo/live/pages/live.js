/* global window, document, sessionStorage, fetch */
// What the camera and viewer pages share: the session, API calls and the ICE servers.
'use strict';

window.Live = (() => {
  const SESSION = 'mimo.session';

  const session = {
    get: () => JSON.parse(sessionStorage.getItem(SESSION) || 'null'),
    set: (tokens) => {
      const userId = tokens.user?.id ?? session.get()?.userId;
      sessionStorage.setItem(SESSION, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId }));
    },
    clear: () => sessionStorage.removeItem(SESSION),
  };

  /** The API's answer `data`, or an Error carrying the envelope's code and message. */
  async function call(path, { method = 'GET', body, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const answer = await response.json().catch(() => ({ ok: false, error: { code: 'E_NETWORK', message: '서버 응답을 읽을 수 없습니다.' } }));
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code, status: response.status });
    return answer.data;
  }

  /** A call as the signed-in user; an expired access token is renewed once with the refresh token. */
  async function api(path, options = {}) {
    const withToken = () => ({ ...options, headers: { ...options.headers, authorization: `Bearer ${session.get()?.accessToken}` } });
    try {
      return await call(path, withToken());
    } catch (error) {
      if (error.status !== 401 || !session.get()?.refreshToken) throw error;
      session.set(await call('/api/auth/refresh', { method: 'POST', body: { refreshToken: session.get().refreshToken } }));
      return call(path, withToken());
    }
  }

  async function signIn(email, password) {
    const data = await call('/api/auth/login', { method: 'POST', body: { email, password } });
    session.set(data);
  }

  /** Shows the sign-in form until there is a session, then resolves. */
  function signedIn({ form, error }) {
    return new Promise((resolve) => {
      if (session.get()) return resolve();
      form.hidden = false;
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        error.textContent = '';
        try {
          await signIn(form.elements.email.value, form.elements.password.value);
          form.hidden = true;
          resolve();
        } catch (e) {
          error.textContent = e.message;
        }
      });
    });
  }

  /** The signed-in user's id (kept from the sign-in, or asked for once). */
  async function myId() {
    if (!session.get().userId) session.set({ ...session.get(), user: (await api('/api/profile')).user });
    return session.get().userId;
  }

  const $ = (id) => document.getElementById(id);

  return { api, call, session, signedIn, myId, $ };
})();
