import { z } from 'zod';
import { badRequest } from '../../http/errors';
import { defineMessages } from '../../http/i18n';
import { addDays, daysBetween, seoulToday } from '../../time';
import type { Sms } from './sms';
import { SMS_STATUSES } from './table';

const Message = defineMessages({
  SMS_RANGE_INVALID: { ko: '조회 기간이 올바르지 않습니다. (시작일 ≤ 종료일, 최대 366일)', en: 'The range is not valid (start ≤ end, at most 366 days).' },
});

const MAX_RANGE_DAYS = 366;
const counts = { total: z.number(), ...Object.fromEntries(SMS_STATUSES.map((status) => [status, z.number()])) } as Record<
  'total' | (typeof SMS_STATUSES)[number],
  z.ZodNumber
>;

/** The query and answer of an SMS statistics route (FitMate's /sms/statistics, every app's admin one). */
export const smsStatisticsQuery = z.object({ startDate: z.iso.date().optional(), endDate: z.iso.date().optional() });
export const smsStatisticsSchema = z.object({
  startDate: z.string(),
  endDate: z.string(),
  totals: z.object(counts),
  byTemplate: z.array(z.object({ templateType: z.string(), ...counts })),
  daily: z.array(z.object({ date: z.string().describe('Seoul calendar day'), ...counts })),
});
export const SMS_STATISTICS_RANGE = 'From startDate to endDate (Seoul dates, both included; the last 30 days by default, at most 366).';

/** Statistics for the range a query names: the last 30 days by default, at most 366. */
export function smsStatistics(sms: Pick<Sms, 'statistics'>, query: z.output<typeof smsStatisticsQuery>) {
  const endDate = query.endDate ?? (query.startDate ? addDays(query.startDate, 29) : seoulToday());
  const startDate = query.startDate ?? addDays(endDate, -29);
  if (startDate > endDate || daysBetween(startDate, endDate) > MAX_RANGE_DAYS) throw badRequest(Message.SMS_RANGE_INVALID);
  return sms.statistics(startDate, endDate);
}
