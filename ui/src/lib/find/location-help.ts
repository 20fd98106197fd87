// Words for Find my car: how far, where the device's position came from, and what to do when
// the device cannot say where it is.
import type { DeviceKind } from '../bindings';
import { PHONE_GIVE_UP_MS, type PositionFailure, type PositionSource } from './device-position';

/** "350 m" under a kilometre, else "2.4 km". */
export function formatDistance(metres: number): string {
  const rounded = Math.round(metres);
  if (rounded < 1000) return `${rounded} m`;
  return `${(rounded / 1000).toFixed(1)} km`;
}

export interface LocationHelp {
  /** Why the device's position could not be used. */
  why: string;
  /** What the person can do about it, most likely first. */
  todo: string[];
}

const ALLOW = 'Allow location for Keyfob in the system settings (on a phone: Settings › Apps › Keyfob › Location; on a computer: the privacy settings for location), then try again.';
const OUTSIDE = 'Go outside or near a window, away from tall buildings, so the device can find its position, then try again.';

export const LOCATION_HELP: Record<PositionFailure, LocationHelp> = {
  denied: {
    why: 'Keyfob is not allowed to use this device’s location.',
    todo: [ALLOW],
  },
  unsupported: {
    why: 'This device offers no location service to Keyfob.',
    todo: ['Use Keyfob on a phone, or turn on location services on this computer.', ALLOW],
  },
  unavailable: {
    why: 'The device could not work out where it is.',
    todo: ['Turn on location services (GPS) on this device.', OUTSIDE],
  },
  timeout: {
    why: 'The device did not find its position within 15 seconds.',
    todo: [OUTSIDE, ALLOW],
  },
  no_fix: {
    why: 'The device answered, but without a real position (it reported 0, 0 or a vague guess), as computers without location services do.',
    todo: [ALLOW, OUTSIDE],
  },
  services_off: {
    why: 'Location services are switched off on this device.',
    todo: ['Turn on location services on this device, then try again.', ALLOW],
  },
  no_play_services: {
    why: 'This device has no Google Play services, which Keyfob uses to find its position.',
    todo: ['Install or turn on Google Play services, then try again.'],
  },
};

/** The words for the position source the screen used. */
export const SOURCE_LABEL: Record<PositionSource, string> = {
  phone: 'From this phone’s location service',
  webview: 'From this computer’s location (the web view’s geolocation)',
};

const PHONE_ALLOW: Record<'android' | 'ios', string> = {
  android:
    'Allow location for Keyfob: Settings › Apps › Keyfob › Permissions › Location › “Allow only while using the app”, with “Use precise location” on. Then try again.',
  ios: 'Allow location for Keyfob: Settings › Privacy & Security › Location Services › Keyfob › “While Using the App”, with “Precise Location” on. Then try again.',
};

const PHONE_SWITCH_ON: Record<'android' | 'ios', string> = {
  android: 'Switch location on: swipe down from the top of the screen and tap Location, or Settings › Location › “Use location”. Then try again.',
  ios: 'Switch Location Services on: Settings › Privacy & Security › Location Services. Then try again.',
};

const PHONE_OUTSIDE = 'Go outside or near a window, away from tall buildings, so the phone can find its position, then try again.';

function phoneHelp(os: 'android' | 'ios'): Record<PositionFailure, LocationHelp> {
  const allow = PHONE_ALLOW[os];
  const switchOn = PHONE_SWITCH_ON[os];
  return {
    denied: { why: 'Keyfob is not allowed to use this phone’s location.', todo: [allow] },
    services_off: { why: 'Location is switched off on this phone.', todo: [switchOn] },
    no_play_services: LOCATION_HELP.no_play_services,
    unsupported: {
      why: 'This build of Keyfob cannot reach the phone’s location service.',
      todo: ['Update Keyfob to its latest version, then try again.'],
    },
    unavailable: { why: 'The phone could not work out where it is.', todo: [switchOn, PHONE_OUTSIDE] },
    timeout: {
      why: `The phone did not find its position within ${PHONE_GIVE_UP_MS / 1000} seconds.`,
      todo: [PHONE_OUTSIDE, switchOn],
    },
    no_fix: { why: 'The phone answered, but without a real position.', todo: [PHONE_OUTSIDE, allow] },
  };
}

const PHONE_HELP = { android: phoneHelp('android'), ios: phoneHelp('ios') };

/** Why and what to do, in the words of the device at hand (a phone's own settings on a phone). */
export function locationHelp(reason: PositionFailure, kind: DeviceKind | null): LocationHelp {
  if (kind?.mobile && (kind.os === 'android' || kind.os === 'ios')) return PHONE_HELP[kind.os][reason];
  return LOCATION_HELP[reason];
}
