import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const plugin = vi.hoisted(() => ({
  checkPermissions: vi.fn(),
  requestPermissions: vi.fn(),
  getCurrentPosition: vi.fn(),
}));
vi.mock('@tauri-apps/plugin-geolocation', () => plugin);

import {
  DevicePositionError,
  PHONE_GIVE_UP_MS,
  POSITION_GIVE_UP_MS,
  devicePosition,
  phonePosition,
  positionFailure,
} from './device-position';
import { formatDistance, locationHelp, LOCATION_HELP } from './location-help';
import { fakeGeolocation } from './test-geolocation';

async function reason(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DevicePositionError);
  return positionFailure(error);
}

describe('devicePosition', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for one accurate fix within 15 seconds and passes it on', async () => {
    const geo = fakeGeolocation({ fix: { latitude: 51.499, longitude: -0.1416, accuracy: 12 } });
    await expect(devicePosition(geo)).resolves.toEqual({ latitude: 51.499, longitude: -0.1416, accuracyM: 12 });
    expect(geo.getCurrentPosition.mock.calls[0]![2]).toEqual({ enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 });
  });

  it('passes a zero fix on for keyfob-core to judge', async () => {
    const geo = fakeGeolocation({ fix: { latitude: 0, longitude: 0, accuracy: 0 } });
    await expect(devicePosition(geo)).resolves.toEqual({ latitude: 0, longitude: 0, accuracyM: 0 });
  });

  it('calls a fix without numbers no fix, and drops an accuracy that is not a number', async () => {
    expect(await reason(devicePosition(fakeGeolocation({ fix: { latitude: NaN, longitude: 2, accuracy: 5 } })))).toBe('no_fix');
    const vague = fakeGeolocation({ fix: { latitude: 48.8, longitude: 2.3, accuracy: Infinity } });
    await expect(devicePosition(vague)).resolves.toEqual({ latitude: 48.8, longitude: 2.3, accuracyM: null });
  });

  it.each([
    [1, 'denied'],
    [2, 'unavailable'],
    [3, 'timeout'],
  ] as const)('error code %i is %s', async (code, expected) => {
    expect(await reason(devicePosition(fakeGeolocation({ error: code })))).toBe(expected);
  });

  it('is unsupported without a geolocation', async () => {
    expect(await reason(devicePosition(null))).toBe('unsupported');
    // jsdom has none either, like a web view without location support.
    expect(await reason(devicePosition())).toBe('unsupported');
  });

  it('is unavailable when the geolocation throws', async () => {
    expect(await reason(devicePosition(fakeGeolocation({ throws: true })))).toBe('unavailable');
  });

  it('gives up when nothing ever answers', async () => {
    vi.useFakeTimers();
    const pending = reason(devicePosition(fakeGeolocation({ silent: true })));
    await vi.advanceTimersByTimeAsync(POSITION_GIVE_UP_MS - 1);
    let done = false;
    void pending.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBe('timeout');
  });
});

function permission(location: string) {
  return { location, coarseLocation: location };
}

function fix(latitude: number, longitude: number, accuracy: number) {
  return { timestamp: 1, coords: { latitude, longitude, accuracy, altitude: null, altitudeAccuracy: null, speed: null, heading: null } };
}

describe('phonePosition', () => {
  beforeEach(() => {
    plugin.checkPermissions.mockReset().mockResolvedValue(permission('granted'));
    plugin.requestPermissions.mockReset().mockResolvedValue(permission('granted'));
    plugin.getCurrentPosition.mockReset().mockResolvedValue(fix(51.499, -0.1416, 12));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks the location service for one accurate, fresh fix once allowed', async () => {
    await expect(phonePosition()).resolves.toEqual({ latitude: 51.499, longitude: -0.1416, accuracyM: 12 });
    expect(plugin.requestPermissions).not.toHaveBeenCalled();
    expect(plugin.getCurrentPosition).toHaveBeenCalledWith({ enableHighAccuracy: true, timeout: 10_000, maximumAge: 0 });
  });

  it.each(['prompt', 'prompt-with-rationale'])('asks for the location permission first when it is %s', async (state) => {
    plugin.checkPermissions.mockResolvedValue(permission(state));
    await expect(phonePosition()).resolves.toMatchObject({ latitude: 51.499 });
    expect(plugin.requestPermissions).toHaveBeenCalledWith(['location']);
    expect(plugin.requestPermissions.mock.invocationCallOrder[0]).toBeLessThan(
      plugin.getCurrentPosition.mock.invocationCallOrder[0]!,
    );
  });

  it('is denied without asking for a fix when the person said no, now or before', async () => {
    plugin.checkPermissions.mockResolvedValue(permission('prompt'));
    plugin.requestPermissions.mockResolvedValue(permission('denied'));
    expect(await reason(phonePosition())).toBe('denied');
    plugin.checkPermissions.mockResolvedValue(permission('denied'));
    plugin.requestPermissions.mockClear();
    expect(await reason(phonePosition())).toBe('denied');
    expect(plugin.requestPermissions).not.toHaveBeenCalled();
    expect(plugin.getCurrentPosition).not.toHaveBeenCalled();
  });

  it.each([
    ['Location services are disabled.', 'services_off'],
    ['Location services are not enabled.', 'services_off'],
    ['Location disabled.', 'services_off'],
    ['Location permission was denied.', 'denied'],
    ['The operation couldn’t be completed. (kCLErrorDomain error 1.)', 'denied'],
    ['Google Play Services unavailable.', 'no_play_services'],
    ['Location unavailable.', 'unavailable'],
    ['plugin geolocation not found', 'unsupported'],
  ] as const)('reads the plugin’s “%s” as %s', async (message, expected) => {
    plugin.getCurrentPosition.mockRejectedValue(message);
    expect(await reason(phonePosition())).toBe(expected);
    // Android says "disabled" already when asked about the permission.
    plugin.checkPermissions.mockRejectedValue(message);
    expect(await reason(phonePosition())).toBe(expected);
  });

  it('passes a zero fix on, and calls a fix without numbers no fix', async () => {
    plugin.getCurrentPosition.mockResolvedValue(fix(0, 0, 0));
    await expect(phonePosition()).resolves.toEqual({ latitude: 0, longitude: 0, accuracyM: 0 });
    plugin.getCurrentPosition.mockResolvedValue(fix(NaN, 2, 5));
    expect(await reason(phonePosition())).toBe('no_fix');
    plugin.getCurrentPosition.mockResolvedValue({ timestamp: 0 });
    expect(await reason(phonePosition())).toBe('no_fix');
  });

  it('gives up when the phone never answers', async () => {
    vi.useFakeTimers();
    plugin.getCurrentPosition.mockReturnValue(new Promise(() => {}));
    const pending = reason(phonePosition());
    await vi.advanceTimersByTimeAsync(PHONE_GIVE_UP_MS - 1);
    let done = false;
    void pending.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBe('timeout');
  });
});

describe('locationHelp', () => {
  it('names the phone’s own settings on a phone, and the computer’s otherwise', () => {
    expect(locationHelp('denied', { mobile: true, os: 'android' }).todo[0]).toContain('Settings › Apps › Keyfob › Permissions › Location');
    expect(locationHelp('denied', { mobile: true, os: 'ios' }).todo[0]).toContain('Settings › Privacy & Security › Location Services › Keyfob');
    expect(locationHelp('services_off', { mobile: true, os: 'android' }).todo[0]).toMatch(/^Switch location on/);
    expect(locationHelp('services_off', { mobile: true, os: 'ios' }).todo[0]).toMatch(/^Switch Location Services on/);
    expect(locationHelp('denied', { mobile: false, os: 'linux' })).toBe(LOCATION_HELP.denied);
    expect(locationHelp('timeout', null)).toBe(LOCATION_HELP.timeout);
  });
});

describe('formatDistance', () => {
  it('uses metres under a kilometre, else kilometres with one decimal', () => {
    expect(formatDistance(0)).toBe('0 m');
    expect(formatDistance(220)).toBe('220 m');
    expect(formatDistance(999)).toBe('999 m');
    expect(formatDistance(1000)).toBe('1.0 km');
    expect(formatDistance(12_345)).toBe('12.3 km');
  });
});
