// The curfew, speed alert and email choice as the form holds them, and the `AlertSettings` they
// make. keyfob-core (`alertSettingsCheck`) decides what is allowed; this only reads the text.
import type { AlertSettings, GeofenceLimits } from '../bindings';
import { parseDecimal } from './coordinates';
import { toWindows, windowDrafts, type WindowDraft } from './weekly';

export interface SettingsDraft {
  timeZone: string;
  /** No windows means no curfew. */
  windows: WindowDraft[];
  speedOn: boolean;
  speed: string;
  email: boolean;
}

export type SettingsField = 'curfew' | 'speedLimit';

export type SettingsRequest =
  | { ok: true; settings: AlertSettings }
  | { ok: false; problem: { field: SettingsField; message: string } };

/** A motorway speed as the first suggestion, inside whatever range keyfob-core allows. */
export function defaultSpeed(limits: GeofenceLimits): number {
  return Math.min(Math.max(130, limits.minSpeedLimitKmh), limits.maxSpeedLimitKmh);
}

export function settingsDraft(
  settings: AlertSettings,
  limits: GeofenceLimits,
  timeZone: string,
): SettingsDraft {
  const speed = settings.speedLimitKmh ?? null;
  return {
    timeZone: settings.curfew?.timeZone ?? timeZone,
    windows: windowDrafts(settings.curfew?.windows ?? []),
    speedOn: speed !== null,
    speed: String(speed ?? defaultSpeed(limits)),
    email: settings.emailAlerts ?? false,
  };
}

// The wire type is an unsigned 16-bit number: anything outside it would not even reach
// keyfob-core, so it is pinned to the nearest end, which keyfob-core then refuses in words.
const U16_MAX = 65_535;

export function settingsRequest(draft: SettingsDraft): SettingsRequest {
  let speedLimitKmh: number | null = null;
  if (draft.speedOn) {
    const value = parseDecimal(draft.speed);
    if (value === null) {
      return {
        ok: false,
        problem: { field: 'speedLimit', message: 'Type the speed limit in km/h, a number like 130.' },
      };
    }
    if (!Number.isInteger(value)) {
      return {
        ok: false,
        problem: { field: 'speedLimit', message: 'Type the speed limit in whole km/h, like 130.' },
      };
    }
    speedLimitKmh = Math.min(Math.max(value, 0), U16_MAX);
  }
  return {
    ok: true,
    settings: {
      curfew:
        draft.windows.length > 0
          ? { timeZone: draft.timeZone.trim(), windows: toWindows(draft.windows) }
          : null,
      speedLimitKmh,
      emailAlerts: draft.email,
    },
  };
}
