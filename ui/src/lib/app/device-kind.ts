// Phone or computer: asked of the Rust side once per backend and shared by every screen that
// behaves differently on a phone (Find my car, scanning a VIN, the car's head unit, Back).
import type { DeviceKind } from '../bindings';
import type { Backend } from '../backend';

/** What a screen assumes when the Rust side cannot say: a computer, as the app always was. */
export const UNKNOWN_DEVICE: DeviceKind = { mobile: false, os: 'other' };

const asked = new WeakMap<Backend, Promise<DeviceKind>>();

/** The device the app runs on. Never rejects: an unanswered question counts as a computer. */
export function deviceKind(backend: Backend): Promise<DeviceKind> {
  let answer = asked.get(backend);
  if (!answer) {
    // Through a promise, so even a call that throws at once (an older Rust side) is caught.
    answer = Promise.resolve()
      .then(() => backend.deviceKind())
      .catch(() => {
        // Ask again next time rather than remember a guess.
        asked.delete(backend);
        return UNKNOWN_DEVICE;
      });
    asked.set(backend, answer);
  }
  return answer;
}
