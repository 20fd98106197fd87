import { describe, expect, it } from 'vitest';
import { alertIcon, alertTime } from './alert-words';

// Local times, so the words do not depend on the machine's time zone.
const NOW = new Date(2026, 10, 23, 15, 0, 0).getTime();
const at = (day: number, hours: number, minutes: number) => new Date(2026, 10, day, hours, minutes).toISOString();

describe('when an alert happened', () => {
  it('says recent alerts in minutes', () => {
    expect(alertTime(at(23, 15, 0), NOW)).toBe('Just now');
    expect(alertTime(at(23, 15, 1), NOW)).toBe('Just now');
    expect(alertTime(at(23, 14, 48), NOW)).toBe('12 min ago');
  });

  it('says today and yesterday with the time on this device’s clock', () => {
    expect(alertTime(at(23, 8, 5), NOW)).toMatch(/^Today at 0?8:05/);
    expect(alertTime(at(22, 22, 10), NOW)).toMatch(/^Yesterday at (10:10|22:10)/);
  });

  it('gives the date for anything older, and the raw text for no date', () => {
    expect(alertTime(at(20, 9, 0), NOW)).toMatch(/2026/);
    expect(alertTime('soon', NOW)).toBe('soon');
  });

  it('has an icon for each kind of alert', () => {
    expect(alertIcon({ kind: 'zone', zoneId: 'z', zoneName: 'Home', crossing: 'left' })).toBe('fence');
    expect(alertIcon({ kind: 'curfew', since: '2026-11-23T22:00:00Z' })).toBe('clock');
    expect(alertIcon({ kind: 'speed', speedKmh: 132, limitKmh: 110 })).toBe('gauge');
  });
});
