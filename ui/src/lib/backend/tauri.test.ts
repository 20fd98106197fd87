import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { vinReport, passwordReport } from './fixtures';
import { tauriBackend } from './tauri';

describe('tauriBackend', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('calls vin_check with the input as typed', async () => {
    const report = vinReport('1n4');
    invoke.mockResolvedValue(report);
    await expect(tauriBackend.vinCheck('1n4')).resolves.toEqual(report);
    expect(invoke).toHaveBeenCalledWith('vin_check', { input: '1n4' });
  });

  it('calls password_check with the password and the other fields', async () => {
    const report = passwordReport('x');
    invoke.mockResolvedValue(report);
    await expect(tauriBackend.passwordCheck('Secret', ['me@example.com'])).resolves.toEqual(report);
    expect(invoke).toHaveBeenCalledWith('password_check', {
      password: 'Secret',
      userInputs: ['me@example.com'],
    });
  });

  it('passes an IPC failure on to the caller', async () => {
    invoke.mockRejectedValue(new Error('IPC is down'));
    await expect(tauriBackend.vinCheck('1')).rejects.toThrow('IPC is down');
  });
});
