import type { TestApp } from './app';
import { uniqueEmail } from './app';

export const PASSWORD = 'fit-test-2024';

export interface Account {
  token: string;
  id: number;
  email: string;
}

/** A new FitMate user with the given roles, signed in. */
export async function account(t: TestApp, roles: string[] = ['USER'], name = '회원'): Promise<Account> {
  const email = uniqueEmail(roles.join('-').toLowerCase());
  const id = await t.app.identity.createUser({ email, password: PASSWORD, name, roles });
  const login = await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  return { token: login.body.data.accessToken, id, email };
}

/** The id of a catalog exercise by its Korean name. */
export async function exerciseId(t: TestApp, nameKr: string): Promise<number> {
  const res = await t.api.get(`/api/exercises/search?q=${encodeURIComponent(nameKr)}&limit=50`);
  const found = res.body.data.items.find((e: { nameKr: string }) => e.nameKr === nameKr);
  if (!found) throw new Error(`no exercise named ${nameKr}`);
  return found.id;
}

/** Category and muscle group ids by their English names. */
export async function catalogIds(t: TestApp) {
  const [categories, muscles] = await Promise.all([t.api.get('/api/exercises/categories'), t.api.get('/api/exercises/muscles')]);
  const by = (list: Array<{ id: number; name: string }>) => (name: string) => {
    const found = list.find((item) => item.name === name);
    if (!found) throw new Error(`no ${name}`);
    return found.id;
  };
  return { category: by(categories.body.data), muscle: by(muscles.body.data) };
}

const staffOf = new WeakMap<TestApp, Promise<Account>>();

/**
 * Makes people known to each other, as FitMate wants before they may chat (a shared room, or a
 * trainer and client): the staff bring them together in a group room. Gives that room's id.
 */
export async function acquaint(t: TestApp, ...people: Array<Pick<Account, 'id'>>): Promise<number> {
  if (!staffOf.has(t)) staffOf.set(t, account(t, ['ADMIN'], '운영자'));
  const staff = await staffOf.get(t)!;
  const res = await t.api.post('/api/chat/rooms', {
    token: staff.token,
    body: { roomType: 'group', name: '소개 모임', participantIds: people.map((p) => p.id) },
  });
  if (res.status !== 201) throw new Error(`acquaint failed: ${res.text}`);
  return res.body.data.id;
}
