import type { Logger } from 'pino';
import type { Config, SmsConfig } from '../../../config';
import { type SmsProvider, recordingProvider } from './provider';
import { solapiProvider } from './solapi';
import { twilioProvider } from './twilio';

export {
  Sms,
  SmsNotSent,
  SMS_SEND_JOB,
  SMS_RETRY_LIMIT,
  type SmsSendInput,
  type SmsToUser,
  type SmsSettled,
  type SmsStatistics,
  type StatusCounts,
} from './sms';
export { type SmsProvider, type SmsReceipt, SmsProviderError, maskPhone, recordingProvider } from './provider';
export { smsTables, SMS_STATUSES, type SmsLogsTable, type SmsStatus } from './table';
export { twilioProvider } from './twilio';
export { solapiProvider } from './solapi';

/** The provider the settings choose; the recording driver without any (logging texts in development only). */
export function createSmsProvider(config: SmsConfig, logger: Logger, env: Config['env']): SmsProvider {
  switch (config.provider) {
    case 'twilio':
      return twilioProvider(config.twilio);
    case 'solapi':
      return solapiProvider(config.solapi);
    default:
      return recordingProvider(logger, { logText: env === 'development' });
  }
}
