import type { TestApp } from './app';
import { uniqueEmail } from './app';

export const PASSWORD = 'homecam-2024';

export interface Account {
  token: string;
  id: number;
  email: string;
}

/** A new MIMO user with the given roles, signed in. */
export async function account(t: TestApp, roles: string[] = ['USER'], name = '지킴이'): Promise<Account> {
  const email = uniqueEmail(roles.join('-').toLowerCase());
  const id = await t.app.identity.createUser({ email, password: PASSWORD, name, roles });
  const login = await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { token: login.body.data.accessToken, id, email };
}
