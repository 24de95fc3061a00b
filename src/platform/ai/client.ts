import OpenAI from 'openai';
import type { Config } from '../../config';

/** One message of a chat as OpenAI-compatible APIs take it. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Completion {
  text: string;
  usage?: TokenUsage;
  model: string;
}

export interface ModerationResult {
  flagged: boolean;
  /** The categories the provider flagged, e.g. "self-harm/intent". */
  categories: string[];
}

export interface CompleteOptions {
  maxTokens?: number;
  /** Aborts the call (client gone); the timeout is the client's own. */
  signal?: AbortSignal;
  /** Called with each piece of text as it arrives; without it the answer comes whole. */
  onDelta?: (delta: string) => void;
}

/** A chat model behind an OpenAI-compatible API. Apps see only this, never the SDK. */
export interface ChatModel {
  readonly model: string;
  complete(turns: ChatTurn[], options?: CompleteOptions): Promise<Completion>;
  /** Undefined when moderation is switched off. */
  moderate?(text: string, signal?: AbortSignal): Promise<ModerationResult>;
}

export class AiTimeoutError extends Error {
  constructor(ms: number) {
    super(`the AI provider did not answer within ${ms} ms`);
    this.name = 'AiTimeoutError';
  }
}

/** The provider from OPENAI_* settings, or undefined without OPENAI_API_KEY. */
export function createChatModel(ai: Config['ai']): ChatModel | undefined {
  if (!ai.apiKey) return undefined;
  return new OpenAiChatModel(ai as Config['ai'] & { apiKey: string });
}

/**
 * The openai SDK against OPENAI_BASE_URL. No retries: a person is waiting, and a failed call has
 * the built-in responder to fall back on. The timeout is an idle timeout: it runs until the first
 * byte and again between streamed pieces, so a long answer that keeps coming is not cut off.
 */
export class OpenAiChatModel implements ChatModel {
  private readonly client: OpenAI;
  readonly model: string;
  readonly moderate?: (text: string, signal?: AbortSignal) => Promise<ModerationResult>;

  constructor(private readonly ai: Config['ai'] & { apiKey: string }) {
    this.client = new OpenAI({ apiKey: ai.apiKey, baseURL: ai.baseUrl, maxRetries: 0, timeout: ai.timeoutMs });
    this.model = ai.model;
    if (ai.moderation) this.moderate = (text, signal) => this.moderation(text, signal);
  }

  async complete(turns: ChatTurn[], options: CompleteOptions = {}): Promise<Completion> {
    const watchdog = new Watchdog(this.ai.timeoutMs, options.signal);
    try {
      const params = { model: this.model, messages: turns, max_tokens: options.maxTokens ?? this.ai.maxTokens };
      if (!options.onDelta) {
        const answer = await this.client.chat.completions.create(params, { signal: watchdog.signal });
        return { text: answer.choices[0]?.message?.content ?? '', usage: usageOf(answer.usage), model: answer.model || this.model };
      }
      const stream = await this.client.chat.completions.create(
        { ...params, stream: true, stream_options: { include_usage: true } },
        { signal: watchdog.signal },
      );
      let text = '';
      let usage: TokenUsage | undefined;
      let model = this.model;
      for await (const chunk of stream) {
        watchdog.reset();
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = usageOf(chunk.usage);
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          text += delta;
          options.onDelta(delta);
        }
      }
      return { text, usage, model };
    } catch (error) {
      throw watchdog.fired ? new AiTimeoutError(this.ai.timeoutMs) : error;
    } finally {
      watchdog.stop();
    }
  }

  private async moderation(text: string, signal?: AbortSignal): Promise<ModerationResult> {
    const watchdog = new Watchdog(this.ai.timeoutMs, signal);
    try {
      const answer = await this.client.moderations.create({ input: text }, { signal: watchdog.signal });
      const result = answer.results[0];
      if (!result) return { flagged: false, categories: [] };
      const categories = Object.entries(result.categories ?? {})
        .filter(([, on]) => on)
        .map(([name]) => name);
      return { flagged: result.flagged, categories };
    } catch (error) {
      throw watchdog.fired ? new AiTimeoutError(this.ai.timeoutMs) : error;
    } finally {
      watchdog.stop();
    }
  }
}

function usageOf(usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null | undefined): TokenUsage | undefined {
  return usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens } : undefined;
}

/** Aborts when `ms` pass without a reset, or when the caller's signal aborts. */
class Watchdog {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  fired = false;

  constructor(
    private readonly ms: number,
    outer?: AbortSignal,
  ) {
    this.timer = this.arm();
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', () => this.controller.abort(outer.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  reset(): void {
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort(new AiTimeoutError(this.ms));
    }, this.ms);
  }
}
