/**
 * MindPause AI counselling: time from sending a message to the first streamed `message` event,
 * with a fake OpenAI-compatible provider (test/support/fake-openai.ts) that answers at once, so
 * what is measured is Madang's own path: auth, rate limit, saving the message, the safety rules,
 * the moderation call, loading the context and the first piece coming through.
 *
 *   const provider = await startBenchProvider();
 *   // start the MindPause server with provider.env (OPENAI_API_KEY, OPENAI_BASE_URL, RATE_LIMIT_AI_CHAT)
 *   const { p50, p95, max } = await firstTokenLatency(baseUrl, accessToken, 200);
 *   await provider.close();
 *
 * Each conversation takes 10 messages, so no run waits for a summary (the window is 20 messages).
 */
import { performance } from 'node:perf_hooks';
import { type FakeOpenAi, startFakeOpenAi } from '../test/support/fake-openai';
import { percentile } from './load';

const PER_CONVERSATION = 10;

export interface BenchProvider {
  fake: FakeOpenAi;
  /** The settings the MindPause server under test needs. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startBenchProvider(): Promise<BenchProvider> {
  const fake = await startFakeOpenAi();
  return {
    fake,
    env: { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, RATE_LIMIT_AI_CHAT: '1000000/hour' },
    close: () => fake.close(),
  };
}

export async function firstTokenLatency(baseUrl: string, token: string, runs: number): Promise<{ p50: number; p95: number; max: number }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const times: number[] = [];
  let conversationId = 0;
  for (let run = 0; run < runs; run++) {
    if (run % PER_CONVERSATION === 0) {
      const created = await fetch(`${baseUrl}/api/v1/chat/conversations`, { method: 'POST', headers, body: JSON.stringify({ title: 'bench' }) });
      if (created.status !== 201) throw new Error(`could not start a conversation: ${created.status} ${await created.text()}`);
      conversationId = ((await created.json()) as { data: { id: number } }).data.id;
    }
    const began = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/chat/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...headers, accept: 'text/event-stream' },
      body: JSON.stringify({ content: `요즘 일이 많아서 조금 지쳐요 (${run})` }),
    });
    if (response.status !== 200 || !response.body) throw new Error(`the message was refused: ${response.status} ${await response.text()}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let first: number | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (first === undefined && text.includes('event: message')) first = performance.now() - began;
      if (text.includes('event: error')) throw new Error(`the reply failed: ${text}`);
    }
    if (first === undefined) throw new Error(`no message event came: ${text}`);
    if (!text.includes('"source":"model"')) throw new Error('the reply did not come from the provider (is OPENAI_BASE_URL set on the server?)');
    times.push(first);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}
