import type { TestApp } from './app';
import { uniqueEmail } from './app';

export const PASSWORD = 'mind-test-2024';

export interface Account {
  token: string;
  id: number;
  email: string;
}

/** A new MindPause user with the given roles, signed in. */
export async function account(t: TestApp, roles: string[] = ['USER'], nickname = '쉼표'): Promise<Account> {
  const email = uniqueEmail(roles.join('-').toLowerCase());
  const id = await t.app.identity.createUser({ email, password: PASSWORD, name: nickname, roles });
  const login = await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { token: login.body.data.accessToken, id, email };
}
