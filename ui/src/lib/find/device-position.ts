// This device's own position, from the web view's geolocation, as a promise that fails with a
// reason the Find my car screen can explain.
import type { DevicePosition } from '../bindings';

export const POSITION_TIMEOUT_MS = 15_000;
/**
 * Some web views never call back while their permission prompt is left unanswered (the timeout
 * only counts once permission is given), so the screen gives up on its own after this long.
 */
export const POSITION_GIVE_UP_MS = POSITION_TIMEOUT_MS + 15_000;

export type PositionFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout' | 'no_fix';

export class DevicePositionError extends Error {
  constructor(readonly reason: PositionFailure) {
    super(`The device's position could not be read: ${reason}`);
    this.name = 'DevicePositionError';
  }
}

/** The part of `Geolocation` used here, so a test can hand in its own. */
export type GeolocationLike = Pick<Geolocation, 'getCurrentPosition'>;

export function browserGeolocation(): GeolocationLike | null {
  return typeof navigator !== 'undefined' && navigator.geolocation ? navigator.geolocation : null;
}

// GeolocationPositionError's codes; the constructor is missing outside browsers.
const PERMISSION_DENIED = 1;
const TIMEOUT = 3;

/**
 * Asks for one high-accuracy fix. A fix of 0, 0 (what the desktop plugin answers when it knows
 * nothing) is passed on as it is: keyfob-core decides what counts as a usable fix.
 */
export function devicePosition(geo: GeolocationLike | null = browserGeolocation()): Promise<DevicePosition> {
  return new Promise((resolve, reject) => {
    if (!geo || typeof geo.getCurrentPosition !== 'function') {
      reject(new DevicePositionError('unsupported'));
      return;
    }
    let settled = false;
    const giveUp = setTimeout(() => fail('timeout'), POSITION_GIVE_UP_MS);
    function fail(reason: PositionFailure) {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      reject(new DevicePositionError(reason));
    }
    try {
      geo.getCurrentPosition(
        ({ coords }) => {
          if (settled) return;
          const { latitude, longitude, accuracy } = coords;
          // The command takes numbers only; a position without them is no fix at all.
          if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
            fail('no_fix');
            return;
          }
          settled = true;
          clearTimeout(giveUp);
          resolve({ latitude, longitude, accuracyM: Number.isFinite(accuracy) ? accuracy : null });
        },
        (error) =>
          fail(error.code === PERMISSION_DENIED ? 'denied' : error.code === TIMEOUT ? 'timeout' : 'unavailable'),
        { enableHighAccuracy: true, timeout: POSITION_TIMEOUT_MS, maximumAge: 0 },
      );
    } catch {
      // Some web views throw instead of calling back when location is switched off.
      fail('unavailable');
    }
  });
}

export function positionFailure(error: unknown): PositionFailure | null {
  return error instanceof DevicePositionError ? error.reason : null;
}
