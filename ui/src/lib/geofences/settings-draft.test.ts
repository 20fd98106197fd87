import { describe, expect, it } from 'vitest';
import { defaultSpeed, settingsDraft, settingsRequest } from './settings-draft';
import { LIMITS } from './test-fixtures';
import { windowDraft } from './weekly';

describe('the settings form', () => {
  it('starts from nothing set: no curfew, no speed alert, no email', () => {
    const draft = settingsDraft({}, LIMITS, 'Europe/Paris');
    expect(draft).toMatchObject({ timeZone: 'Europe/Paris', windows: [], speedOn: false, speed: '130', email: false });
    expect(settingsRequest(draft)).toEqual({
      ok: true,
      settings: { curfew: null, speedLimitKmh: null, emailAlerts: false },
    });
  });

  it('starts from the saved settings, the curfew in its own time zone', () => {
    const draft = settingsDraft(
      {
        curfew: { timeZone: 'America/New_York', windows: [{ days: [5, 6], start: '23:00', end: '05:00' }] },
        speedLimitKmh: 110,
        emailAlerts: true,
      },
      LIMITS,
      'Europe/Paris',
    );
    expect(draft).toMatchObject({ timeZone: 'America/New_York', speedOn: true, speed: '110', email: true });
    expect(draft.windows).toHaveLength(1);
  });

  it('suggests a speed inside keyfob-core’s range', () => {
    expect(defaultSpeed(LIMITS)).toBe(130);
    expect(defaultSpeed({ ...LIMITS, maxSpeedLimitKmh: 120 })).toBe(120);
    expect(defaultSpeed({ ...LIMITS, minSpeedLimitKmh: 140 })).toBe(140);
  });

  it('makes the curfew from its windows and the speed from its field', () => {
    const draft = settingsDraft({}, LIMITS, ' Europe/Paris ');
    draft.windows = [windowDraft([1, 2, 3, 4, 5], '22', '6:00')];
    draft.speedOn = true;
    draft.speed = ' 90 ';
    draft.email = true;
    expect(settingsRequest(draft)).toEqual({
      ok: true,
      settings: {
        curfew: { timeZone: 'Europe/Paris', windows: [{ days: [1, 2, 3, 4, 5], start: '22:00', end: '06:00' }] },
        speedLimitKmh: 90,
        emailAlerts: true,
      },
    });
  });

  it('says when the speed is not a whole number, and leaves the range to keyfob-core', () => {
    const draft = { ...settingsDraft({}, LIMITS, 'UTC'), speedOn: true };
    expect(settingsRequest({ ...draft, speed: 'fast' })).toEqual({
      ok: false,
      problem: { field: 'speedLimit', message: 'Type the speed limit in km/h, a number like 130.' },
    });
    expect(settingsRequest({ ...draft, speed: '99.5' })).toEqual({
      ok: false,
      problem: { field: 'speedLimit', message: 'Type the speed limit in whole km/h, like 130.' },
    });
    expect(settingsRequest({ ...draft, speed: '20' })).toMatchObject({ ok: true, settings: { speedLimitKmh: 20 } });
    // Past what the wire can carry, it is pinned to its end, which keyfob-core refuses in words.
    expect(settingsRequest({ ...draft, speed: '99999' })).toMatchObject({ settings: { speedLimitKmh: 65_535 } });
    expect(settingsRequest({ ...draft, speed: '-5' })).toMatchObject({ settings: { speedLimitKmh: 0 } });
    // Switched off, whatever the field holds is not sent.
    expect(settingsRequest({ ...draft, speedOn: false, speed: 'fast' })).toMatchObject({ ok: true, settings: { speedLimitKmh: null } });
  });
});
