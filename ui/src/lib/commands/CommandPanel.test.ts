import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeatureEntitlement, StatusConcerns, Vehicle, VehicleStatus } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, engineVehicle, evVehicle, stolenVehicle, vehicle } from '../backend/fixtures';
import type { MockBackend, MockBackendOptions } from '../backend/mock';
import { NO_CONCERNS, NOW, evStatus, vehicleStatus } from '../dashboard/test-fixtures';
import CommandPanel from './CommandPanel.svelte';
import { command, commandUpdate, commandView } from './test-fixtures';

const START = { kind: 'engine_start', climateTargetC: 21 } as const;

function lockedStart(): FeatureEntitlement {
  return {
    feature: 'remote_start',
    label: 'Remote engine start',
    entitlement: {
      status: 'locked',
      code: 'subscription_required',
      reason: 'Remote engine start needs a Trial or Premium subscription; this car is on Basic.',
      unlock: 'Buy Premium for this car under Subscription.',
    },
  };
}

function available(car: Vehicle = vehicle()): Vehicle {
  const features = ['status', 'remote_start', 'lock_unlock', 'horn_lights', 'diagnostics', 'send_to_car'] as const;
  return {
    ...car,
    entitlements: features.map((feature) => ({ feature, label: feature, entitlement: { status: 'available' } })),
  };
}

interface Setup {
  car?: Vehicle;
  status?: VehicleStatus | null;
  concerns?: StatusConcerns;
  offlineReason?: string | null;
  options?: MockBackendOptions;
}

function setup({ car = available(), status = vehicleStatus(), concerns = NO_CONCERNS, offlineReason = null, options = {} }: Setup = {}) {
  const backend = mockBackend(options);
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  const oncheckstatus = vi.fn();
  const result = render(CommandPanel, {
    props: { vehicle: car, vehicleId: car.id, status, concerns, offlineReason, oncheckstatus },
    context: screenContext(backend, session),
  });
  return { backend, user, oncheckstatus, ...result };
}

function push(backend: MockBackend, ...args: Parameters<typeof commandUpdate>) {
  backend.emitVehicleCommand(commandUpdate(...args));
}

describe('CommandPanel', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('greys out a locked feature with the reason and the way to unlock it, before any tap', () => {
    const car = available();
    car.entitlements = car.entitlements.map((row) => (row.feature === 'remote_start' ? lockedStart() : row));
    const { backend } = setup({ car });
    expect(screen.getByTestId('engine-start')).toBeDisabled();
    expect(screen.getByTestId('engine-lock')).toHaveTextContent('this car is on Basic');
    expect(screen.getByTestId('engine-lock-subscribe')).toHaveAttribute('href', '#/vehicle/subscription?id=veh_qashqai');
    // The other features stay usable.
    expect(screen.getByTestId('command-lock')).toBeEnabled();
    expect(backend.command('sendCommand').calls).toHaveLength(0);
  });

  it('greys every command of a car reported stolen with the reason, before any tap', () => {
    const { backend } = setup({ car: available(stolenVehicle()) });
    for (const id of ['engine-start', 'engine-climate', 'command-lock', 'command-unlock', 'command-horn-lights', 'command-lights']) {
      expect(screen.getByTestId(id)).toBeDisabled();
    }
    for (const card of ['engine-card', 'locks-card', 'signal-card']) {
      expect(screen.getByTestId(card)).toHaveAttribute('data-access', 'locked');
    }
    for (const lock of ['engine-lock', 'locks-card-lock', 'signal-card-lock']) {
      const note = screen.getByTestId(lock);
      expect(note).toHaveTextContent('Reported stolen: remote commands are blocked until you withdraw the report');
      expect(note).toHaveAttribute('data-reason', 'reported_stolen');
      expect(screen.queryByTestId(`${lock}-subscribe`)).not.toBeInTheDocument();
      expect(screen.getByTestId(`${lock}-withdraw`)).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    }
    // Finding the car stays: the owner follows it for the police.
    expect(screen.getByTestId('dashboard-find-car')).toHaveAttribute('href', '#/vehicle/find?id=veh_qashqai');
    expect(backend.command('sendCommand').calls).toHaveLength(0);
  });

  it('lists what the last status already fails and holds the start back', () => {
    setup({
      concerns: {
        ...NO_CONCERNS,
        engineStartProblems: [
          { code: 'hood_open', message: 'The hood (bonnet) is open. Close it firmly.' },
          { code: 'doors_unlocked', message: 'The car is unlocked. Lock it first.' },
        ],
      },
    });
    const problems = screen.getAllByTestId('engine-problem');
    expect(problems.map((p) => p.dataset.code)).toEqual(['hood_open', 'doors_unlocked']);
    expect(problems[0]).toHaveTextContent('Close it firmly');
    expect(screen.getByTestId('engine-start')).toBeDisabled();
  });

  it('starts with the climate target and follows the command to running', async () => {
    const { backend, user } = setup({ options: { sendCommand: commandView(command(START)) } });
    await user.selectOptions(screen.getByTestId('engine-climate'), '23');
    await user.click(screen.getByTestId('engine-start'));
    const [, kind, key] = backend.command('sendCommand').lastCall ?? [];
    expect(kind).toEqual({ kind: 'engine_start', climateTargetC: 23 });
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const timeline = await screen.findByTestId('engine-timeline');
    expect(within(timeline).getByTestId('engine-timeline-step-sent')).toHaveAttribute('data-state', 'done');
    push(backend, command(START, { state: 'delivered' }));
    await waitFor(() => expect(screen.getByTestId('engine-timeline-step-delivered')).toHaveAttribute('data-state', 'done'));
    push(backend, command(START, { state: 'running' }));
    await waitFor(() => expect(screen.getByTestId('engine-timeline-step-running')).toHaveAttribute('data-state', 'done'));
  });

  it('counts the run down and offers Extend and Stop', async () => {
    const status = vehicleStatus({ engineRunning: true });
    status.remoteRunEndsAt = new Date(NOW.getTime() + 125_000).toISOString();
    const { backend, user } = setup({ status, options: { sendCommand: commandView(command({ kind: 'engine_stop' })) } });
    expect(screen.getByTestId('engine-remaining')).toHaveTextContent('2 min 05 s');
    await vi.advanceTimersByTimeAsync(5_000);
    // Exactly "2 min": the seconds ticked away (a bare substring would also match "2 min 05 s").
    expect(screen.getByTestId('engine-remaining')).toHaveTextContent(/^2 min$/);
    await user.click(screen.getByTestId('engine-stop'));
    expect(backend.command('sendCommand').lastCall?.[1]).toEqual({ kind: 'engine_stop' });
    expect(screen.getByTestId('engine-extend')).toBeInTheDocument();
  });

  it('shows a refusal, an expiry and an unknown outcome honestly, never sending again alone', async () => {
    const { backend, user, oncheckstatus } = setup({ options: { sendCommand: commandView(command({ kind: 'lock' })) } });
    await user.click(screen.getByTestId('command-lock'));
    push(backend, command({ kind: 'lock' }, { state: 'expired' }), 'The car could not be reached within 2 minutes.');
    const result = await screen.findByTestId('locks-card-timeline-result');
    expect(result).toHaveTextContent('Not delivered');
    expect(screen.getByTestId('locks-card-timeline-explanation')).toHaveTextContent('could not be reached');
    await user.click(screen.getByTestId('locks-card-timeline-check-status'));
    expect(oncheckstatus).toHaveBeenCalledOnce();
    expect(backend.command('sendCommand').calls).toHaveLength(1);
  });

  it('asks for the password before an unlock and then sends the same attempt', async () => {
    let confirmed = false;
    const { backend, user } = setup({
      options: {
        sendCommand: () =>
          confirmed
            ? Promise.resolve(commandView(command({ kind: 'unlock' })))
            : Promise.reject(appError('identity_required', 'Confirm it is you.')),
        confirmIdentity: () => {
          confirmed = true;
          return Promise.resolve({ pinSet: false, confirmedForSeconds: 300 });
        },
      },
    });
    await user.click(screen.getByTestId('command-unlock'));
    await user.type(await screen.findByTestId('identity-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('identity-submit'));
    await waitFor(() => expect(screen.queryByTestId('identity-dialog')).not.toBeInTheDocument());
    expect(backend.command('confirmIdentity').lastCall).toEqual([{ kind: 'password', password: 'Sandbox-Demo-2026' }]);
    const keys = backend.command('sendCommand').calls.map((call) => call[2]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await screen.findByTestId('locks-card-timeline');
  });

  it('offers the PIN when one is set and shows a wrong one at the field', async () => {
    const { user } = setup({
      options: {
        sendCommand: () => Promise.reject(appError('identity_required', 'Confirm it is you.')),
        identityState: { pinSet: true, confirmedForSeconds: null },
        confirmIdentity: () =>
          Promise.reject({ ...appError('wrong_pin', 'That PIN is wrong. 4 tries left.'), field: 'pin' }),
      },
    });
    await user.click(screen.getByTestId('command-unlock'));
    await user.type(await screen.findByTestId('identity-pin'), '1234');
    await user.click(screen.getByTestId('identity-submit'));
    expect(await screen.findByText('That PIN is wrong. 4 tries left.')).toBeInTheDocument();
    await user.click(screen.getByTestId('identity-switch'));
    expect(screen.getByTestId('identity-password')).toBeInTheDocument();
  });

  it('falls back to the password when the PIN was switched off by wrong tries', async () => {
    const { user } = setup({
      options: {
        sendCommand: () => Promise.reject(appError('identity_required', 'Confirm it is you.')),
        identityState: { pinSet: true, confirmedForSeconds: null },
        confirmIdentity: () =>
          Promise.reject(
            appError('pin_disabled', 'Five wrong PINs: the app PIN is switched off. Use your password.', { field: 'pin' }),
          ),
      },
    });
    await user.click(screen.getByTestId('command-unlock'));
    await user.type(await screen.findByTestId('identity-pin'), '1234');
    await user.click(screen.getByTestId('identity-submit'));
    expect(await screen.findByTestId('identity-password')).toBeInTheDocument();
    expect(screen.queryByTestId('identity-pin')).not.toBeInTheDocument();
    expect(screen.queryByTestId('identity-switch')).not.toBeInTheDocument();
    const error = screen.getByTestId('identity-error');
    expect(error).toHaveAttribute('data-code', 'pin_disabled');
    expect(error).toHaveTextContent('the app PIN is switched off');
    // Said above the form, not as a problem of the password field.
    expect(screen.queryByTestId('identity-password-error')).not.toBeInTheDocument();
  });

  it('links the owner to the car’s geofences, alerts and authentication keys, and not a driver', () => {
    const { unmount } = setup();
    expect(screen.getByTestId('dashboard-geofences')).toHaveAttribute('href', '#/vehicle/geofences?id=veh_qashqai');
    expect(screen.getByTestId('dashboard-alerts')).toHaveAttribute('href', '#/vehicle/alerts?id=veh_qashqai');
    expect(screen.getByTestId('dashboard-auth-keys')).toHaveAttribute('href', '#/vehicle/auth-keys?id=veh_qashqai');
    unmount();
    setup({ car: available(vehicle({ role: 'driver' })) });
    expect(screen.getByTestId('dashboard-diagnostics')).toBeInTheDocument();
    expect(screen.queryByTestId('dashboard-geofences')).not.toBeInTheDocument();
    expect(screen.queryByTestId('dashboard-alerts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('dashboard-auth-keys')).not.toBeInTheDocument();
  });

  it('turns every command off with the reason while offline', () => {
    setup({ offlineReason: 'No connection to the server, so commands are off until it is back.' });
    for (const id of ['engine-start', 'command-lock', 'command-unlock', 'command-horn-lights']) {
      expect(screen.getByTestId(id)).toBeDisabled();
    }
    expect(screen.getByTestId('locks-card-offline')).toHaveTextContent('No connection');
  });

  it('shows a car with an engine its Engine card and no EV cards', () => {
    const { unmount } = setup({ car: engineVehicle() });
    expect(screen.getByTestId('engine-card')).toBeInTheDocument();
    expect(screen.queryByTestId('charging-card')).not.toBeInTheDocument();
    expect(screen.queryByTestId('climate-card')).not.toBeInTheDocument();
    unmount();
    // Before its first status, the table alone tells.
    setup({ car: engineVehicle(), status: null });
    expect(screen.getByTestId('engine-card')).toBeInTheDocument();
    expect(screen.queryByTestId('charging-card')).not.toBeInTheDocument();
  });

  it('shows an EV its Charging and Climate cards in place of the Engine card', () => {
    const first = setup({ car: evVehicle(), status: evStatus() });
    expect(screen.getByTestId('charging-card')).toBeInTheDocument();
    expect(screen.getByTestId('climate-card')).toBeInTheDocument();
    expect(screen.queryByTestId('engine-card')).not.toBeInTheDocument();
    expect(screen.queryByTestId('engine-start')).not.toBeInTheDocument();
    // The other commands stay.
    expect(screen.getByTestId('locks-card')).toBeInTheDocument();
    expect(screen.getByTestId('signal-card')).toBeInTheDocument();
    first.unmount();

    // No status yet: the entitlement table says it is electric.
    const second = setup({ car: evVehicle(), status: null });
    expect(screen.getByTestId('charging-card')).toBeInTheDocument();
    expect(screen.getByTestId('charging-state')).toHaveTextContent('No report from the car yet');
    expect(screen.getByTestId('climate-state')).toHaveTextContent('No report from the car yet');
    expect(screen.queryByTestId('engine-card')).not.toBeInTheDocument();
    second.unmount();

    // A table without the EV rows: the status says it is electric.
    setup({ car: available(), status: evStatus() });
    expect(screen.getByTestId('charging-card')).toBeInTheDocument();
    expect(screen.queryByTestId('engine-card')).not.toBeInTheDocument();
  });

  it('retries a send lost on the way with the same key', async () => {
    const { backend, user } = setup({
      options: { sendCommand: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) },
    });
    await user.click(screen.getByTestId('command-horn-lights'));
    const retry = await screen.findByRole('button', { name: /try again/i });
    backend.command('sendCommand').answer = commandView(command({ kind: 'horn_and_lights' }));
    await user.click(retry);
    const keys = backend.command('sendCommand').calls.map((call) => call[2]);
    expect(keys).toEqual([keys[0], keys[0]]);
  });
});
