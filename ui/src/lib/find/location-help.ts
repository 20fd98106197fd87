// Words for Find my car: how far, and what to do when the device cannot say where it is.
import type { PositionFailure } from './device-position';

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
};
