import { describe, expect, it } from 'vitest';
import {
  compass,
  coordinates,
  describeOpenings,
  formatAge,
  formatBar,
  formatVolts,
  mapLink,
  tyresState,
} from './format';
import { NOW, ago, closed } from './test-fixtures';

const now = NOW.getTime();

describe('dashboard words', () => {
  it('says how old a value is', () => {
    expect(formatAge(ago(0), now)).toBe('just now');
    expect(formatAge(ago(59), now)).toBe('just now');
    expect(formatAge(ago(60), now)).toBe('1 min ago');
    expect(formatAge(ago(3 * 60 + 30), now)).toBe('3 min ago');
    expect(formatAge(ago(59 * 60 + 59), now)).toBe('59 min ago');
    expect(formatAge(ago(2 * 3600), now)).toBe('2 h ago');
    expect(formatAge(ago(24 * 3600), now)).toBe('1 day ago');
    expect(formatAge(ago(3 * 24 * 3600), now)).toBe('3 days ago');
    // A car clock slightly ahead of this device still reads as now.
    expect(formatAge(ago(-20), now)).toBe('just now');
    expect(formatAge('not a date', now)).toBe('at an unknown time');
    expect(formatAge(null, now)).toBe('at an unknown time');
  });

  it('names what is open', () => {
    expect(describeOpenings(closed())).toBe('All closed');
    expect(describeOpenings(closed({ rearRight: true, frontLeft: true }))).toBe(
      'Open: front left, rear right',
    );
  });

  it('reads volts without rounding a low battery up to 12.0 V', () => {
    expect(formatVolts(12_400)).toBe('12.4 V');
    expect(formatVolts(11_990)).toBe('11.9 V');
    expect(formatVolts(12_000)).toBe('12.0 V');
  });

  it('reads tyres in kPa and bar', () => {
    expect(formatBar(230)).toBe('2.3 bar');
    expect(tyresState({ frontLeft: 240, frontRight: 241, rearLeft: 230, rearRight: 180 })).toBe(
      '240/241/230/180',
    );
  });

  it('links a position to OpenStreetMap', () => {
    expect(mapLink({ latitude: 48.8566, longitude: 2.3522 })).toBe(
      'https://www.openstreetmap.org/?mlat=48.85660&mlon=2.35220#map=16/48.85660/2.35220',
    );
    expect(coordinates({ latitude: null, longitude: 2 })).toBeNull();
    expect(compass(0)).toBe('N');
    expect(compass(350)).toBe('N');
    expect(compass(180)).toBe('S');
    expect(compass(270)).toBe('W');
  });
});
