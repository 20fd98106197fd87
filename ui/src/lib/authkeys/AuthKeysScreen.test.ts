import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, authKeyItem, newKey, stolenVehicle, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import AuthKeysScreen from './AuthKeysScreen.svelte';

const NOW = new Date('2026-11-23T10:00:00Z');

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({
    vehicle: vehicle(),
    authKeys: [],
    generateAuthKey: newKey(),
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  render(AuthKeysScreen, {
    props: { params: new URLSearchParams({ id: 'veh_qashqai' }) },
    context: screenContext(backend, session),
  });
  return { backend, user };
}

/** Real timers (user-event's delays), with the date still the test's own. */
function realTimersOnTestDate() {
  vi.useRealTimers();
  vi.setSystemTime(NOW);
}

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('Authentication keys screen', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('generates a key for the chosen reason and shows it large with a live countdown', async () => {
    const { backend, user } = setup({
      generateAuthKey: (_id, reason) => newKey({ reason }),
    });
    await settle();
    expect(screen.getByTestId('auth-keys-screen')).toBeInTheDocument();
    expect(backend.command('authKeys').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByTestId('auth-key-reason-software_update')).toBeChecked();
    expect(screen.queryByTestId('auth-key-value')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('auth-key-reason-new_device'));
    await user.click(screen.getByTestId('auth-key-generate'));
    await settle();
    expect(backend.command('generateAuthKey').calls).toEqual([['veh_qashqai', 'new_device']]);

    const value = screen.getByTestId('auth-key-value');
    expect(value).toHaveTextContent('Ab3d EfG7 hJ2m N4qR');
    expect(value).toHaveAttribute('data-key', 'Ab3dEfG7hJ2mN4qR');
    expect(screen.getByTestId('auth-key-new')).toHaveTextContent('Pairing a new phone');

    const countdown = screen.getByTestId('auth-key-countdown');
    expect(countdown).toHaveAttribute('data-seconds', '86400');
    expect(countdown).toHaveTextContent('Valid for 24 h 00 min 00 s');
    await settle(1000);
    expect(screen.getByTestId('auth-key-countdown')).toHaveAttribute('data-seconds', '86399');
    expect(screen.getByTestId('auth-key-countdown')).toHaveTextContent('23 h 59 min 59 s');

    // The new key also heads the list, its text kept on this device.
    const items = screen.getAllByTestId('auth-key-item');
    expect(items[0]).toHaveAttribute('data-key-id', 'key_1');
    expect(items[0]).toHaveAttribute('data-state', 'live');
  });

  it('shows progress while generating and turns the button off', async () => {
    realTimersOnTestDate();
    const { backend, user } = setup({ manual: true });
    await backend.command('vehicle').pending[0]!.resolve();
    await backend.command('authKeys').pending[0]!.resolve();
    await user.click(screen.getByTestId('auth-key-generate'));
    expect(screen.getByTestId('auth-key-generate')).toBeDisabled();
    expect(screen.getByTestId('auth-key-generate')).toHaveTextContent('Generating…');
    await user.click(screen.getByTestId('auth-key-generate'));
    expect(backend.command('generateAuthKey').calls).toHaveLength(1);
    await backend.command('generateAuthKey').pending[0]!.resolve();
    expect(screen.getByTestId('auth-key-generate')).toBeEnabled();
    expect(screen.getByTestId('auth-key-value')).toBeInTheDocument();
  });

  it('hides the countdown once the key expired and offers a new one', async () => {
    let made = 0;
    const { backend, user } = setup({
      generateAuthKey: () => {
        made++;
        return newKey({ id: `key_${made}`, expiresAt: new Date(Date.now() + 3000).toISOString() });
      },
    });
    await settle();
    await user.click(screen.getByTestId('auth-key-generate'));
    await settle();
    expect(screen.getByTestId('auth-key-countdown')).toHaveAttribute('data-seconds', '3');
    await settle(3000);
    expect(screen.queryByTestId('auth-key-countdown')).not.toBeInTheDocument();
    expect(screen.queryByTestId('auth-key-copy')).not.toBeInTheDocument();
    expect(screen.getByTestId('auth-key-expired')).toHaveTextContent('expired');
    expect(screen.getAllByTestId('auth-key-item')[0]).toHaveAttribute('data-state', 'expired');

    await user.click(screen.getByTestId('auth-key-renew'));
    await settle();
    expect(backend.command('generateAuthKey').calls).toHaveLength(2);
    expect(screen.getByTestId('auth-key-countdown')).toBeInTheDocument();
    expect(screen.queryByTestId('auth-key-expired')).not.toBeInTheDocument();
  });

  it('copies the key without spaces, or says to copy it by hand', async () => {
    realTimersOnTestDate();
    const { user } = setup();
    await user.click(await screen.findByTestId('auth-key-generate'));
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await user.click(await screen.findByTestId('auth-key-copy'));
    expect(write).toHaveBeenCalledWith('Ab3dEfG7hJ2mN4qR');
    expect(await screen.findByTestId('auth-key-copy-status')).toHaveTextContent('Copied');

    write.mockRejectedValue(new Error('denied'));
    await user.click(screen.getByTestId('auth-key-copy'));
    await waitFor(() => expect(screen.getByTestId('auth-key-copy-status')).toHaveAttribute('data-copied', 'false'));
    expect(screen.getByTestId('auth-key-copy-status')).toHaveTextContent('copy it by hand');
  });

  it.each([
    ['phone_required', 'Add your phone number in Account'],
    ['auth_key_limit', 'already has 3 valid keys'],
    ['auth_key_daily_limit', '5 keys today'],
    ['vehicle_not_active', 'linked and active'],
    ['owner_only', 'Only the car’s owner'],
    ['phone_too_new', 'changed in the last 24 hours'],
    ['vehicle_reported_stolen', 'withdraw the report'],
  ])('explains %s and what to do', async (code, advice) => {
    const { user } = setup({
      generateAuthKey: () => Promise.reject(appError(code, `Server says ${code}.`)),
    });
    await settle();
    await user.click(screen.getByTestId('auth-key-generate'));
    await settle();
    const error = screen.getByTestId('auth-key-error');
    expect(error).toHaveAttribute('data-code', code);
    expect(error).toHaveTextContent(`Server says ${code}.`);
    expect(screen.getByTestId('auth-key-error-advice')).toHaveTextContent(advice);
    expect(screen.queryByTestId('auth-key-value')).not.toBeInTheDocument();
    if (code === 'phone_required') {
      expect(screen.getByTestId('auth-key-add-phone')).toHaveAttribute('href', '#/account');
    } else {
      expect(screen.queryByTestId('auth-key-add-phone')).not.toBeInTheDocument();
    }
  });

  it('lists the car’s keys with their state, reason and times, and shows a kept key on request', async () => {
    const { user } = setup({
      authKeys: [
        authKeyItem({ id: 'key_live', reason: 'head_unit_reset' }, 'Zz9y Xx8w Vv7u Tt6s'),
        authKeyItem({ id: 'key_other', reason: 'new_device' }),
        authKeyItem({ id: 'key_used', state: 'used', usedAt: '2026-11-22T12:30:00Z', createdAt: '2026-11-22T12:00:00Z' }),
        authKeyItem({ id: 'key_old', state: 'expired', createdAt: '2026-11-20T09:00:00Z', expiresAt: '2026-11-21T09:00:00Z' }),
        authKeyItem({ id: 'key_revoked', state: 'revoked', createdAt: '2026-11-23T08:00:00Z' }),
      ],
    });
    await settle();
    const items = screen.getAllByTestId('auth-key-item');
    expect(items.map((item) => [item.getAttribute('data-key-id'), item.getAttribute('data-state')])).toEqual([
      ['key_live', 'live'],
      ['key_other', 'live'],
      ['key_used', 'used'],
      ['key_old', 'expired'],
      ['key_revoked', 'revoked'],
    ]);
    // A revoked key says so, and why, even before its 24 hours are over; it cannot be shown.
    expect(within(items[4]!).getByTestId('auth-key-item-state')).toHaveTextContent('Revoked');
    expect(within(items[4]!).getByTestId('auth-key-item-why')).toHaveTextContent(
      'the car was reported stolen or sold, or its SMS code was entered wrong too often',
    );
    expect(within(items[4]!).queryByTestId('auth-key-item-show')).not.toBeInTheDocument();
    expect(within(items[4]!).getByTestId('auth-key-item-times')).not.toHaveTextContent('expires');
    expect(within(items[0]!).queryByTestId('auth-key-item-why')).not.toBeInTheDocument();
    expect(within(items[0]!).getByTestId('auth-key-item-reason')).toHaveTextContent('After a head-unit reset');
    expect(within(items[0]!).getByTestId('auth-key-item-times')).toHaveTextContent('expires');
    expect(within(items[2]!).getByTestId('auth-key-item-state')).toHaveTextContent('Used');
    expect(within(items[2]!).getByTestId('auth-key-item-times')).toHaveTextContent('used');
    expect(within(items[3]!).getByTestId('auth-key-item-times')).toHaveTextContent('expired');

    // Only a live key this device keeps can be shown; the others never had their text here.
    expect(within(items[1]!).queryByTestId('auth-key-item-show')).not.toBeInTheDocument();
    expect(within(items[2]!).queryByTestId('auth-key-item-show')).not.toBeInTheDocument();
    expect(within(items[3]!).queryByTestId('auth-key-item-show')).not.toBeInTheDocument();

    const show = within(items[0]!).getByTestId('auth-key-item-show');
    expect(within(items[0]!).queryByTestId('auth-key-item-value')).not.toBeInTheDocument();
    await user.click(show);
    expect(show).toHaveAttribute('aria-pressed', 'true');
    expect(within(items[0]!).getByTestId('auth-key-item-value')).toHaveTextContent('Zz9y Xx8w Vv7u Tt6s');
    await user.click(show);
    expect(within(items[0]!).queryByTestId('auth-key-item-value')).not.toBeInTheDocument();
  });

  it('says when the car has no keys yet and explains how to use one', async () => {
    setup();
    await settle();
    expect(screen.getByTestId('auth-key-list-empty')).toBeInTheDocument();
    const steps = screen.getByTestId('auth-keys-instructions');
    expect(steps).toHaveTextContent('Enter authentication key');
    expect(steps).toHaveTextContent('without spaces or hyphens');
    expect(steps).toHaveTextContent('24 hours');
    expect(steps).toHaveTextContent('Three wrong entries lock the head unit');
    expect(steps).toHaveTextContent('battery does not help');
    expect(steps).toHaveTextContent('SMS');
    expect(steps).toHaveTextContent('key generator');
  });

  it('makes no key for a car reported stolen, says why before any tap, and still lists its keys', async () => {
    const { backend } = setup({
      vehicle: stolenVehicle(),
      authKeys: [authKeyItem({ id: 'key_revoked', state: 'revoked' })],
    });
    await settle();
    expect(screen.getByTestId('auth-key-generate')).toBeDisabled();
    expect(screen.getByTestId('auth-key-reason-software_update')).toBeDisabled();
    const lock = screen.getByTestId('auth-key-lock');
    expect(lock).toHaveTextContent('Reported stolen: remote commands are blocked until you withdraw the report');
    expect(screen.getByTestId('auth-key-lock-withdraw')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(screen.getByTestId('auth-key-item')).toHaveAttribute('data-state', 'revoked');
    expect(backend.command('generateAuthKey').calls).toHaveLength(0);
  });

  it('explains to a driver that only the owner makes keys, and asks nothing more', async () => {
    const { backend } = setup({ vehicle: vehicle({ role: 'driver', ownerNickname: 'marie' }) });
    await settle();
    expect(screen.getByTestId('auth-keys-driver')).toHaveTextContent('Only the car’s owner, marie');
    expect(backend.command('authKeys').calls).toHaveLength(0);
    expect(screen.queryByTestId('auth-key-generate')).not.toBeInTheDocument();
  });
});
