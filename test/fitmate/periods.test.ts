import { describe, expect, it } from 'vitest';
import { periodsOf, streaksOf } from '../../src/apps/fitmate/workouts/statistics';
import { addDays, ageOn, isoWeekday, monthEnd, seoulToday } from '../../src/platform/time';

describe('Seoul calendar', () => {
  it('turns the date at Seoul midnight, not UTC midnight', () => {
    expect(seoulToday(new Date('2026-11-21T14:59:59Z'))).toBe('2026-11-21');
    expect(seoulToday(new Date('2026-11-21T15:00:00Z'))).toBe('2026-11-22');
    expect(seoulToday(new Date('2026-12-31T15:30:00Z'))).toBe('2027-01-01');
  });

  it('does date arithmetic across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2025-12-05')).toBe('2025-12-31');
    expect(isoWeekday('2026-11-16')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(ageOn('1990-11-22', '2026-11-21')).toBe(35);
    expect(ageOn('1990-11-21', '2026-11-21')).toBe(36);
  });
});

describe('statistics periods', () => {
  const today = '2026-11-21'; // a Saturday

  it('takes the calendar week, Monday to Sunday, and the one before', () => {
    expect(periodsOf({ period: 'week' }, today)).toEqual({
      type: 'week',
      from: '2026-11-16',
      to: '2026-11-22',
      previous: { from: '2026-11-09', to: '2026-11-15' },
    });
    expect(periodsOf({}, today).type).toBe('week');
    expect(periodsOf({ period: 'week', date: '2025-01-01' }, today)).toMatchObject({
      from: '2024-12-30',
      to: '2025-01-05',
      previous: { from: '2024-12-23', to: '2024-12-29' },
    });
  });

  it('takes the calendar month and year, and the previous ones', () => {
    expect(periodsOf({ period: 'month', date: '2024-03-15' }, today)).toEqual({
      type: 'month',
      from: '2024-03-01',
      to: '2024-03-31',
      previous: { from: '2024-02-01', to: '2024-02-29' },
    });
    expect(periodsOf({ period: 'month', date: '2025-01-31' }, today)).toMatchObject({ from: '2025-01-01', previous: { from: '2024-12-01', to: '2024-12-31' } });
    expect(periodsOf({ period: 'year' }, today)).toEqual({
      type: 'year',
      from: '2026-01-01',
      to: '2026-12-31',
      previous: { from: '2025-01-01', to: '2025-12-31' },
    });
  });

  it('compares a custom range with the same number of days before it', () => {
    expect(periodsOf({ from: '2025-02-01', to: '2025-02-10' }, today)).toEqual({
      type: 'custom',
      from: '2025-02-01',
      to: '2025-02-10',
      previous: { from: '2025-01-22', to: '2025-01-31' },
    });
  });

  it('refuses half or backwards ranges, ranges over three years, and a range with a period', () => {
    for (const query of [
      { from: '2025-01-01' },
      { to: '2025-01-01' },
      { from: '2025-02-01', to: '2025-01-01' },
      { from: '2020-01-01', to: '2025-01-01' },
      { from: '2025-01-01', to: '2025-01-02', period: 'week' as const },
    ]) {
      expect(() => periodsOf(query, today)).toThrow();
    }
  });
});

describe('streaks', () => {
  const dates = ['2025-01-28', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-10', '2025-02-11'];

  it('counts runs across a month end', () => {
    expect(streaksOf(dates, '2025-03-01')).toEqual({ current: 0, longest: 4, lastWorkoutDate: '2025-02-11' });
  });

  it('keeps the current run alive through today until the day is over', () => {
    expect(streaksOf(dates, '2025-02-11').current).toBe(2);
    expect(streaksOf(dates, '2025-02-12').current).toBe(2);
    expect(streaksOf(dates, '2025-02-13').current).toBe(0);
  });

  it('handles no workouts and a single day', () => {
    expect(streaksOf([], '2025-01-01')).toEqual({ current: 0, longest: 0, lastWorkoutDate: null });
    expect(streaksOf(['2025-01-01'], '2025-01-01')).toEqual({ current: 1, longest: 1, lastWorkoutDate: '2025-01-01' });
  });
});
