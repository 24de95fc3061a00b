import { z } from 'zod';
import { lineText, longText, phoneSchema } from '../../../platform/http/fields';
import { defineMessages } from '../feature';
import type { Router } from '../../../platform/http/router';
import { SMS_STATISTICS_RANGE, smsStatistics, smsStatisticsQuery, smsStatisticsSchema } from '../../../platform/notify/sms/statistics';
import type { SmsServices } from './service';
import { smsTemplates } from './templates';

const Message = defineMessages({
  SMS_QUEUED: { ko: 'SMS 전송이 요청되었습니다.', en: 'The text message is on its way.' },
  OTP_SENT: { ko: '인증번호가 발송되었습니다.', en: 'A verification code has been sent.' },
  OTP_VERIFIED: { ko: '인증 성공', en: 'The phone number is verified.' },
});

const ADMIN = ['ADMIN'] as const;
const tags = ['sms'];

const queued = z.object({
  logId: z.number().describe('The SMS log row; its status moves from pending to sent or failed'),
  phoneNumber: z.string().describe('E.164'),
  status: z.literal('pending'),
});

/**
 * Document 004's SMS API at `/sms/…`. Sending to an arbitrary number is for ADMINs only (an open
 * relay invites toll fraud); the OTP pair is public and limited per number and per IP.
 */
export function smsRoutes(router: Router, { sms, phoneCodes, appUrl }: SmsServices): void {
  const enqueue = async (phone: string, message: string, templateType: string, userId: number, campaignId?: string) => {
    const { logId } = await sms.send({ to: phone, message, templateType, userId, campaignId });
    return { logId, phoneNumber: phone, status: 'pending' as const };
  };

  router.post(
    '/sms/send',
    {
      summary: 'SMS 전송 (Send a text message; ADMIN)',
      tags,
      auth: ADMIN,
      body: z.strictObject({
        phoneNumber: phoneSchema,
        message: longText(2000).pipe(z.string().min(1)),
        templateType: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,49}$/)
          .default('custom'),
        campaignId: z.string().max(100).optional(),
      }),
      response: queued,
      status: 202,
      message: Message.SMS_QUEUED,
    },
    async (req) => enqueue(req.body.phoneNumber, req.body.message, req.body.templateType, req.principal.userId, req.body.campaignId),
  );

  router.post(
    '/sms/workout-reminder',
    {
      summary: '운동 리마인더 SMS (Workout reminder; ADMIN)',
      tags,
      auth: ADMIN,
      body: z.strictObject({ phoneNumber: phoneSchema, userName: lineText(50), workoutType: lineText(50) }),
      response: queued,
      status: 202,
      message: Message.SMS_QUEUED,
    },
    async (req) =>
      enqueue(req.body.phoneNumber, smsTemplates.workoutReminder(req.body.userName, req.body.workoutType, appUrl), 'workout_reminder', req.principal.userId),
  );

  router.post(
    '/sms/workout-recommendation',
    {
      summary: '운동 추천 SMS (Workout recommendation; ADMIN)',
      tags,
      auth: ADMIN,
      body: z.strictObject({ phoneNumber: phoneSchema, userName: lineText(50), exercises: z.array(lineText(100)).min(1).max(10) }),
      response: queued,
      status: 202,
      message: Message.SMS_QUEUED,
    },
    async (req) =>
      enqueue(
        req.body.phoneNumber,
        smsTemplates.workoutRecommendation(req.body.userName, req.body.exercises, appUrl),
        'workout_recommendation',
        req.principal.userId,
      ),
  );

  router.post(
    '/sms/request-otp',
    {
      summary: 'OTP 요청 (Send a verification code)',
      description:
        'Sends a six-digit code to the number. One request a minute and five an hour per number, and a limit per IP. The answer is the same whoever owns the number.',
      tags,
      body: z.strictObject({ phoneNumber: phoneSchema }),
      response: z.object({ expiresIn: z.number().describe('Seconds the code stays valid') }),
      message: Message.OTP_SENT,
    },
    async (req) => phoneCodes.request(req.body.phoneNumber, req.ip),
  );

  router.post(
    '/sms/verify-otp',
    {
      summary: 'OTP 검증 (Verify the code)',
      description:
        'A right code is used up and answered with a phoneVerificationToken (10 minutes) that sign-up and profile updates take to mark the number as verified. Five wrong tries end the code.',
      tags,
      body: z.strictObject({ phoneNumber: phoneSchema, otpCode: z.string().regex(/^\d{6}$/, 'CODE_FORMAT') }),
      response: z.object({
        verified: z.literal(true),
        phoneNumber: z.string(),
        phoneVerificationToken: z.string(),
        expiresIn: z.number().describe('Seconds the token stays valid'),
      }),
      message: Message.OTP_VERIFIED,
    },
    async (req) => ({ verified: true as const, phoneNumber: req.body.phoneNumber, ...(await phoneCodes.verify(req.body.phoneNumber, req.body.otpCode)) }),
  );

  router.get(
    '/sms/statistics',
    {
      summary: 'SMS 전송 통계 (Statistics; ADMIN)',
      description: `Messages by status, by template and by Seoul day. ${SMS_STATISTICS_RANGE}`,
      tags,
      auth: ADMIN,
      query: smsStatisticsQuery,
      response: smsStatisticsSchema,
    },
    async (req) => smsStatistics(sms, req.query),
  );
}
