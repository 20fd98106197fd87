import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DevicePositionError,
  POSITION_GIVE_UP_MS,
  devicePosition,
  positionFailure,
} from './device-position';
import { formatDistance } from './location-help';
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

describe('formatDistance', () => {
  it('uses metres under a kilometre, else kilometres with one decimal', () => {
    expect(formatDistance(0)).toBe('0 m');
    expect(formatDistance(220)).toBe('220 m');
    expect(formatDistance(999)).toBe('999 m');
    expect(formatDistance(1000)).toBe('1.0 km');
    expect(formatDistance(12_345)).toBe('12.3 km');
  });
});
