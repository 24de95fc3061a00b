import { describe, expect, it } from 'vitest';
import { parseCron } from '../../src/platform/jobs/cron';

// Instants are written in Seoul time (+09:00), as the schedules are.
const at = (seoul: string) => new Date(`${seoul}+09:00`);

describe('cron expressions (Asia/Seoul)', () => {
  it('matches every minute, a daily time, the hour and a weekly time in Seoul, whatever the UTC date', () => {
    expect(parseCron('* * * * *').matches(at('2026-12-03T06:14:59'))).toBe(true);
    const daily = parseCron('0 0 * * *');
    expect(daily.matches(at('2026-12-04T00:00:30'))).toBe(true); // 15:00 UTC the day before
    expect(daily.matches(at('2026-12-04T00:01:00'))).toBe(false);
    expect(daily.matches(new Date('2026-12-04T00:00:00Z'))).toBe(false); // 09:00 in Seoul
    const hourly = parseCron('0 * * * *');
    expect(hourly.matches(at('2026-12-03T13:00:10'))).toBe(true);
    expect(hourly.matches(at('2026-12-03T13:30:00'))).toBe(false);
    const sunday = parseCron('0 18 * * 0');
    expect(sunday.matches(at('2026-12-06T18:00:00'))).toBe(true); // a Sunday
    expect(sunday.matches(at('2026-12-07T18:00:00'))).toBe(false);
    expect(parseCron('0 18 * * 7').matches(at('2026-12-06T18:00:00'))).toBe(true);
    expect(parseCron('30 3 * * *').matches(at('2026-12-03T03:30:00'))).toBe(true);
  });

  it('reads ranges, steps and lists, and either restricted day field', () => {
    const quarter = parseCron('*/15 9-17 * * 1-5');
    expect(quarter.matches(at('2026-12-03T09:45:00'))).toBe(true); // Thursday
    expect(quarter.matches(at('2026-12-03T09:50:00'))).toBe(false);
    expect(quarter.matches(at('2026-12-03T18:00:00'))).toBe(false);
    expect(quarter.matches(at('2026-12-05T10:00:00'))).toBe(false); // Saturday
    const listed = parseCron('0,30 12 1,15 * *');
    expect(listed.matches(at('2026-12-15T12:30:00'))).toBe(true);
    expect(listed.matches(at('2026-12-16T12:30:00'))).toBe(false);
    // The 1st of the month or any Monday.
    const either = parseCron('0 8 1 * 1');
    expect(either.matches(at('2026-12-01T08:00:00'))).toBe(true); // Tuesday the 1st
    expect(either.matches(at('2026-12-07T08:00:00'))).toBe(true); // Monday the 7th
    expect(either.matches(at('2026-12-08T08:00:00'))).toBe(false);
    expect(parseCron('0-30/10 * * * *').matches(at('2026-12-03T05:20:00'))).toBe(true);
    expect(parseCron('0-30/10 * * * *').matches(at('2026-12-03T05:40:00'))).toBe(false);
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '*/0 * * * *', 'a * * * *', '5-1 * * * *', '@daily']) {
      expect(() => parseCron(bad), bad).toThrow(/cron/);
    }
  });
});
