// A stand-in for the web view's geolocation: it answers each request the way a test says.
import { vi } from 'vitest';
import type { GeolocationLike } from './device-position';

export type FakeAnswer =
  | { fix: { latitude: number; longitude: number; accuracy: number } }
  | { error: 1 | 2 | 3 }
  | { throws: true }
  /** Never calls back, like a permission prompt nobody answers. */
  | { silent: true };

export function fakeGeolocation(answer: FakeAnswer) {
  const getCurrentPosition = vi.fn<GeolocationLike['getCurrentPosition']>((success, failure) => {
    if ('fix' in answer) {
      success({ coords: { ...answer.fix } } as GeolocationPosition);
    } else if ('error' in answer) {
      failure?.({ code: answer.error, message: 'fake' } as GeolocationPositionError);
    } else if ('throws' in answer) {
      throw new Error('location services are off');
    }
  });
  return { getCurrentPosition } satisfies GeolocationLike;
}
