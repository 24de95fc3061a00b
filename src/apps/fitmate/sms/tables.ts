import { smsTables } from '../../../platform/notify/sms/table';
import { fitmate, users } from '../users/tables';

export const { smsLogs } = smsTables(fitmate, users);
