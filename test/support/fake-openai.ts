import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  max_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: any;
}

/** How the fake behaves; tests change it between requests. */
export interface FakeBehaviour {
  /** 'ok' answers; 'fail' answers 500; 'hang' never answers; 'cut' streams one piece, then drops the connection. */
  chat: 'ok' | 'fail' | 'hang' | 'cut';
  moderation: 'ok' | 'fail';
  /** The assistant's words for a chat request. */
  reply(body: ChatBody): string;
  /** Inputs the moderation endpoint flags as self-harm. */
  flag(input: string): boolean;
  /** Pause between streamed pieces. */
  chunkDelayMs: number;
}

export const FAKE_REPLY = '그 마음 충분히 이해해요. 천천히 이야기해 주셔도 괜찮아요.';
export const FAKE_SUMMARY = '사용자는 시험 때문에 잠을 못 잔다고 했다. (모델 요약)';

const defaults = (): FakeBehaviour => ({
  chat: 'ok',
  moderation: 'ok',
  reply: (body) => (body.messages[0]?.content.includes('요약하세요') ? FAKE_SUMMARY : FAKE_REPLY),
  flag: () => false,
  chunkDelayMs: 0,
});

/** The usage the fake reports: derived from the request, so a test can predict it. */
export function fakeUsage(body: ChatBody, reply: string) {
  const prompt = body.messages.reduce((sum, m) => sum + m.content.length, 0);
  return { prompt_tokens: prompt, completion_tokens: reply.length, total_tokens: prompt + reply.length };
}

export interface FakeOpenAi {
  /** The base URL to give as OPENAI_BASE_URL (ends in /v1). */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Streamed answers whose client hung up before the end. */
  hungUp: number;
  behaviour: FakeBehaviour;
  /** Chat requests that were not summaries. */
  chats(): ChatBody[];
  summaries(): ChatBody[];
  moderations(): string[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible server: /v1/chat/completions (whole or streamed as `data: {...}` lines
 * ending with `data: [DONE]`, with usage) and /v1/moderations. It refuses any key but its own.
 */
export async function startFakeOpenAi(apiKey = 'sk-test-fake-key'): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const fake: Partial<FakeOpenAi> = { apiKey, requests, hungUp: 0, behaviour: defaults() };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ path, authorization: req.headers.authorization, body });
    const behaviour = fake.behaviour!;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.headers.authorization !== `Bearer ${apiKey}`)
      return json(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });

    if (req.method === 'POST' && path === '/v1/moderations') {
      if (behaviour.moderation === 'fail') return json(500, { error: { message: 'moderation is down', type: 'server_error' } });
      const input = Array.isArray(body.input) ? body.input.join('\n') : String(body.input);
      const flagged = behaviour.flag(input);
      return json(200, {
        id: `modr-${requests.length}`,
        model: 'omni-moderation-latest',
        results: [
          {
            flagged,
            categories: { 'self-harm': flagged, 'self-harm/intent': flagged, violence: false, harassment: false },
            category_scores: { 'self-harm': flagged ? 0.97 : 0.01 },
          },
        ],
      });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return json(404, { error: { message: 'not found' } });

    if (behaviour.chat === 'fail') return json(500, { error: { message: 'the model is overloaded', type: 'server_error' } });
    if (behaviour.chat === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const chat = body as ChatBody;
    let reply: string;
    try {
      reply = behaviour.reply(chat);
    } catch (error) {
      return json(500, { error: { message: (error as Error).message, type: 'server_error' } });
    }
    const usage = fakeUsage(chat, reply);
    const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: chat.model };
    if (!chat.stream) {
      return json(200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
        usage,
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.on('close', () => {
      if (!res.writableFinished) fake.hungUp!++;
    });
    const send = (value: unknown) => res.write(`data: ${JSON.stringify(value)}\n\n`);
    const pieces = reply.match(/.{1,8}/gsu) ?? [];
    for (const [i, piece] of pieces.entries()) {
      send({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece }, finish_reason: null }],
      });
      if (behaviour.chat === 'cut') {
        // Let the piece arrive on its own before the connection drops.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return res.destroy();
      }
      if (behaviour.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.chunkDelayMs));
      if (res.destroyed) return;
    }
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (chat.stream_options?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.end('data: [DONE]\n\n');
  };
  // A handler that throws drops its connection, which the client under test sees as a failure.
  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => res.destroy(err));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const chatBodies = () => requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as ChatBody);
  const isSummary = (body: ChatBody) => Boolean(body.messages[0]?.content.includes('요약하세요'));
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/v1`,
    chats: () => chatBodies().filter((b) => !isSummary(b)),
    summaries: () => chatBodies().filter(isSummary),
    moderations: () => requests.filter((r) => r.path === '/v1/moderations').map((r) => String(r.body.input)),
    reset() {
      fake.behaviour = defaults();
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as FakeOpenAi;
}
