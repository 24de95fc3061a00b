import type { Logger } from 'pino';

/** What a provider says about a message it took. */
export interface SmsReceipt {
  providerMessageId: string;
  providerStatus: string;
  cost?: number;
  currency?: string;
}

/** One way of sending a text message: Twilio, Solapi, or the recording driver. */
export interface SmsProvider {
  readonly name: string;
  /** `to` is E.164. Throws SmsProviderError when the provider refuses or cannot be reached. */
  send(to: string, message: string): Promise<SmsReceipt>;
}

/**
 * A provider's refusal, in its own code and words. `retryable` is false when trying again cannot
 * help (a number the provider rejects, bad credentials): the message then fails at once.
 */
export class SmsProviderError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SmsProviderError';
  }
}

/** HTTP statuses worth another try: the provider was down or asked us to slow down. */
export const isRetryableStatus = (status: number | undefined) => status === undefined || status === 408 || status === 429 || status >= 500;

/** +821012345678 → +8210****5678: enough to tell messages apart in a log, not enough to call. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`;
}

/**
 * The default without a provider: the message counts as sent and is kept in the SMS log (status
 * sent, provider 'recording'; `npm run cli -- outbox` shows it). Its log line masks the number;
 * in development it also carries the text, so a developer reads an OTP in the server's output.
 */
export function recordingProvider(logger: Logger, options: { logText: boolean }): SmsProvider {
  let counter = 0;
  return {
    name: 'recording',
    async send(to, message) {
      const providerMessageId = `rec_${Date.now().toString(36)}_${(counter++).toString(36)}`;
      logger.info(
        { sms: { to: maskPhone(to), length: message.length, providerMessageId, ...(options.logText && { text: message }) } },
        'sms recorded (no provider configured)',
      );
      return { providerMessageId, providerStatus: 'recorded' };
    },
  };
}
