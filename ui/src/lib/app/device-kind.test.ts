import { describe, expect, it } from 'vitest';
import { deviceKind as kindOf } from '../backend/fixtures';
import { MockBackend } from '../backend/mock';
import { deviceKind, UNKNOWN_DEVICE } from './device-kind';

describe('deviceKind', () => {
  it('is a Linux computer by default in the mock', async () => {
    await expect(deviceKind(new MockBackend())).resolves.toEqual({ mobile: false, os: 'linux' });
  });

  it('asks the Rust side once per backend', async () => {
    const backend = new MockBackend({ deviceKind: kindOf('android') });
    await expect(deviceKind(backend)).resolves.toEqual({ mobile: true, os: 'android' });
    await deviceKind(backend);
    expect(backend.command('deviceKind').calls).toHaveLength(1);
    await expect(deviceKind(new MockBackend({ deviceKind: kindOf('ios') }))).resolves.toEqual({ mobile: true, os: 'ios' });
  });

  it('takes an unanswered question for a computer, and asks again next time', async () => {
    const backend = new MockBackend({ deviceKind: () => Promise.reject(new Error('IPC is down')) });
    await expect(deviceKind(backend)).resolves.toEqual(UNKNOWN_DEVICE);
    backend.command('deviceKind').answer = kindOf('ios');
    await expect(deviceKind(backend)).resolves.toEqual({ mobile: true, os: 'ios' });
    expect(backend.command('deviceKind').calls).toHaveLength(2);
  });

  it('takes a call that throws at once for a computer too', async () => {
    const backend = new MockBackend();
    backend.deviceKind = () => {
      throw new TypeError('commands.deviceKind is not a function');
    };
    await expect(deviceKind(backend)).resolves.toEqual(UNKNOWN_DEVICE);
  });
});
