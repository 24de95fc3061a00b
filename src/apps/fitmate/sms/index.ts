import type { AppContext, AppCore } from '../../../platform/app';
import { deriveKey } from '../../../platform/auth/crypto';
import { PhoneCodes } from '../../../platform/auth/phone-codes';
import { registerSmsRoutes } from './routes';
import { smsTemplates } from './templates';

export { smsTemplates } from './templates';

/** FitMate's phone codes: document 004's OTP message, keys derived from APP_SECRET for this app. */
export function fitmatePhoneCodes(core: AppCore, ctx: AppContext): PhoneCodes {
  return new PhoneCodes({
    app: ctx.app.name,
    cache: core.cache,
    sms: core.sms,
    key: deriveKey(ctx.config.appSecret, `phone-codes:${ctx.app.name}`),
    ttlSec: ctx.config.sms.otpTtlSec,
    ipLimit: ctx.app.rateLimits.otp,
    message: (code) => smsTemplates.otp(code, Math.max(1, Math.round(ctx.config.sms.otpTtlSec / 60))),
  });
}

export function registerSms(core: AppCore, ctx: AppContext, phoneCodes: PhoneCodes) {
  registerSmsRoutes(core, phoneCodes, ctx.app.webUrl ?? ctx.app.publicUrl);
}
