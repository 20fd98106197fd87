import { describe, expect, it } from 'vitest';
import {
  daysSummary,
  defaultCurfewWindow,
  defaultZoneWindow,
  normalizeTime,
  scheduleSummary,
  toWindows,
  toggleDay,
  windowDraft,
  windowDrafts,
  windowSummary,
} from './weekly';

describe('weekly windows', () => {
  it.each([
    ['07:30', '07:30'],
    ['7:30', '07:30'],
    ['730', '07:30'],
    ['0730', '07:30'],
    ['7.30', '07:30'],
    ['22h15', '22:15'],
    ['7', '07:00'],
    ['22', '22:00'],
    [' 06:00 ', '06:00'],
    ['7:5', '7:5'],
    ['noon', 'noon'],
    ['', ''],
  ])('reads the time %j as %j', (typed, time) => {
    expect(normalizeTime(typed)).toBe(time);
  });

  it('switches days on and off, in week order', () => {
    expect(toggleDay([1, 5], 3)).toEqual([1, 3, 5]);
    expect(toggleDay([1, 3, 5], 3)).toEqual([1, 5]);
    expect(toggleDay([], 7)).toEqual([7]);
  });

  it('makes the windows to send from what was typed', () => {
    const drafts = [windowDraft([5, 1, 3], '8:00', '1630'), windowDraft([6, 7], '22', '6')];
    expect(toWindows(drafts)).toEqual([
      { days: [1, 3, 5], start: '08:00', end: '16:30' },
      { days: [6, 7], start: '22:00', end: '06:00' },
    ]);
  });

  it('keeps every window apart in the keyed list', () => {
    const drafts = windowDrafts([
      { days: [1], start: '08:00', end: '09:00' },
      { days: [2], start: '10:00', end: '11:00' },
    ]);
    expect(new Set(drafts.map((d) => d.key)).size).toBe(2);
    expect(drafts[1]).toMatchObject({ days: [2], start: '10:00', end: '11:00' });
  });

  it('starts zones on working hours and curfews every night', () => {
    expect(defaultZoneWindow()).toMatchObject({ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' });
    expect(defaultCurfewWindow()).toMatchObject({ days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' });
  });
});

describe('schedule words', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7], 'Every day'],
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[6, 7], 'Sat, Sun'],
    [[1, 3, 4, 5], 'Mon, Wed–Fri'],
    [[7, 1], 'Mon, Sun'],
    [[2], 'Tue'],
    [[], 'No days'],
  ])('says %j as %j', (days, words) => {
    expect(daysSummary(days)).toBe(words);
  });

  it('says a window, marking one that runs past midnight', () => {
    expect(windowSummary({ days: [1, 2, 3, 4, 5], start: '08:00', end: '16:30' })).toBe('Mon–Fri 08:00–16:30');
    expect(windowSummary({ days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' })).toBe(
      'Every day 22:00–06:00 next day',
    );
  });

  it('says a schedule with its time zone, or any time without one', () => {
    expect(scheduleSummary(null)).toBe('Any time');
    expect(
      scheduleSummary({
        timeZone: 'Europe/Paris',
        windows: [
          { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:30' },
          { days: [6], start: '09:00', end: '12:00' },
        ],
      }),
    ).toBe('Mon–Fri 08:00–16:30; Sat 09:00–12:00 (Europe/Paris)');
  });
});
