import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppName } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { type FuzzRequest, type Operation, type Victim, operationsOf, probesFor, requestsFor, seedOf } from '../support/fuzz';
import { localFilesEnv, tempDir } from '../support/files';
import { acquaint } from '../support/fitmate';

/** Runs per route and per caller: fixed and seeded, so a run is the same every time and bounded. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const ADMIN_RUNS = Number(process.env.FUZZ_ADMIN_RUNS ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_513);
const PASSWORD = 'fuzz-victim-2024';
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

interface Person {
  id: number;
  email: string;
  token: string;
}

/** The other user, whose data the attacker must never see, and how to tell if they did. */
interface Seeded {
  victim: Victim;
  /** A string written into everything the victim owns (and their name). */
  marker: string;
  email: string;
}

const apps: Record<
  AppName,
  { prefix: string; signUp(email: string, marker: string): Record<string, unknown>; seed(t: TestApp, who: Person, marker: string): Promise<number[]> }
> = {
  fitmate: {
    prefix: '/api',
    signUp: (email, marker) => ({ email, password: PASSWORD, name: `피해자 ${marker}` }),
    async seed(t, who, marker) {
      const token = { token: who.token };
      const exercises = (await t.api.get('/api/exercises?limit=1')).body.data.items;
      const ids = [
        (
          await created(
            t.api.post('/api/workouts', { ...token, body: { exerciseId: exercises[0].id, durationMinutes: 30, workoutDate: today(), notes: marker } }),
          )
        ).id,
        (await created(t.api.post('/api/goals', { ...token, body: { goalType: 'STRENGTH', title: marker, targetDate: '2030-01-01' } }))).id,
        (await created(t.api.post(`/api/users/${who.id}/body-records`, { ...token, body: { measurementDate: today(), weightKg: 70, notes: marker } }))).id,
        (await created(t.api.post('/api/notifications', { ...token, body: { type: 'custom', title: marker, message: marker } }))).id,
      ];
      // A private conversation with a friend.
      const friend = await signUp(t, 'fitmate', 'friend');
      await acquaint(t, who, friend);
      const room = (await created(t.api.post('/api/chat/rooms', { ...token, body: { roomType: 'individual', participantIds: [friend.id] } }))).id;
      const message = (await created(t.api.post(`/api/chat/rooms/${room}/messages`, { ...token, body: { message: marker } }))).id;
      return [...ids, room, message, friend.id];
    },
  },
  mindpause: {
    prefix: '/api/v1',
    signUp: (email, marker) => ({ email, password: PASSWORD, nickname: marker }),
    async seed(t, who, marker) {
      const token = { token: who.token };
      const conversation = (await created(t.api.post('/api/v1/chat/conversations', { ...token, body: { title: marker } }))).id;
      await created(t.api.post(`/api/v1/chat/conversations/${conversation}/messages`, { ...token, body: { content: `${marker} 오늘 좀 힘들었어요` } }));
      expect((await t.api.patch('/api/v1/users/me', { ...token, body: { bio: marker } })).status).toBe(200);
      // An anonymous post is public, its author is not.
      const post = (
        await created(
          t.api.post('/api/v1/community/posts', { ...token, body: { category: 'free', title: '익명 글', content: '누가 썼는지 모르게', isAnonymous: true } }),
        )
      ).id;
      return [
        (await created(t.api.post('/api/v1/emotions', { ...token, body: { emotion: 'calm', intensity: 5, note: marker } }))).id,
        (await created(t.api.post('/api/v1/challenges', { ...token, body: { title: marker, targetDays: 7 } }))).id,
        conversation,
        post,
        (await t.app.notifications.notify(who.id, { type: 'emotion_reminder', title: marker, message: marker })).id,
      ];
    },
  },
  mimo: {
    prefix: '/api',
    signUp: (email, marker) => ({ email, password: PASSWORD, name: marker.slice(0, 20), agreements: { terms: true, privacy: true } }),
    async seed(t, who, marker) {
      const token = { token: who.token };
      const camera = (await created(t.api.post('/api/cameras', { ...token, body: { name: marker, deviceId: `fuzz-${randomBytes(6).toString('hex')}` } })))
        .camera.id;
      const event = (
        await created(
          t.api.post('/api/events', {
            ...token,
            body: { cameraId: camera, type: 'manual', startedAt: new Date(Date.now() - 60_000).toISOString(), metadata: { note: marker } },
          }),
        )
      ).id;
      expect((await t.api.put('/api/settings', { ...token, body: { extra: { note: marker } } })).status).toBe(200);
      const bytes = randomBytes(64);
      const grant = await created(
        t.api.post('/api/media/presign', {
          ...token,
          body: { cameraId: camera, eventId: event, contentType: 'video/mp4', fileSize: bytes.length, filename: `${marker}.mp4` },
        }),
      );
      expect((await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: bytes })).ok).toBe(true);
      const recording = (await created(t.api.post('/api/media/complete', { ...token, body: { uploadId: grant.uploadId } }))).id;
      const notification = (await created(t.api.post('/api/notifications', { ...token, body: { type: 'system', title: marker, message: marker } }))).id;
      return [camera, event, grant.uploadId, recording, notification];
    },
  },
};

async function created(request: Promise<{ status: number; body: any; text: string }>) {
  const res = await request;
  if (res.status !== 200 && res.status !== 201) throw new Error(`seeding failed: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.data;
}

async function signUp(t: TestApp, name: AppName, marker: string): Promise<Person> {
  const email = uniqueEmail('fuzz');
  const res = await t.api.post(`${apps[name].prefix}/auth/register`, { body: apps[name].signUp(email, marker) });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.text}`);
  return { id: res.body.data.user.id, email, token: res.body.data.accessToken };
}

/**
 * Issue 13, item 6: every route of every app, walked from its OpenAPI document and sent wrong
 * types, NUL bytes, huge strings, deep JSON, another user's ids and no sign-in at all, by a
 * property-based fuzzer (fast-check, seeded). No answer may be a 500, every refusal is the app's
 * envelope, and nothing of the other user's (their words, their name, their email) comes back.
 */
describe.each(['fitmate', 'mindpause', 'mimo'] as const)('fuzzing every route of %s (issue 13)', (name) => {
  let t: TestApp;
  let seeded: Seeded;
  let attacker: Person;
  let admin: Person;
  let operations: Operation[];
  const files = tempDir();
  beforeAll(async () => {
    // Files on local disk at a known address, so signed upload URLs reach the app.
    t = await startTestApp(name, {
      ...(await localFilesEnv(name, files.path)),
      RATE_LIMIT_OTP: '100000/hour',
      RATE_LIMIT_FILE_UPLOAD: '100000/hour',
      RATE_LIMIT_AI_CHAT: '100000/hour',
      LOG_LEVEL: 'fatal',
    });
    const marker = `ZQ${randomBytes(6).toString('hex')}`;
    const victim = await signUp(t, name, marker);
    const ids = await apps[name].seed(t, victim, marker);
    seeded = { victim: { ids: [victim.id, ...ids] }, marker, email: victim.email };
    attacker = await signUp(t, name, 'attacker');
    const adminEmail = uniqueEmail('fuzz-admin');
    await t.app.identity.createUser({ email: adminEmail, password: PASSWORD, name: '관리자', roles: ['ADMIN'] });
    admin = { id: 0, email: adminEmail, token: '' };
    operations = operationsOf((await t.api.get('/docs/json')).body);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    files.remove();
  });

  const signIn = async (who: Person) => {
    const res = await t.api.post(`${apps[name].prefix}/auth/login`, { body: { email: who.email, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.text}`);
    return res.body.data.accessToken as string;
  };

  const send = async (op: Operation, request: FuzzRequest, token: string | undefined) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.deviceCredential) headers['x-device-credential'] = request.deviceCredential;
    let body: string | undefined;
    if (op.method !== 'GET' && request.body.kind !== 'none') {
      body = request.body.kind === 'json' ? JSON.stringify(request.body.value) : request.body.text;
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${t.api.baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`, {
      method: op.method,
      headers,
      body,
      redirect: 'manual',
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  /** What is wrong with an answer, if anything. */
  const fault = (answer: { status: number; type: string; text: string }, checkLeak: boolean): string | undefined => {
    if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
    if (checkLeak && (answer.text.includes(seeded.marker) || answer.text.includes(seeded.email)))
      return `leaked the other user's data: ${answer.text.slice(0, 300)}`;
    if (answer.status >= 400 && answer.type.includes('application/json')) {
      const parsed = JSON.parse(answer.text) as { success?: boolean; ok?: boolean; error?: { code?: unknown; message?: unknown } };
      const envelope = name === 'mimo' ? parsed.ok === false : parsed.success === false;
      if (!envelope || typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string')
        return `not the app's envelope: ${answer.text.slice(0, 300)}`;
    }
    return undefined;
  };

  it('answers every route without a 500, in the envelope, and never with another user’s data', async () => {
    expect(operations.length).toBeGreaterThan(40);
    const faults: string[] = [];
    const adminOnly: Operation[] = [];
    for (const op of operations) {
      // Signed in afresh for each route: a fuzzed sign-out must not blind the routes after it.
      const token = await signIn(attacker);
      const probes = probesFor(op, seeded.victim);
      let forbidden = false;
      const result = await fc.check(
        fc.asyncProperty(requestsFor(op, seeded.victim), async (request) => {
          const answer = await send(op, request, request.auth === 'attacker' ? token : undefined);
          if (answer.status === 403 && /"(E_)?FORBIDDEN"/.test(answer.text)) forbidden = true;
          const problem = fault(answer, true);
          if (problem) throw new Error(`${op.method} ${request.path}?${request.query.slice(0, 200)}: ${problem}`);
        }),
        { numRuns: RUNS + probes.length, seed: seedOf(`${op.method} ${op.path}`, SEED), endOnFailure: true, examples: probes.map((probe) => [probe]) },
      );
      if (result.failed) faults.push(String((result.errorInstance as Error | undefined)?.message ?? result.counterexample));
      if (forbidden) adminOnly.push(op);
    }
    // Then the routes only staff may use, as staff: still no 500 (staff may see others' data).
    const staffToken = await signIn(admin);
    for (const op of adminOnly) {
      const probes = probesFor(op, seeded.victim);
      const result = await fc.check(
        fc.asyncProperty(requestsFor(op, seeded.victim), async (request) => {
          const problem = fault(await send(op, request, staffToken), false);
          if (problem) throw new Error(`as ADMIN ${op.method} ${request.path}?${request.query.slice(0, 200)}: ${problem}`);
        }),
        {
          numRuns: ADMIN_RUNS + probes.length,
          seed: seedOf(`admin ${op.method} ${op.path}`, SEED),
          endOnFailure: true,
          examples: probes.map((probe) => [probe]),
        },
      );
      if (result.failed) faults.push(String((result.errorInstance as Error | undefined)?.message ?? result.counterexample));
    }
    expect(faults).toEqual([]);
  }, 240_000);
});
