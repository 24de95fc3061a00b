import { useState } from 'preact/hooks';
import { type Api, ApiError } from './api';

interface Props {
  api: Api;
  /** Words shown above the form (why the person is asked to sign in). */
  notice?: string;
  /** The app's sign-up: which name it asks for; none for a sign-in only form (the console). */
  signUp?: { nameField: string; nameLabel: string };
}

const fieldErrors = (error: unknown) =>
  error instanceof ApiError && error.details.length ? error.details.map((d) => `${d.field.replace(/^body\./, '')}: ${d.message}`).join(' · ') : '';

/** Sign in, or sign up when the app allows it; the Api keeps the session. */
export function AuthPanel({ api, notice, signUp }: Props) {
  const [mode, setMode] = useState<'in' | 'up'>('in');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '');
    setError('');
    setBusy(true);
    try {
      if (mode === 'in') await api.signIn(value('email'), value('password'));
      else await api.signUp({ email: value('email'), password: value('password'), [signUp!.nameField]: value('name') });
    } catch (e) {
      setError([(e as Error).message, fieldErrors(e)].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="auth">
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {signUp && (
        <p class="tabs">
          <button type="button" class={mode === 'in' ? 'active' : ''} onClick={() => setMode('in')}>
            로그인
          </button>
          <button type="button" class={mode === 'up' ? 'active' : ''} onClick={() => setMode('up')}>
            회원가입
          </button>
        </p>
      )}
      <form id={mode === 'in' ? 'sign-in' : 'sign-up'} onSubmit={(event) => void submit(event)}>
        <input name="email" type="email" placeholder="이메일" autocomplete="username" required />
        <input
          name="password"
          type="password"
          placeholder={mode === 'up' ? '비밀번호 (8자 이상, 영문과 숫자)' : '비밀번호'}
          autocomplete={mode === 'up' ? 'new-password' : 'current-password'}
          required
        />
        {mode === 'up' && signUp && <input name="name" placeholder={signUp.nameLabel} maxLength={30} required />}
        <button type="submit" disabled={busy}>
          {mode === 'in' ? '로그인' : '가입하기'}
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
