/* global window, document, sessionStorage, fetch */
// What the camera and viewer pages share: the session, API calls and the ICE servers.
'use strict';

window.Live = (() => {
  const SESSION = 'mimo.session';

  const session = {
    get: () => JSON.parse(sessionStorage.getItem(SESSION) || 'null'),
    set: (tokens) => {
      const userId = tokens.user?.id ?? session.get()?.userId;
      const email = tokens.user?.email ?? session.get()?.email;
      sessionStorage.setItem(SESSION, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId, email }));
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
    if (!answer.ok)
      throw Object.assign(new Error(answer.error.message), {
        code: answer.error.code,
        status: response.status,
        details: Array.isArray(answer.error.details) ? answer.error.details : [],
      });
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
    session.set(await call('/api/auth/login', { method: 'POST', body: { email, password } }));
  }

  /** Document 003's sign-up: terms and privacy are required, the rest of the consent is not asked here. */
  async function signUp(form) {
    const { email, password, name, terms, privacy } = form.elements;
    const body = { email: email.value, password: password.value, name: name.value.trim(), agreements: { terms: terms.checked, privacy: privacy.checked } };
    session.set(await call('/api/auth/register', { method: 'POST', body }));
  }

  /** Shows who is signed in, with a way to sign out (this device's session ends on the server too). */
  function showAccount() {
    const account = document.getElementById('account');
    if (!account || !session.get()) return;
    account.hidden = false;
    document.getElementById('who').textContent = session.get().email ?? '';
    document.getElementById('sign-out').onclick = async () => {
      const { accessToken, refreshToken } = session.get();
      await call('/api/auth/logout', { method: 'POST', body: { refreshToken }, headers: { authorization: `Bearer ${accessToken}` } }).catch(() => undefined);
      session.clear();
      window.location.reload();
    };
  }

  /** Shows the sign-in form (or the sign-up form, one click away) until there is a session, then resolves. */
  function signedIn({ form, error }) {
    return new Promise((resolve) => {
      if (session.get()) {
        showAccount();
        return resolve();
      }
      const signUpForm = document.getElementById('sign-up');
      const show = (which) => {
        form.hidden = which !== form;
        signUpForm.hidden = which !== signUpForm;
        error.textContent = '';
      };
      show(form);
      document.getElementById('to-sign-up').onclick = () => show(signUpForm);
      document.getElementById('to-sign-in').onclick = () => show(form);
      const done = () => {
        form.hidden = true;
        signUpForm.hidden = true;
        showAccount();
        resolve();
      };
      const attempt = (action) => async (event) => {
        event.preventDefault();
        error.textContent = '';
        try {
          await action();
          done();
        } catch (e) {
          const details = (e.details || []).map((d) => d.message).join(' ');
          error.textContent = [e.message, details].filter(Boolean).join(' ');
        }
      };
      form.addEventListener(
        'submit',
        attempt(() => signIn(form.elements.email.value, form.elements.password.value)),
      );
      signUpForm.addEventListener(
        'submit',
        attempt(() => signUp(signUpForm)),
      );
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
