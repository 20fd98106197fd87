import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SentInvitation } from '../bindings';
import { loadedSession, mockBackend, screenContext } from '../app/test-support';
import { account, appError, done, drivers, stolenVehicle, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import { formatDateTime } from './format';
import VehicleScreen from './VehicleScreen.svelte';

const TEAM = drivers({
  drivers: [
    { accountId: 'acc_anna', nickname: 'anna_k', since: '2026-10-01T09:00:00Z' },
    { accountId: 'acc_ben', nickname: 'ben_r', since: '2026-11-01T09:00:00Z' },
  ],
  invitations: [{ id: 'sinv_1', email: 'carla@example.com', sentAt: '2026-11-20T09:00:00Z' }],
});

function setup(options: MockBackendOptions = {}, id = 'veh_qashqai') {
  const backend = mockBackend({
    vehicle: vehicle({
      entitlements: [
        { feature: 'remote_start', label: 'Remote engine start', entitlement: { status: 'available' } },
        {
          feature: 'geofence_alerts',
          label: 'Geofence alerts',
          entitlement: { status: 'locked', code: 'subscription_required', reason: 'Needs Trial or Premium.', unlock: 'Subscribe to Premium.' },
        },
      ],
    }),
    drivers: TEAM,
    removeDriver: done(),
    cancelInvitation: done(),
    removeVehicle: done(),
    leaveVehicle: done(),
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = userEvent.setup();
  render(VehicleScreen, {
    props: { params: new URLSearchParams(id ? { id } : {}) },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

describe('Vehicle', () => {
  it('shows the car, its role and its subscription', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('vehicle-loading')).toBeInTheDocument();
    expect(await screen.findByTestId('vehicle-model')).toHaveTextContent('Qashqai 2025');
    expect(backend.command('vehicle').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByTestId('vehicle-vin')).toHaveTextContent('•••••••••••512207');
    expect(screen.getByTestId('screen-vehicle').textContent).not.toContain('SJNTAAJ11SU512207');
    expect(screen.getByTestId('vehicle-role')).toHaveTextContent('You own this car');
    expect(screen.getByTestId('vehicle-subscription-tier')).toHaveTextContent('Trial until');
    expect(screen.getByTestId('vehicle-warranty')).toHaveTextContent('Under warranty until');
    const features = screen.getAllByTestId('vehicle-feature');
    expect(features[1]).toHaveAttribute('data-status', 'locked');
    expect(features[1]).toHaveTextContent('Needs Trial or Premium. Subscribe to Premium.');
    expect(screen.queryByTestId('activation-steps')).not.toBeInTheDocument();
    expect(screen.getByTestId('vehicle-dashboard')).toHaveAttribute(
      'href',
      '#/dashboard?id=veh_qashqai',
    );
    expect(screen.getByTestId('vehicle-geofences')).toHaveAttribute('href', '#/vehicle/geofences?id=veh_qashqai');
    expect(screen.getByTestId('vehicle-auth-keys')).toHaveAttribute('href', '#/vehicle/auth-keys?id=veh_qashqai');
    expect(screen.getByTestId('vehicle-alerts')).toHaveAttribute('href', '#/vehicle/alerts?id=veh_qashqai');
  });

  it('shows the activation steps while the car is not active', async () => {
    setup({
      vehicle: vehicle({
        activation: { state: 'expired', linkedAt: '2026-11-20T10:00:00Z', expiresAt: '2026-11-21T10:00:00Z', confirmedAt: null, syncedAt: null },
      }),
    });
    expect(await screen.findByTestId('activation-steps')).toBeInTheDocument();
    expect(screen.getByTestId('activation-expired')).toBeInTheDocument();
    expect(screen.getByTestId('activation-restart')).toBeInTheDocument();
  });

  it('says which car is missing', async () => {
    setup({ vehicle: () => Promise.reject(appError('vehicle_not_found', 'This vehicle is not on your account.')) });
    const error = await screen.findByTestId('vehicle-error');
    expect(error).toHaveTextContent('This vehicle is not on your account.');
    expect(screen.getByTestId('vehicle-error-guidance')).toHaveTextContent('My vehicles');
  });

  it('asks to pick a car when none is given', () => {
    setup({}, '');
    expect(screen.getByTestId('vehicle-missing')).toBeInTheDocument();
  });

  describe('drivers (owner)', () => {
    it('lists drivers and invitations, and says what a driver may do', async () => {
      setup();
      const list = await screen.findByTestId('drivers-list');
      const rows = within(list).getAllByTestId('driver-row');
      expect(rows.map((row) => row.getAttribute('data-account-id'))).toEqual(['acc_anna', 'acc_ben']);
      expect(rows[0]).toHaveTextContent('anna_k');
      expect(rows[0]).toHaveTextContent('Driver since');
      const invitation = screen.getByTestId('drivers-invitation-row');
      expect(invitation).toHaveTextContent('carla@example.com');
      expect(invitation).toHaveTextContent('Invited on');
      const explain = screen.getByTestId('drivers-explain');
      expect(explain).toHaveTextContent('remote start and stop');
      expect(explain).toHaveTextContent('lock and unlock');
      expect(explain).toHaveTextContent('horn and lights');
      expect(explain).toHaveTextContent('geofences');
    });

    it('removes a driver after asking once more', async () => {
      const { backend, user } = setup();
      const [anna] = await screen.findAllByTestId('driver-row');
      await user.click(within(anna!).getByTestId('driver-remove'));
      expect(backend.command('removeDriver').calls).toHaveLength(0);
      await user.click(within(anna!).getByTestId('driver-remove-confirm'));
      expect(backend.command('removeDriver').calls).toEqual([['veh_qashqai', 'acc_anna']]);
      await waitFor(() => expect(screen.getAllByTestId('driver-row')).toHaveLength(1));
      expect(screen.getByTestId('driver-row')).toHaveAttribute('data-account-id', 'acc_ben');
    });

    it('keeps the driver when the removal is called off', async () => {
      const { backend, user } = setup();
      const [anna] = await screen.findAllByTestId('driver-row');
      await user.click(within(anna!).getByTestId('driver-remove'));
      await user.click(within(anna!).getByTestId('driver-remove-cancel'));
      expect(backend.command('removeDriver').calls).toHaveLength(0);
      expect(screen.getAllByTestId('driver-row')).toHaveLength(2);
    });

    it('withdraws an invitation', async () => {
      const { backend, user } = setup();
      await user.click(await screen.findByTestId('drivers-invitation-cancel'));
      expect(backend.command('cancelInvitation').calls).toEqual([['veh_qashqai', 'sinv_1']]);
      await waitFor(() => expect(screen.queryByTestId('drivers-invitation-row')).not.toBeInTheDocument());
    });

    it('invites a driver by email', async () => {
      const sent: SentInvitation = { id: 'sinv_2', email: 'dora@example.com', sentAt: '2026-11-23T10:00:00Z' };
      const { backend, user } = setup({ inviteDriver: sent });
      const email = await screen.findByTestId('drivers-invite-email');
      expect(screen.getByTestId('drivers-invite-submit')).toBeDisabled();
      await user.type(email, ' dora@example.com ');
      await user.click(screen.getByTestId('drivers-invite-submit'));
      expect(await screen.findByTestId('drivers-invite-done')).toHaveTextContent('dora@example.com');
      expect(backend.command('inviteDriver').calls).toEqual([['veh_qashqai', 'dora@example.com']]);
      expect(screen.getAllByTestId('drivers-invitation-row')).toHaveLength(2);
      expect(email).toHaveValue('');
    });

    it.each([
      ['driver_already_added', 'already drive'],
      ['cannot_invite_self', 'You own this car'],
      ['email_invalid', 'name@example.com'],
    ])('%s: says why, keeps the address', async (code, advice) => {
      const { user } = setup({
        inviteDriver: () => Promise.reject(appError(code, `Refused: ${code}.`, { field: 'email' })),
      });
      const email = await screen.findByTestId('drivers-invite-email');
      await user.type(email, 'anna@example.com');
      await user.click(screen.getByTestId('drivers-invite-submit'));
      const error = await screen.findByTestId('drivers-invite-error');
      expect(error).toHaveAttribute('data-code', code);
      expect(error).toHaveTextContent(`Refused: ${code}.`);
      expect(screen.getByTestId('drivers-invite-error-guidance')).toHaveTextContent(advice);
      expect(email).toHaveValue('anna@example.com');
      expect(email).toHaveAttribute('aria-invalid', 'true');
      expect(screen.queryByTestId('drivers-invite-done')).not.toBeInTheDocument();
    });
  });

  describe('removing the car', () => {
    it('explains what is erased, asks for the password and goes to My vehicles', async () => {
      const { backend, user } = setup();
      await user.click(await screen.findByTestId('vehicle-remove-open'));
      const panel = screen.getByTestId('vehicle-remove-panel');
      const erased = screen.getByTestId('vehicle-remove-erased');
      for (const what of ['geofence zones', 'alert', 'head-unit authentication keys', 'drivers', 'events and history']) {
        expect(erased).toHaveTextContent(what);
      }
      expect(panel).toHaveTextContent('On this device, Keyfob forgets the car’s saved status and the keys it kept');
      expect(panel).toHaveTextContent('factory settings');
      expect(screen.getByTestId('vehicle-remove-confirm')).toBeDisabled();
      await user.type(screen.getByTestId('vehicle-remove-password'), 'Secret123');
      await user.click(screen.getByTestId('vehicle-remove-confirm'));
      expect(backend.command('removeVehicle').calls).toEqual([['veh_qashqai', 'Secret123']]);
      await waitFor(() => expect(window.location.hash).toBe('#/vehicles?removed=Qashqai'));
    });

    it('shows a wrong password on the field and keeps the panel open', async () => {
      const { user } = setup({
        removeVehicle: () =>
          Promise.reject(appError('wrong_password', 'That password is not right.', { field: 'password' })),
      });
      await user.click(await screen.findByTestId('vehicle-remove-open'));
      const password = screen.getByTestId('vehicle-remove-password');
      await user.type(password, 'oops');
      await user.click(screen.getByTestId('vehicle-remove-confirm'));
      const error = await screen.findByTestId('vehicle-remove-error');
      expect(error).toHaveTextContent('That password is not right.');
      expect(password).toHaveAttribute('aria-invalid', 'true');
      expect(password).toHaveValue('oops');
      expect(window.location.hash).not.toContain('removed');
    });

    it('shows progress while removing', async () => {
      let finish: () => void = () => {};
      const { user } = setup({ removeVehicle: () => new Promise((resolve) => (finish = () => resolve(done()))) });
      await user.click(await screen.findByTestId('vehicle-remove-open'));
      await user.type(screen.getByTestId('vehicle-remove-password'), 'Secret123');
      await user.click(screen.getByTestId('vehicle-remove-confirm'));
      expect(screen.getByTestId('vehicle-remove-confirm')).toBeDisabled();
      expect(screen.getByTestId('vehicle-remove-confirm')).toHaveTextContent('Removing…');
      finish();
      await waitFor(() => expect(window.location.hash).toContain('removed=Qashqai'));
    });

    it('reports other failures', async () => {
      const { user } = setup({
        removeVehicle: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
      });
      await user.click(await screen.findByTestId('vehicle-remove-open'));
      await user.type(screen.getByTestId('vehicle-remove-password'), 'Secret123');
      await user.click(screen.getByTestId('vehicle-remove-confirm'));
      expect(await screen.findByTestId('vehicle-remove-error')).toHaveTextContent('Failed to connect');
      expect(screen.getByTestId('vehicle-remove-password')).toHaveAttribute('aria-invalid', 'false');
    });
  });

  describe('reporting the car stolen', () => {
    const STOLEN_AT = '2026-11-23T09:30:00Z';

    it('explains what a report does and sends it with the password', async () => {
      const { backend, user } = setup({
        reportStolen: (_id, _password) => stolenVehicle({ reportedStolenAt: STOLEN_AT }),
      });
      const section = await screen.findByTestId('vehicle-stolen');
      expect(section).toHaveAttribute('data-reported', 'false');
      expect(section).toHaveTextContent('Car stolen?');
      const explain = screen.getByTestId('stolen-explain');
      for (const what of [
        'refuses every remote command',
        'revokes its unused head-unit keys',
        'drivers’ access',
        'signs you out of Keyfob on your other devices',
        'last position and the updates it sends',
      ]) {
        expect(explain).toHaveTextContent(what);
      }
      expect(screen.queryByTestId('stolen-notice')).not.toBeInTheDocument();
      expect(await screen.findByTestId('drivers-invite-email')).toBeEnabled();

      await user.click(screen.getByTestId('stolen-report'));
      expect(screen.getByTestId('stolen-error')).toHaveTextContent('Type your Keyfob password');
      expect(backend.command('reportStolen').calls).toHaveLength(0);

      await user.type(screen.getByTestId('stolen-password'), 'Sandbox-Demo-2026');
      await user.click(screen.getByTestId('stolen-report'));
      expect(backend.command('reportStolen').calls).toEqual([['veh_qashqai', 'Sandbox-Demo-2026']]);

      const notice = await screen.findByTestId('stolen-notice');
      expect(notice).toHaveAttribute('data-reported-at', STOLEN_AT);
      expect(screen.getByTestId('stolen-notice-time')).toHaveTextContent(formatDateTime(STOLEN_AT));
      expect(notice).toHaveTextContent('Call the police and Nissan’s customer service line');
      expect(screen.getByTestId('stolen-notice-vin')).toHaveTextContent('SJNTAAJ11SU512207');
      expect(notice).toHaveTextContent('Never try to get the car back yourself');
      expect(screen.getByTestId('stolen-find-car')).toHaveAttribute('href', '#/vehicle/find?id=veh_qashqai');
      expect(screen.getByTestId('vehicle-stolen')).toHaveAttribute('data-reported', 'true');
      expect(screen.getByTestId('stolen-withdraw-password')).toHaveValue('');
      expect(screen.queryByTestId('stolen-report')).not.toBeInTheDocument();
      // The drivers lost their access: the list is read again, and no one can be invited.
      await waitFor(() => expect(backend.command('drivers').calls).toHaveLength(2));
      expect(await screen.findByTestId('drivers-invite-email')).toBeDisabled();
      expect(screen.getByTestId('drivers-invite-submit')).toBeDisabled();
      expect(screen.getByTestId('drivers-invite-lock')).toHaveTextContent(
        'Reported stolen: remote commands are blocked until you withdraw the report',
      );
    });

    it('shows progress while the report is sent', async () => {
      let finish: () => void = () => {};
      const { user } = setup({
        reportStolen: () => new Promise((resolve) => (finish = () => resolve(stolenVehicle()))),
      });
      await user.type(await screen.findByTestId('stolen-password'), 'Sandbox-Demo-2026');
      await user.click(screen.getByTestId('stolen-report'));
      expect(screen.getByTestId('stolen-report')).toBeDisabled();
      expect(screen.getByTestId('stolen-report')).toHaveTextContent('Reporting…');
      finish();
      expect(await screen.findByTestId('stolen-notice')).toBeInTheDocument();
    });

    it('shows a wrong password under the field and keeps what was typed', async () => {
      const { user } = setup({
        reportStolen: () =>
          Promise.reject(appError('wrong_password', 'That is not your current password.', { field: 'password' })),
      });
      const password = await screen.findByTestId('stolen-password');
      await user.type(password, 'Guess-1');
      await user.click(screen.getByTestId('stolen-report'));
      const error = await screen.findByTestId('stolen-error');
      expect(error).toHaveTextContent('That is not your current password.');
      expect(error).toHaveAttribute('role', 'alert');
      expect(password).toHaveAttribute('aria-invalid', 'true');
      expect(password).toHaveValue('Guess-1');
      expect(screen.queryByTestId('stolen-notice')).not.toBeInTheDocument();
    });

    it('counts down when there were too many wrong passwords', async () => {
      const { user } = setup({
        reportStolen: () =>
          Promise.reject(
            appError('too_many_attempts', 'Too many wrong passwords. Try again in 90 s, or reset your password.', {
              field: 'password',
              retryAfterSeconds: 90,
            }),
          ),
      });
      await user.type(await screen.findByTestId('stolen-password'), 'Guess-1');
      await user.click(screen.getByTestId('stolen-report'));
      const error = await screen.findByTestId('stolen-error');
      expect(error).toHaveAttribute('data-code', 'too_many_attempts');
      expect(error).toHaveTextContent('Too many wrong passwords.');
      expect(screen.getByTestId('stolen-error-countdown')).toHaveTextContent('1 min 30 s');
      // Not a problem of the field itself.
      expect(screen.getByTestId('stolen-password')).not.toHaveAttribute('aria-invalid');
    });

    it('shows the server’s word when the car was already reported, and shows it reported', async () => {
      let reads = 0;
      const { user } = setup({
        vehicle: () => (++reads === 1 ? vehicle() : stolenVehicle()),
        reportStolen: () =>
          Promise.reject(appError('vehicle_reported_stolen', 'This car is already reported stolen.', { field: 'password' })),
      });
      await user.type(await screen.findByTestId('stolen-password'), 'Sandbox-Demo-2026');
      await user.click(screen.getByTestId('stolen-report'));
      const error = await screen.findByTestId('stolen-error');
      expect(error).toHaveAttribute('data-code', 'vehicle_reported_stolen');
      expect(error).toHaveTextContent('This car is already reported stolen.');
      expect(await screen.findByTestId('stolen-notice')).toBeInTheDocument();
    });

    it('withdraws the report with the password once the car is back', async () => {
      const { backend, user } = setup({
        vehicle: stolenVehicle(),
        withdrawStolenReport: () => vehicle(),
      });
      const notice = await screen.findByTestId('stolen-notice');
      expect(notice).toHaveTextContent('Reported stolen');
      expect(screen.getByTestId('vehicle-stolen')).toHaveTextContent('I have the car back');
      expect(await screen.findByTestId('drivers-invite-email')).toBeDisabled();
      await user.type(screen.getByTestId('stolen-withdraw-password'), 'Sandbox-Demo-2026');
      await user.click(screen.getByTestId('stolen-withdraw'));
      expect(backend.command('withdrawStolenReport').calls).toEqual([['veh_qashqai', 'Sandbox-Demo-2026']]);
      await waitFor(() => expect(screen.queryByTestId('stolen-notice')).not.toBeInTheDocument());
      expect(screen.getByTestId('stolen-report')).toBeInTheDocument();
      await waitFor(() => expect(screen.getByTestId('drivers-invite-email')).toBeEnabled());
      expect(screen.queryByTestId('drivers-invite-lock')).not.toBeInTheDocument();
    });

    it('shows the server’s word when the report was already withdrawn', async () => {
      const { user } = setup({
        vehicle: stolenVehicle(),
        withdrawStolenReport: () =>
          Promise.reject(appError('vehicle_not_reported_stolen', 'This car is not reported stolen.', { field: 'password' })),
      });
      await user.type(await screen.findByTestId('stolen-withdraw-password'), 'Sandbox-Demo-2026');
      await user.click(screen.getByTestId('stolen-withdraw'));
      const error = await screen.findByTestId('stolen-error');
      expect(error).toHaveAttribute('data-code', 'vehicle_not_reported_stolen');
      expect(error).toHaveTextContent('This car is not reported stolen.');
    });

    it('is not offered before the car is active, nor to a driver', async () => {
      setup({
        vehicle: vehicle({
          activation: { state: 'pending', linkedAt: '2026-11-23T09:00:00Z', expiresAt: '2026-11-24T09:00:00Z', confirmedAt: null, syncedAt: null },
        }),
      });
      await screen.findByTestId('vehicle-model');
      expect(screen.queryByTestId('vehicle-stolen')).not.toBeInTheDocument();
      cleanup();
      setup({ vehicle: vehicle({ role: 'driver', ownerNickname: 'anna_k' }) });
      await screen.findByTestId('vehicle-model');
      expect(screen.queryByTestId('vehicle-stolen')).not.toBeInTheDocument();
    });
  });

  describe('as a driver', () => {
    const driverCar = vehicle({ role: 'driver', ownerNickname: 'anna_k' });

    it('shows no owner tools, and leaves after asking once more', async () => {
      const { backend, user } = setup({ vehicle: driverCar });
      expect(await screen.findByTestId('vehicle-role')).toHaveTextContent('belongs to anna_k');
      expect(screen.queryByTestId('drivers-list')).not.toBeInTheDocument();
      expect(screen.queryByTestId('vehicle-remove-open')).not.toBeInTheDocument();
      expect(screen.queryByTestId('vehicle-geofences')).not.toBeInTheDocument();
      expect(screen.queryByTestId('vehicle-auth-keys')).not.toBeInTheDocument();
      expect(screen.queryByTestId('vehicle-alerts')).not.toBeInTheDocument();
      expect(backend.command('drivers').calls).toHaveLength(0);

      await user.click(screen.getByTestId('vehicle-leave'));
      expect(backend.command('leaveVehicle').calls).toHaveLength(0);
      await user.click(screen.getByTestId('vehicle-leave-confirm'));
      expect(backend.command('leaveVehicle').calls).toEqual([['veh_qashqai']]);
      await waitFor(() => expect(window.location.hash).toBe('#/vehicles'));
    });

    it('can call leaving off', async () => {
      const { backend, user } = setup({ vehicle: driverCar });
      await user.click(await screen.findByTestId('vehicle-leave'));
      await user.click(screen.getByTestId('vehicle-leave-cancel'));
      expect(screen.getByTestId('vehicle-leave')).toBeInTheDocument();
      expect(backend.command('leaveVehicle').calls).toHaveLength(0);
    });
  });

  it('goes to Sign in when the session ended', async () => {
    const { session } = setup({
      vehicle: () => Promise.reject(appError('session_expired', 'Your session has ended.')),
    });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
  });
});
