import type { Config } from '../../../config';
import { deriveKey } from '../../../platform/auth/crypto';
import { PhoneCodes } from '../../../platform/auth/phone-codes';
import type { Cache } from '../../../platform/cache';
import type { Sms } from '../../../platform/notify/sms';
import { smsTemplates } from './templates';

/** What the sms feature gives: the platform's SMS, the phone codes (sign-up and profiles prove numbers with them) and the app's link for messages. */
export interface SmsServices {
  sms: Sms;
  phoneCodes: PhoneCodes;
  /** The link FitMate's messages carry. */
  appUrl: string;
}

/** FitMate's phone codes: document 004's OTP message, keys derived from APP_SECRET for this app. */
export function smsServices(sms: Sms, cache: Cache, config: Config): SmsServices {
  const app = config.apps.fitmate;
  const phoneCodes = new PhoneCodes({
    app: app.name,
    cache,
    sms,
    key: deriveKey(config.appSecret, `phone-codes:${app.name}`),
    ttlSec: config.sms.otpTtlSec,
    ipLimit: app.rateLimits.otp,
    message: (code) => smsTemplates.otp(code, Math.max(1, Math.round(config.sms.otpTtlSec / 60))),
  });
  return { sms, phoneCodes, appUrl: app.webUrl ?? app.publicUrl };
}
