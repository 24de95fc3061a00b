import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { SolapiMessageService } from 'solapi';
import { type SmsProvider, SmsProviderError, isRetryableStatus } from './provider';

export interface SolapiSettings {
  apiKey: string;
  apiSecret: string;
  /** A sender number registered with Solapi (발신번호), e.g. 0212345678. */
  sender: string;
}

/** Solapi (a Korean SMS provider) through its SDK. */
export function solapiProvider(settings: SolapiSettings): SmsProvider {
  // The SDK (and the effect library under it, most of a second to load) loads with the first message, not at every start.
  let service: Promise<SolapiMessageService> | undefined;
  const serviceOf = () => (service ??= import('solapi').then(({ SolapiMessageService }) => new SolapiMessageService(settings.apiKey, settings.apiSecret)));
  const from = settings.sender.replace(/\D/g, '');
  return {
    name: 'solapi',
    async send(e164, text) {
      const { to, country } = solapiNumber(e164);
      try {
        const response = await (await serviceOf()).send({ to, from, text, ...(country !== '82' && { country }) }, { showMessageList: true });
        const accepted = response.messageList?.[0];
        return {
          providerMessageId: accepted?.messageId ?? response.groupInfo.groupId,
          providerStatus: accepted?.statusCode ?? response.groupInfo.status,
        };
      } catch (error) {
        throw solapiError(error);
      }
    },
  };
}

/** Solapi takes a Korean number as written at home (01012345678) and others with their country code. */
function solapiNumber(e164: string): { to: string; country: string } {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return { to: e164.replace(/\D/g, ''), country: '82' };
  const country = phone.countryCallingCode;
  return { to: country === '82' ? `0${phone.nationalNumber}` : phone.nationalNumber, country };
}

function solapiError(error: unknown): SmsProviderError {
  const e = error as {
    _tag?: string;
    errorCode?: string;
    errorMessage?: string;
    httpStatus?: number;
    message?: string;
    failedMessageList?: Array<{ statusCode: string; statusMessage: string }>;
  };
  if (e._tag === 'MessageNotReceivedError' && e.failedMessageList?.[0]) {
    // Every message was refused on receipt (a bad number, a blocked sender): trying again won't help.
    const failed = e.failedMessageList[0];
    return new SmsProviderError(failed.statusCode, failed.statusMessage, false);
  }
  if (e._tag === 'ClientError' || e._tag === 'ServerError') {
    return new SmsProviderError(e.errorCode ?? `HTTP_${e.httpStatus}`, (e.errorMessage ?? e.message ?? '').slice(0, 500), isRetryableStatus(e.httpStatus));
  }
  if (e._tag === 'BadRequestError' || e._tag === 'ApiKeyError') return new SmsProviderError(e._tag, String(e.message ?? e._tag).slice(0, 500), false);
  // Network failures and the SDK's own retries running out.
  return new SmsProviderError(e.errorCode ?? e._tag ?? 'NETWORK_ERROR', String(e.errorMessage ?? e.message ?? error).slice(0, 500), true);
}
