import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CounsellingReview } from '../../src/apps/mindpause/counselling/review';
import { SYSTEM_PROMPT } from '../../src/apps/mindpause/counselling/prompt';
import { AI_DISCLOSURE } from '../../src/apps/mindpause/counselling/safety';
import { chatConversations, chatFlags } from '../../src/apps/mindpause/schema';
import { type TestApp, startTestApp } from '../support/app';
import { FAKE_REPLY, FAKE_SUMMARY, type FakeOpenAi, fakeUsage, startFakeOpenAi } from '../support/fake-openai';
import { type Account, account } from '../support/mindpause';

const CRISIS_LINES = ['109', '1577-0199', '1388', '112', '119'];
const TIMEOUT_MS = 600;
const WINDOW = 6;

interface SseEvent {
  event: string;
  data: any;
}

/** The events of a text/event-stream body, in order. */
function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

describe('MindPause AI counselling chat', () => {
  let fake: FakeOpenAi;
  /** With the fake provider. */
  let t: TestApp;
  /** With no provider: the built-in responder answers; three messages an hour. */
  let bare: TestApp;
  let me: Account;
  let other: Account;

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    [t, bare] = await Promise.all([
      startTestApp('mindpause', {
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.url,
        OPENAI_MODEL: 'gpt-test-mini',
        OPENAI_MAX_TOKENS: '321',
        OPENAI_TIMEOUT: `${TIMEOUT_MS}ms`,
        AI_CHAT_CONTEXT_MESSAGES: String(WINDOW),
        RATE_LIMIT_AI_CHAT: '1000/hour',
      }),
      startTestApp('mindpause', { RATE_LIMIT_AI_CHAT: '3/hour', AI_CHAT_CONTEXT_MESSAGES: '4' }),
    ]);
    [me, other] = await Promise.all([account(t), account(t)]);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), bare?.close()]);
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  const start = async (app: TestApp, who: Account, body?: Record<string, unknown>): Promise<number> => {
    const res = await app.api.post('/api/v1/chat/conversations', { token: who.token, body });
    expect(res.status, res.text).toBe(201);
    return res.body.data.id;
  };
  const send = (app: TestApp, who: Account, id: number, content: string, headers?: Record<string, string>) =>
    app.api.post(`/api/v1/chat/conversations/${id}/messages`, { token: who.token, body: { content }, headers });
  const say = async (app: TestApp, who: Account, id: number, content: string) => {
    const res = await send(app, who, id, content);
    expect(res.status, res.text).toBe(201);
    return res.body.data as { userMessage: any; assistantMessage: any };
  };
  const stream = async (app: TestApp, who: Account, id: number, content: string) => {
    const res = await send(app, who, id, content, { accept: 'text/event-stream' });
    return { res, events: parseSse(res.text) };
  };
  const detail = async (app: TestApp, who: Account, id: number) => {
    const res = await app.api.get(`/api/v1/chat/conversations/${id}`, { token: who.token });
    expect(res.status, res.text).toBe(200);
    return res.body.data;
  };
  const flagsOf = (app: TestApp, id: number) => app.stores.database.db.select().from(chatFlags).where(eq(chatFlags.conversationId, id));

  describe('authentication and ownership', () => {
    it('every route needs a token', async () => {
      const calls = [
        t.api.get('/api/v1/chat/conversations'),
        t.api.post('/api/v1/chat/conversations', { body: {} }),
        t.api.get('/api/v1/chat/conversations/1'),
        t.api.delete('/api/v1/chat/conversations/1'),
        t.api.post('/api/v1/chat/conversations/1/messages', { body: { content: '안녕' } }),
      ];
      for (const res of await Promise.all(calls)) expect(res.status).toBe(401);
    });

    it("another user's conversation is not found, not shown, not written to and not deleted", async () => {
      const id = await start(t, me, { title: '내 대화' });
      const theirs = { token: other.token };
      for (const res of [
        await t.api.get(`/api/v1/chat/conversations/${id}`, theirs),
        await t.api.post(`/api/v1/chat/conversations/${id}/messages`, { ...theirs, body: { content: '안녕하세요' } }),
        await t.api.post(`/api/v1/chat/conversations/${id}/messages`, { ...theirs, body: { content: '안녕하세요' }, headers: { accept: 'text/event-stream' } }),
        await t.api.delete(`/api/v1/chat/conversations/${id}`, theirs),
      ]) {
        expect(res.status, res.text).toBe(404);
        expect(res.body).toMatchObject({ success: false, error: { code: 'COUNSELLING_CONVERSATION_NOT_FOUND' } });
      }
      const list = await t.api.get('/api/v1/chat/conversations', theirs);
      expect(list.body.data.items.map((c: any) => c.id)).not.toContain(id);
      expect((await detail(t, me, id)).messageCount).toBe(0);
    });

    it('refuses bad input with the field', async () => {
      const id = await start(t, me);
      const empty = await send(t, me, id, '   ');
      expect(empty.status).toBe(400);
      expect(empty.body.error.details[0].field).toContain('content');
      expect((await send(t, me, id, '가'.repeat(2001))).status).toBe(400);
      expect((await t.api.post(`/api/v1/chat/conversations/${id}/messages`, { token: me.token, body: { content: '안녕', extra: 1 } })).status).toBe(400);
      expect((await t.api.get('/api/v1/chat/conversations/abc', { token: me.token })).status).toBe(400);
      expect((await t.api.post('/api/v1/chat/conversations', { token: me.token, body: { title: '' } })).status).toBe(400);
      expect((await detail(t, me, id)).messageCount).toBe(0);
    });
  });

  describe('conversations', () => {
    it('are created with or without a title; the first message names an untitled one', async () => {
      const who = await account(t);
      const titled = await t.api.post('/api/v1/chat/conversations', { token: who.token, body: { title: '시험 스트레스' } });
      expect(titled.body).toMatchObject({ success: true, data: { title: '시험 스트레스', messageCount: 0 }, message: '대화를 시작했습니다.' });
      const untitled = await start(t, who);
      expect((await detail(t, who, untitled)).title).toBeNull();
      await say(t, who, untitled, '요즘 회사 일이 너무 많아서 지쳐요');
      expect((await detail(t, who, untitled)).title).toBe('요즘 회사 일이 너무 많아서 지쳐요');
    });

    it('are listed newest activity first, a page at a time', async () => {
      const who = await account(t);
      const first = await start(t, who, { title: '첫째' });
      const second = await start(t, who, { title: '둘째' });
      const third = await start(t, who, { title: '셋째' });
      await say(t, who, first, '오늘 하루 이야기를 해 볼게요');
      const list = await t.api.get('/api/v1/chat/conversations', { token: who.token });
      expect(list.body.data.items.map((c: any) => c.id)).toEqual([first, third, second]);
      expect(list.body.data.items[0]).toMatchObject({ title: '첫째', messageCount: 2 });
      const page = await t.api.get('/api/v1/chat/conversations?page=2&limit=2', { token: who.token });
      expect(page.body.data.items.map((c: any) => c.id)).toEqual([second]);
      expect(page.body.data.pagination).toEqual({ page: 2, limit: 2, totalItems: 3, totalPages: 2, hasNext: false, hasPrev: true });
    });

    it('show their messages oldest first, the latest `limit` of them', async () => {
      const id = await start(t, me);
      await say(t, me, id, '첫 번째 이야기');
      await say(t, me, id, '두 번째 이야기');
      const all = await detail(t, me, id);
      expect(all.messages.map((m: any) => [m.role, m.role === 'user' ? m.content : m.source])).toEqual([
        ['user', '첫 번째 이야기'],
        ['assistant', 'model'],
        ['user', '두 번째 이야기'],
        ['assistant', 'model'],
      ]);
      expect(all.hasEarlierMessages).toBe(false);
      const latest = (await t.api.get(`/api/v1/chat/conversations/${id}?limit=1`, { token: me.token })).body.data;
      expect(latest.messages.map((m: any) => m.id)).toEqual([all.messages[3].id]);
      expect(latest.hasEarlierMessages).toBe(true);
    });

    it('deleted ones are purged at midnight, unless a flag waits for review', async () => {
      const admin = await account(t, ['ADMIN']);
      const plain = await start(t, me);
      await say(t, me, plain, '평범한 이야기');
      const flagged = await start(t, me);
      await say(t, me, flagged, '죽고 싶어');
      for (const id of [plain, flagged]) expect((await t.api.delete(`/api/v1/chat/conversations/${id}`, { token: me.token })).status).toBe(200);
      const queued = await t.api.post('/api/v1/admin/jobs/cleanup.daily/run', { token: admin.token });
      expect(queued.status, queued.text).toBe(202);
      expect(await t.app.jobs.wait('cleanup.daily', queued.body.data.id, 20_000)).toBe('completed');
      const rows = await t.stores.database.db
        .select({ id: chatConversations.id })
        .from(chatConversations)
        .where(inArray(chatConversations.id, [plain, flagged]));
      expect(rows.map((r) => r.id)).toEqual([flagged]);
    });

    it('are deleted for their owner only once', async () => {
      const id = await start(t, me);
      await say(t, me, id, '지울 대화예요');
      const res = await t.api.delete(`/api/v1/chat/conversations/${id}`, { token: me.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toEqual({ id, deleted: true });
      expect((await t.api.get(`/api/v1/chat/conversations/${id}`, { token: me.token })).status).toBe(404);
      expect((await t.api.delete(`/api/v1/chat/conversations/${id}`, { token: me.token })).status).toBe(404);
      expect((await send(t, me, id, '아직 있나요?')).status).toBe(404);
      const list = await t.api.get('/api/v1/chat/conversations?limit=100', { token: me.token });
      expect(list.body.data.items.map((c: any) => c.id)).not.toContain(id);
    });
  });

  describe('replies from the model', () => {
    it('send the system prompt, the turns, the model, the token limit and the key, and keep the usage', async () => {
      const id = await start(t, me);
      const before = fake.chats().length;
      const { userMessage, assistantMessage } = await say(t, me, id, '요즘 잠을 잘 못 자요');
      expect(userMessage).toMatchObject({ role: 'user', content: '요즘 잠을 잘 못 자요', source: null, usage: null });
      expect(assistantMessage).toMatchObject({ role: 'assistant', source: 'model', model: 'gpt-test-mini' });
      expect(assistantMessage.content).toBe(`${AI_DISCLOSURE}\n\n${FAKE_REPLY}`);

      const sent = fake.chats().slice(before);
      expect(sent).toHaveLength(1);
      const body = sent[0]!;
      expect(body).toMatchObject({ model: 'gpt-test-mini', max_tokens: 321 });
      expect(body.messages).toEqual([
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: '요즘 잠을 잘 못 자요' },
      ]);
      expect(SYSTEM_PROMPT).toMatch(/AI/);
      expect(SYSTEM_PROMPT).toMatch(/진단/);
      expect(fake.requests.at(-1)!.authorization).toBe(`Bearer ${fake.apiKey}`);
      const usage = fakeUsage(body, FAKE_REPLY);
      expect(assistantMessage.usage).toEqual({ promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens });

      // The next turn carries the conversation so far and no second disclosure.
      const next = await say(t, me, id, '시험이 다가와서 그런 것 같아요');
      expect(next.assistantMessage.content).toBe(FAKE_REPLY);
      expect(fake.chats().at(-1)!.messages.slice(1)).toEqual([
        { role: 'user', content: '요즘 잠을 잘 못 자요' },
        { role: 'assistant', content: assistantMessage.content },
        { role: 'user', content: '시험이 다가와서 그런 것 같아요' },
      ]);
      const stored = await detail(t, me, id);
      expect(stored.messages[1].usage).toEqual(assistantMessage.usage);
      expect(stored.messages[3].usage.totalTokens).toBeGreaterThan(usage.total_tokens);
    });

    it('say they come from an AI when asked, however it is asked', async () => {
      const id = await start(t, me);
      await say(t, me, id, '안녕하세요');
      for (const question of ['너 사람이야?', 'AI야?', '진짜 사람 맞아요?', '혹시 로봇이에요?', 'are you human?']) {
        const { assistantMessage } = await say(t, me, id, question);
        expect(assistantMessage.content, question).toBe(`${AI_DISCLOSURE}\n\n${FAKE_REPLY}`);
      }
      const { assistantMessage } = await say(t, me, id, '사람들이 나를 싫어하는 것 같아');
      expect(assistantMessage.content).toBe(FAKE_REPLY);
    });

    it('stream as server-sent events: pieces, then the saved reply', async () => {
      fake.behaviour.reply = () => '천천히 숨을 쉬어 봐요. 지금 여기 함께 있어요.';
      const id = await start(t, me);
      const { res, events } = await stream(t, me, id, '마음이 너무 복잡해요');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      expect(res.headers.get('x-request-id')).toBeTruthy();
      const deltas = events.filter((e) => e.event === 'message');
      expect(deltas.length).toBeGreaterThan(3);
      expect(events.at(-1)!.event).toBe('done');
      expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
      const done = events.at(-1)!.data;
      const streamed = deltas.map((e) => e.data.delta).join('');
      expect(streamed).toBe(`${AI_DISCLOSURE}\n\n천천히 숨을 쉬어 봐요. 지금 여기 함께 있어요.`);
      expect(done.assistantMessage).toMatchObject({ role: 'assistant', source: 'model', content: streamed });
      expect(done.userMessage).toMatchObject({ role: 'user', content: '마음이 너무 복잡해요' });
      const sent = fake.chats().at(-1)!;
      expect(sent.stream).toBe(true);
      const usage = fakeUsage(sent, '천천히 숨을 쉬어 봐요. 지금 여기 함께 있어요.');
      expect(done.assistantMessage.usage).toEqual({
        promptTokens: usage.prompt_tokens,
        completionTokens: usage.completion_tokens,
        totalTokens: usage.total_tokens,
      });
      const stored = await detail(t, me, id);
      expect(stored.messages.map((m: any) => m.id)).toEqual([done.userMessage.id, done.assistantMessage.id]);
      expect(stored.messages[1].usage).toEqual(done.assistantMessage.usage);
    });

    it('end a stream cut off midway with an error event, keeping the message without a reply', async () => {
      const id = await start(t, me);
      await say(t, me, id, '안녕하세요');
      fake.behaviour.chat = 'cut';
      const { res, events } = await stream(t, me, id, '이야기를 더 하고 싶어요');
      expect(res.status).toBe(200);
      expect(events.filter((e) => e.event === 'message').length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'COUNSELLING_REPLY_INTERRUPTED' } });
      expect(events.some((e) => e.event === 'done')).toBe(false);
      const stored = await detail(t, me, id);
      expect(stored.messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user']);
    });
  });

  describe('a client that leaves mid-stream', () => {
    it('stops the provider call and keeps its message without a reply', async () => {
      fake.behaviour.chunkDelayMs = 100;
      fake.behaviour.reply = () => '아주 긴 답변이 천천히 이어지고 있어요. '.repeat(10);
      const id = await start(t, me);
      const hungUp = fake.hungUp;
      const leaving = new AbortController();
      const response = await fetch(`${t.api.baseUrl}/api/v1/chat/conversations/${id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ content: '오늘 있었던 일을 말해 볼게요' }),
        signal: leaving.signal,
      });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('event: message')) text += new TextDecoder().decode((await reader.read()).value);
      leaving.abort();
      const deadline = Date.now() + 3000;
      while (fake.hungUp === hungUp && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fake.hungUp).toBe(hungUp + 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await detail(t, me, id)).messages.map((m: any) => m.role)).toEqual(['user']);
      // The app goes on serving.
      fake.behaviour.chunkDelayMs = 0;
      expect((await say(t, me, id, '다시 왔어요')).assistantMessage.source).toBe('model');
    });
  });

  describe('when the provider fails', () => {
    it('a 500 is answered by the built-in responder, whole or streamed', async () => {
      fake.behaviour.chat = 'fail';
      const id = await start(t, me);
      const { assistantMessage } = await say(t, me, id, '발표 때문에 너무 불안해요');
      expect(assistantMessage.source).toBe('fallback');
      expect(assistantMessage.usage).toBeNull();
      expect(assistantMessage.content.startsWith(AI_DISCLOSURE)).toBe(true);
      expect(assistantMessage.content).toContain('발표 때문에 너무 불안해요');
      expect(assistantMessage.content).toContain('불안');

      const { events } = await stream(t, me, id, '회사에서 혼자 밥 먹는 게 외로워요');
      const done = events.at(-1)!;
      expect(done.event).toBe('done');
      expect(done.data.assistantMessage.source).toBe('fallback');
      expect(
        events
          .filter((e) => e.event === 'message')
          .map((e) => e.data.delta)
          .join(''),
      ).toBe(done.data.assistantMessage.content);
      expect(done.data.assistantMessage.content).toContain('외롭');
    });

    it('a provider that does not answer in OPENAI_TIMEOUT is given up for the built-in responder', async () => {
      fake.behaviour.chat = 'hang';
      const id = await start(t, me);
      for (const headers of [undefined, { accept: 'text/event-stream' }]) {
        const began = Date.now();
        const res = await send(t, me, id, '아무것도 하기 싫어요', headers);
        const took = Date.now() - began;
        expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(took).toBeLessThan(TIMEOUT_MS + 3000);
        const reply = headers ? parseSse(res.text).at(-1)!.data.assistantMessage : res.body.data.assistantMessage;
        expect(reply.source).toBe('fallback');
      }
    });
  });

  describe('safety', () => {
    const phrasings = [
      '요즘 그냥 죽고 싶어',
      '자살하면 편해질까',
      '극단적 선택을 생각했어요',
      '그냥 사라지고 싶다',
      '살기 싫어요 정말',
      '목숨을 끊고 싶다는 생각이 들어',
      '어제 또 자해를 했어',
      '손목을 긋고 싶어',
      '죽 고 싶 어',
      '죽고십다..',
      '자.살',
      '더 이상 살 이유가 없어',
    ];

    it.each(phrasings)('"%s" gets the crisis lines, flags the conversation and never reaches the model', async (text) => {
      const id = await start(t, me);
      const chatsBefore = fake.chats().length;
      const { userMessage, assistantMessage } = await say(t, me, id, text);
      expect(assistantMessage.source).toBe('safety');
      for (const line of CRISIS_LINES) expect(assistantMessage.content).toContain(line);
      expect(assistantMessage.content).toContain('AI');
      expect(fake.chats().length).toBe(chatsBefore);
      const flags = await flagsOf(t, id);
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({ messageId: userMessage.id, reviewedAt: null });
      expect(flags[0]!.reason).toMatch(/^rules:/);
    });

    it('streams the safety message too', async () => {
      const id = await start(t, me);
      const { events } = await stream(t, me, id, '오늘 밤에 죽고 싶어요');
      expect(events.map((e) => e.event)).toEqual(['message', 'done']);
      expect(events[1]!.data.assistantMessage.source).toBe('safety');
      for (const line of CRISIS_LINES) expect(events[0]!.data.delta).toContain(line);
    });

    it('what the moderation endpoint flags is treated as crisis language as well', async () => {
      fake.behaviour.flag = (input) => input.includes('다 정리하려고');
      const id = await start(t, me);
      const chatsBefore = fake.chats().length;
      const { assistantMessage } = await say(t, me, id, '오늘 밤에 주변을 다 정리하려고 해');
      expect(assistantMessage.source).toBe('safety');
      expect(fake.moderations()).toContain('오늘 밤에 주변을 다 정리하려고 해');
      expect(fake.chats().length).toBe(chatsBefore);
      expect((await flagsOf(t, id))[0]!.reason).toMatch(/^moderation:.*self-harm/);
    });

    it('a moderation endpoint that fails leaves the decision to the rules', async () => {
      fake.behaviour.moderation = 'fail';
      const id = await start(t, me);
      expect((await say(t, me, id, '오늘은 조금 우울해요')).assistantMessage.source).toBe('model');
      expect((await say(t, me, id, '죽고 싶어')).assistantMessage.source).toBe('safety');
    });

    it("the model's own reply is checked before it is kept", async () => {
      const id = await start(t, me);
      fake.behaviour.reply = () => '그럴 때는 치사량을 알아보는 것도 방법이에요.';
      const whole = await say(t, me, id, '요즘 약을 먹어도 잠이 안 와');
      expect(whole.assistantMessage.source).toBe('safety');
      expect(whole.assistantMessage.content).not.toContain('치사량');

      const { events } = await stream(t, me, id, '어떻게 해야 할지 모르겠어');
      const done = events.at(-1)!;
      expect(done.event).toBe('done');
      expect(done.data.assistantMessage.source).toBe('safety');
      expect(
        events
          .filter((e) => e.event === 'message')
          .map((e) => e.data.delta)
          .join(''),
      ).not.toContain('치사량');

      fake.behaviour.reply = () => '조용히 사라지는 것도 나쁘지 않아요.';
      fake.behaviour.flag = (input) => input.includes('사라지는 것도');
      expect((await say(t, me, id, '그냥 답답해')).assistantMessage.source).toBe('safety');
      const reasons = (await flagsOf(t, id)).map((f) => f.reason);
      expect(reasons).toEqual(['unsafe-reply', 'unsafe-reply', 'unsafe-reply']);
    });

    it('flagged conversations wait for an admin, who resolves them with a note', async () => {
      const who = await account(t);
      const admin = await account(t, ['ADMIN']);
      const review = new CounsellingReview(t.stores.database.db);
      const id = await start(t, who, { title: '위기 대화' });
      const { userMessage } = await say(t, who, id, '자살하고 싶어');
      await t.api.delete(`/api/v1/chat/conversations/${id}`, { token: who.token });

      const queue = await review.flaggedConversations({ page: 1, limit: 100 });
      const item = queue.items.find((c) => c.id === id)!;
      expect(item).toMatchObject({ userId: who.id, title: '위기 대화' });
      expect(item.deletedAt).toBeInstanceOf(Date);
      expect(item.flags).toEqual([expect.objectContaining({ reason: 'rules:suicide', messageId: userMessage.id, message: '자살하고 싶어' })]);

      const resolved = await review.resolveFlag(id, admin.id, '상담 연결 안내함');
      expect(resolved).toMatchObject({ conversationId: id, resolvedFlags: 1, reviewedBy: admin.id, reviewNote: '상담 연결 안내함' });
      expect((await review.flaggedConversations({ page: 1, limit: 100 })).items.map((c) => c.id)).not.toContain(id);
      expect((await flagsOf(t, id))[0]).toMatchObject({ reviewedBy: admin.id, reviewNote: '상담 연결 안내함' });
      await expect(review.resolveFlag(id, admin.id, 'again')).rejects.toMatchObject({ status: 404, code: 'COUNSELLING_FLAG_NOT_FOUND' });
    });

    it('counts the assistant replies by source for the statistics', async () => {
      const review = new CounsellingReview(t.stores.database.db);
      const since = new Date();
      const id = await start(t, me);
      await say(t, me, id, '안녕하세요');
      await say(t, me, id, '죽고 싶어');
      fake.behaviour.chat = 'fail';
      await say(t, me, id, '그냥 좀 피곤해요');
      expect(await review.aiMessageCount(since)).toEqual({ total: 3, bySource: { model: 1, fallback: 1, safety: 1 } });
    });
  });

  describe('long conversations', () => {
    it('send the summary and the recent messages only, folding older ones into the summary', async () => {
      const id = await start(t, me);
      const before = fake.summaries().length;
      const said = ['시험 때문에 잠을 못 자요', '엄마랑도 자주 싸워요', '친구들은 다 잘하는 것 같아요'];
      for (const text of said) await say(t, me, id, text);
      expect(fake.summaries()).toHaveLength(before);
      await say(t, me, id, '공부가 손에 안 잡혀요');
      // 7 messages now wait, one more than the window of 6: the oldest four are summarised by the model.
      const summaries = fake.summaries().slice(before);
      expect(summaries).toHaveLength(1);
      expect(summaries[0]!.messages[1]!.content).toContain('시험 때문에 잠을 못 자요');
      const last = fake.chats().at(-1)!;
      expect(last.messages[0]!.content).toBe(SYSTEM_PROMPT);
      expect(last.messages[1]).toEqual({ role: 'system', content: `지금까지의 대화 요약 (오래된 부분):\n${FAKE_SUMMARY}` });
      const turns = last.messages.slice(2);
      expect(turns).toHaveLength(WINDOW / 2);
      expect(turns.at(-1)).toEqual({ role: 'user', content: '공부가 손에 안 잡혀요' });
      expect(turns.map((m) => m.content)).not.toContain('시험 때문에 잠을 못 자요');

      // The next turn keeps the summary without asking for another.
      await say(t, me, id, '그래도 조금씩 해볼게요');
      expect(fake.summaries()).toHaveLength(before + 1);
      expect(fake.chats().at(-1)!.messages[1]!.content).toContain(FAKE_SUMMARY);
      const [row] = await t.stores.database.db.select().from(chatConversations).where(eq(chatConversations.id, id));
      expect(row!.summary).toBe(FAKE_SUMMARY);
    });

    it('keep an extractive summary when the model cannot summarise', async () => {
      const id = await start(t, me);
      for (const text of ['첫 이야기는 이사 문제예요', '두 번째는 회사 문제', '세 번째는 건강 문제']) await say(t, me, id, text);
      fake.behaviour.reply = (body) => {
        if (body.messages[0]!.content.includes('요약하세요')) throw new Error('no summary');
        return FAKE_REPLY;
      };
      await say(t, me, id, '네 번째는 돈 문제');
      const [row] = await t.stores.database.db.select().from(chatConversations).where(eq(chatConversations.id, id));
      expect(row!.summary).toContain('- 사용자: 첫 이야기는 이사 문제예요');
      expect(fake.chats().at(-1)!.messages[1]!.content).toContain('첫 이야기는 이사 문제예요');
    });
  });

  describe('without a provider', () => {
    it('the built-in responder mirrors the words, offers grounding, varies, and says it is an AI first', async () => {
      const who = await account(bare);
      const id = await start(bare, who);
      const first = (await say(bare, who, id, '시험 때문에 너무 불안해')).assistantMessage;
      expect(first.source).toBe('fallback');
      expect(first.content.startsWith(`${AI_DISCLOSURE}\n\n`)).toBe(true);
      expect(first.content).toContain('시험 때문에 너무 불안해');
      expect(first.content).toMatch(/5-4-3-2-1|숨|호흡|발바닥|물 한 잔|어깨/);
      const second = (await say(bare, who, id, '시험 때문에 너무 불안해')).assistantMessage;
      expect(second.content.startsWith(AI_DISCLOSURE)).toBe(false);
      expect(second.content).not.toBe(first.content.slice(AI_DISCLOSURE.length + 2));
      expect(second.content).toContain('시험 때문에 너무 불안해');
      const asked = (await say(bare, who, id, '너 사람이야?')).assistantMessage;
      expect(asked.content.startsWith(AI_DISCLOSURE)).toBe(true);
    });

    it('keeps an extractive summary as messages leave the window', async () => {
      const who = await account(bare);
      const id = await start(bare, who);
      await say(bare, who, id, '회사 상사 때문에 힘들어요');
      await say(bare, who, id, '주말에도 연락이 와요. 쉬지를 못해요');
      let [row] = await bare.stores.database.db.select().from(chatConversations).where(eq(chatConversations.id, id));
      expect(row!.summary).toBeNull();
      // Five messages against a window of four: the oldest three are folded, the person's words kept.
      await say(bare, who, id, '잠도 잘 못 자요');
      [row] = await bare.stores.database.db.select().from(chatConversations).where(eq(chatConversations.id, id));
      expect(row!.summary).toBe('- 사용자: 회사 상사 때문에 힘들어요\n- 사용자: 주말에도 연락이 와요.');
    });

    it('limits messages to RATE_LIMIT_AI_CHAT per user, with Retry-After', async () => {
      const [a, b] = await Promise.all([account(bare), account(bare)]);
      const id = await start(bare, a);
      for (let i = 0; i < 3; i++) await say(bare, a, id, `이야기 ${i}`);
      const limited = await send(bare, a, id, '한 번 더');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
      const streamed = await send(bare, a, id, '한 번 더', { accept: 'text/event-stream' });
      expect(streamed.status).toBe(429);
      expect((await detail(bare, a, id)).messageCount).toBe(6);
      // Reading is not limited, and another user has their own count.
      expect((await bare.api.get('/api/v1/chat/conversations', { token: a.token })).status).toBe(200);
      expect((await say(bare, b, await start(bare, b), '안녕하세요')).assistantMessage.source).toBe('fallback');
    });
  });
});
