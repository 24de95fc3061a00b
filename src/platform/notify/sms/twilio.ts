import type twilioClient from 'twilio';
import { type SmsProvider, SmsProviderError, isRetryableStatus } from './provider';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** The sender: a Twilio number in E.164 (or a messaging service SID, MG…). */
  phoneNumber: string;
  /** Where the Messages API lives; only tests and proxies change it. */
  apiBaseUrl?: string;
}

/** Twilio's Messages API through its SDK. */
export function twilioProvider(settings: TwilioSettings): SmsProvider {
  // The SDK loads with the first message, not at every start.
  let client: Promise<ReturnType<typeof twilioClient>> | undefined;
  const clientOf = () =>
    (client ??= import('twilio').then(({ default: twilio }) => {
      const made = twilio(settings.accountSid, settings.authToken, { timeout: 15_000, autoRetry: false });
      if (settings.apiBaseUrl) made.api.baseUrl = settings.apiBaseUrl;
      return made;
    }));
  const sender = settings.phoneNumber.startsWith('MG') ? { messagingServiceSid: settings.phoneNumber } : { from: settings.phoneNumber };
  return {
    name: 'twilio',
    async send(to, body) {
      try {
        const message = await (await clientOf()).messages.create({ to, body, ...sender });
        // Twilio reports the price later, as a negative amount ("-0.0075"); at creation it is usually null.
        const price = message.price == null ? undefined : Math.abs(Number(message.price));
        return {
          providerMessageId: message.sid,
          providerStatus: message.status,
          cost: Number.isFinite(price) ? price : undefined,
          currency: message.priceUnit?.toUpperCase() || undefined,
        };
      } catch (error) {
        throw twilioError(error);
      }
    },
  };
}

function twilioError(error: unknown): SmsProviderError {
  const e = error as { status?: number; code?: number | string; message?: string };
  // A RestException carries Twilio's own error code (21211: invalid 'To' number, …); a network
  // failure has no status and is worth another try.
  const code = e.code !== undefined ? String(e.code) : e.status ? `HTTP_${e.status}` : 'NETWORK_ERROR';
  return new SmsProviderError(code, (e.message ?? String(error)).slice(0, 500), isRetryableStatus(e.status));
}
