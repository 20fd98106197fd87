// This device's own position, as a promise that fails with a reason the Find my car screen can
// explain: on a phone from the location service (Tauri's geolocation plugin), on a computer from
// the web view's geolocation. The plugin is never asked on a computer: there it answers 0, 0.
import * as geolocationPlugin from '@tauri-apps/plugin-geolocation';
import type { DevicePosition } from '../bindings';

export const POSITION_TIMEOUT_MS = 15_000;
/**
 * Some web views never call back while their permission prompt is left unanswered (the timeout
 * only counts once permission is given), so the screen gives up on its own after this long.
 */
export const POSITION_GIVE_UP_MS = POSITION_TIMEOUT_MS + 15_000;

/** How long a phone is given to find its position (the plugin's own timeout is ignored by Android and iOS). */
export const PHONE_TIMEOUT_MS = 10_000;
/** So the screen gives up on its own after this long on a phone. */
export const PHONE_GIVE_UP_MS = PHONE_TIMEOUT_MS + 10_000;

export type PositionFailure =
  | 'unsupported'
  | 'denied'
  /** Location is switched off on the phone as a whole. */
  | 'services_off'
  /** Android without Google Play services, which the plugin's location provider needs. */
  | 'no_play_services'
  | 'unavailable'
  | 'timeout'
  | 'no_fix';

/** Where the device's position came from. */
export type PositionSource = 'phone' | 'webview';

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

/** The part of `@tauri-apps/plugin-geolocation` used here, so a test can hand in its own. */
export type LocationPlugin = Pick<typeof geolocationPlugin, 'checkPermissions' | 'requestPermissions' | 'getCurrentPosition'>;

/**
 * Asks a phone's location service for one accurate fix, asking for the permission first when the
 * phone has not been told yet. Like `devicePosition`, a fix of 0, 0 is passed on as it is.
 */
export async function phonePosition(plugin: LocationPlugin = geolocationPlugin): Promise<DevicePosition> {
  try {
    let permission = (await plugin.checkPermissions()).location;
    if (permission === 'prompt' || permission === 'prompt-with-rationale') {
      permission = (await plugin.requestPermissions(['location'])).location;
    }
    if (permission === 'denied') throw new DevicePositionError('denied');
    const { coords } = await withGiveUp(
      plugin.getCurrentPosition({ enableHighAccuracy: true, timeout: PHONE_TIMEOUT_MS, maximumAge: 0 }),
      PHONE_GIVE_UP_MS,
    );
    const latitude = coords?.latitude;
    const longitude = coords?.longitude;
    if (typeof latitude !== 'number' || typeof longitude !== 'number' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      throw new DevicePositionError('no_fix');
    }
    const accuracy = coords.accuracy;
    return { latitude, longitude, accuracyM: typeof accuracy === 'number' && Number.isFinite(accuracy) ? accuracy : null };
  } catch (error) {
    throw error instanceof DevicePositionError ? error : new DevicePositionError(pluginFailure(error));
  }
}

function withGiveUp<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => reject(new DevicePositionError('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(giveUp);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(giveUp);
        reject(error);
      },
    );
  });
}

/**
 * The plugin rejects with a bare string: Android says "Location services are disabled.",
 * "Location disabled.", "Location permission was denied.", "Location unavailable." or "Google
 * Play Services unavailable."; iOS says "Location services are not enabled." or, for a denial,
 * Core Location's error (kCLErrorDomain error 1).
 */
export function pluginFailure(error: unknown): PositionFailure {
  const message = typeof error === 'string' ? error : error instanceof Error ? error.message : '';
  if (/location services are (disabled|not enabled)|location disabled/i.test(message)) return 'services_off';
  if (/denied|not authori[sz]ed|kCLErrorDomain error 1\b/i.test(message)) return 'denied';
  if (/play services/i.test(message)) return 'no_play_services';
  if (/timed? ?out/i.test(message)) return 'timeout';
  // The plugin missing from this build, or not allowed for this window.
  if (/plugin .*not found|not allowed/i.test(message)) return 'unsupported';
  return 'unavailable';
}

export function positionFailure(error: unknown): PositionFailure | null {
  return error instanceof DevicePositionError ? error.reason : null;
}
