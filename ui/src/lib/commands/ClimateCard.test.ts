import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandKind, StatusConcerns, Vehicle, VehicleStatus } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, entitlementTable, evVehicle, NO_ENGINE } from '../backend/fixtures';
import type { MockBackend, MockBackendOptions } from '../backend/mock';
import { NO_CONCERNS, NOW, evStatus } from '../dashboard/test-fixtures';
import CommandPanel from './CommandPanel.svelte';
import { localInputValue } from './ev';
import { command, commandUpdate, commandView } from './test-fixtures';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const NOT_ON = { code: 'climate_not_on', message: 'The climate is not running, so there is nothing to stop.' } as const;
const CHARGE_LOW = {
  code: 'climate_charge_low',
  message: 'The battery is at 15 %; climate without a charger needs more than 20 %. Plug the car in, then try again.',
} as const;

/** Climate off: it can go on, and there is nothing to switch off. */
const OFF: StatusConcerns = { ...NO_CONCERNS, climateOffProblems: [NOT_ON] };

interface Setup {
  car?: Vehicle;
  status?: VehicleStatus | null;
  concerns?: StatusConcerns;
  offlineReason?: string | null;
  options?: MockBackendOptions;
}

function setup({ car = evVehicle(), status = evStatus(), concerns = OFF, offlineReason = null, options = {} }: Setup = {}) {
  const backend = mockBackend({
    sendCommand: (_vehicleId: string, kind: CommandKind) => commandView(command(kind, undefined, { vehicleId: car.id })),
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  const oncheckstatus = vi.fn();
  const result = render(CommandPanel, {
    props: { vehicle: car, vehicleId: car.id, status, concerns, offlineReason, oncheckstatus },
    context: screenContext(backend, session),
  });
  return { backend, user, oncheckstatus, ...result };
}

function push(backend: MockBackend, kind: CommandKind, state: Parameters<typeof command>[1], explanation: string | null = null) {
  backend.emitVehicleCommand(commandUpdate(command(kind, state, { vehicleId: 'veh_leaf' }), explanation));
}

function typeStart(value: string) {
  return fireEvent.input(screen.getByTestId('climate-start-at'), { target: { value } });
}

const sent = (backend: MockBackend) => backend.command('sendCommand').calls.map((call) => call[1]);

describe('Climate card', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('shows the climate off with the cabin, the outside and the age, and the battery note', () => {
    setup();
    const state = screen.getByTestId('climate-state');
    expect(state).toHaveAttribute('data-state', 'off');
    expect(state).toHaveTextContent('Off');
    expect(screen.getByTestId('climate-cabin')).toHaveTextContent('9 °C');
    expect(screen.getByTestId('climate-outside')).toHaveTextContent('8 °C');
    expect(screen.getByTestId('climate-age')).toHaveTextContent('Reported 3 min ago');
    expect(screen.getByTestId('climate-note')).toHaveTextContent(
      'On the battery the climate runs about 15 minutes, then stops by itself. On a charger it runs longer and draws from the charger, not the battery.',
    );
    expect(screen.getByTestId('climate-target')).toHaveValue('21');
    expect(screen.getByTestId('climate-start-at')).toHaveValue('');
    expect(screen.getByTestId('command-climate-on')).toHaveTextContent('Climate on');
    expect(screen.getByTestId('command-climate-on')).toBeEnabled();
    expect(screen.getByTestId('command-climate-off')).toBeDisabled();
    expect(screen.getByLabelText('Target')).toBe(screen.getByTestId('climate-target'));
    expect(screen.getByLabelText('Start at (optional)')).toBe(screen.getByTestId('climate-start-at'));
  });

  it('counts a running climate down to when it stops by itself', async () => {
    setup({
      status: evStatus({
        climate: { on: true, targetC: 22, cabinC: 14, endsAt: new Date(NOW.getTime() + 750_000).toISOString() },
      }),
      concerns: NO_CONCERNS,
    });
    const state = screen.getByTestId('climate-state');
    expect(state).toHaveAttribute('data-state', 'on');
    expect(state).toHaveTextContent('On, to 22 °C');
    expect(screen.getByTestId('climate-countdown')).toHaveAttribute('role', 'timer');
    expect(screen.getByTestId('climate-remaining')).toHaveTextContent('12 min 30 s');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(screen.getByTestId('climate-remaining')).toHaveTextContent('12 min 25 s');
    await vi.advanceTimersByTimeAsync(25_000);
    expect(screen.getByTestId('climate-remaining')).toHaveTextContent(/^12 min$/);
    expect(screen.getByTestId('climate-cabin')).toHaveTextContent('14 °C');
    expect(screen.getByTestId('command-climate-off')).toBeEnabled();
  });

  it('shows a start set for later, which Climate off cancels', () => {
    const at = '2026-11-24T06:30:00Z';
    setup({ status: evStatus({ climate: { scheduledFor: at, targetC: 20 } }), concerns: NO_CONCERNS });
    expect(screen.getByTestId('climate-state')).toHaveAttribute('data-state', 'scheduled');
    expect(screen.getByTestId('climate-state')).toHaveTextContent(/Set to start .+, to 20 °C/);
    expect(screen.getByTestId('climate-scheduled-for')).toHaveAttribute('datetime', at);
    expect(screen.getByTestId('climate-off-cancels')).toHaveTextContent('also cancels the start set for later');
    expect(screen.getByTestId('command-climate-off')).toBeEnabled();
  });

  it('switches the climate on now at the chosen target, and follows it live', async () => {
    const { backend, user } = setup();
    await user.selectOptions(screen.getByTestId('climate-target'), '23');
    await user.click(screen.getByTestId('command-climate-on'));
    // No start time: it starts now, so the command carries none.
    expect(sent(backend)).toEqual([{ kind: 'climate_on', targetC: 23 }]);
    expect(backend.command('sendCommand').lastCall?.[0]).toBe('veh_leaf');
    const timeline = await screen.findByTestId('climate-card-timeline');
    expect(within(timeline).getByRole('list', { name: 'Climate on: progress' })).toBeInTheDocument();
    push(backend, { kind: 'climate_on', targetC: 23 }, { state: 'delivered' });
    await waitFor(() => expect(screen.getByTestId('climate-card-timeline-step-delivered')).toHaveAttribute('data-state', 'done'));
    push(backend, { kind: 'climate_on', targetC: 23 }, { state: 'succeeded' });
    expect(await screen.findByTestId('climate-card-timeline-result')).toHaveTextContent('Climate on: done.');
  });

  it('sets a start for later, sent as UTC', async () => {
    const { backend, user } = setup();
    // Two hours after the tests' noon UTC, typed in this device's own time.
    await typeStart(localInputValue(NOW.getTime() + 120 * MINUTE));
    expect(screen.getByTestId('command-climate-on')).toHaveTextContent('Schedule climate');
    await user.click(screen.getByTestId('command-climate-on'));
    expect(sent(backend)).toEqual([{ kind: 'climate_on', targetC: 21, startAt: '2026-11-23T14:00:00Z' }]);
    expect(screen.queryByTestId('climate-start-at-error')).not.toBeInTheDocument();
  });

  it('refuses a start time that has passed, before sending', async () => {
    const { backend, user } = setup();
    await typeStart(localInputValue(NOW.getTime() - 5 * MINUTE));
    await user.click(screen.getByTestId('command-climate-on'));
    const error = screen.getByTestId('climate-start-at-error');
    expect(error).toHaveTextContent(/^That time has passed\. Choose a start after .+, or clear the field to start now\.$/);
    const input = screen.getByTestId('climate-start-at');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/That time has passed/);
    expect(input).toHaveFocus();
    expect(sent(backend)).toEqual([]);
    // Typing again clears it; a good time then goes.
    await typeStart(localInputValue(NOW.getTime() + DAY));
    expect(screen.queryByTestId('climate-start-at-error')).not.toBeInTheDocument();
    expect(input).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByTestId('command-climate-on'));
    expect(sent(backend)).toEqual([{ kind: 'climate_on', targetC: 21, startAt: '2026-11-24T12:00:00Z' }]);
  });

  it('refuses a start more than 7 days ahead', async () => {
    const { backend, user } = setup();
    await typeStart(localInputValue(NOW.getTime() + 7 * DAY + 30 * MINUTE));
    await user.click(screen.getByTestId('command-climate-on'));
    expect(screen.getByTestId('climate-start-at-error')).toHaveTextContent(/^Choose a start within the next 7 days, by .+ at the latest\.$/);
    expect(sent(backend)).toEqual([]);
  });

  it('does not read a half-typed date as "now"', async () => {
    const { backend, user } = setup();
    const input = screen.getByTestId('climate-start-at') as HTMLInputElement;
    // What a browser reports for a date with its time still missing: an empty value, badly typed.
    Object.defineProperty(input, 'validity', { configurable: true, get: () => ({ badInput: true }) });
    await user.click(screen.getByTestId('command-climate-on'));
    expect(screen.getByTestId('climate-start-at-error')).toHaveTextContent(
      'Type the whole date and time to start at (day, month, year, hours and minutes), or clear the field to start now.',
    );
    expect(sent(backend)).toEqual([]);
  });

  it('goes back to starting now', async () => {
    const { backend, user } = setup();
    await typeStart(localInputValue(NOW.getTime() + 60 * MINUTE));
    await user.click(screen.getByTestId('climate-start-at-clear'));
    expect(screen.getByTestId('climate-start-at')).toHaveValue('');
    expect(screen.getByTestId('climate-start-at')).toHaveFocus();
    expect(screen.queryByTestId('climate-start-at-clear')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('command-climate-on'));
    expect(sent(backend)).toEqual([{ kind: 'climate_on', targetC: 21 }]);
  });

  it('switches the climate off', async () => {
    const { backend, user } = setup({
      status: evStatus({ climate: { on: true, targetC: 21, endsAt: new Date(NOW.getTime() + 600_000).toISOString() } }),
      concerns: NO_CONCERNS,
    });
    await user.click(screen.getByTestId('command-climate-off'));
    expect(sent(backend)).toEqual([{ kind: 'climate_off' }]);
    push(backend, { kind: 'climate_off' }, { state: 'succeeded' });
    expect(await screen.findByTestId('climate-card-timeline-result')).toHaveTextContent('Climate off: done.');
  });

  it('greys Climate on with a low battery, but lets a start be set for later', async () => {
    const { backend, user } = setup({
      status: evStatus({ charge: { pluggedIn: false, charger: null }, values: { energy: { electric: true, percent: 15, rangeKm: 52 } } }),
      concerns: { ...OFF, climateOnProblems: [CHARGE_LOW] },
    });
    const problems = screen.getAllByTestId('climate-problem');
    expect(problems.map((p) => [p.dataset.action, p.dataset.code])).toEqual([
      ['on', 'climate_charge_low'],
      ['off', 'climate_not_on'],
    ]);
    expect(problems[0]).toHaveTextContent('Climate on now: The battery is at 15 %; climate without a charger needs more than 20 %.');
    expect(problems[1]).toHaveTextContent('Climate off: The climate is not running, so there is nothing to stop.');
    const on = screen.getByTestId('command-climate-on');
    expect(on).toBeDisabled();
    expect(on).toHaveAccessibleDescription(/needs more than 20 %/);
    expect(screen.getByTestId('command-climate-off')).toBeDisabled();
    expect(screen.getByTestId('command-climate-off')).toHaveAccessibleDescription(/nothing to stop/);
    expect(screen.queryByTestId('climate-schedule-note')).not.toBeInTheDocument();

    // keyfob-core's list is about starting now; a start for later is judged when it is sent.
    await typeStart(localInputValue(NOW.getTime() + 18 * 60 * MINUTE));
    expect(on).toBeEnabled();
    expect(screen.getByTestId('climate-schedule-note')).toHaveTextContent('These are about starting now');
    await user.click(on);
    expect(sent(backend)).toEqual([{ kind: 'climate_on', targetC: 21, startAt: '2026-11-24T06:00:00Z' }]);
  });

  it('shows the car’s refusal and an outcome it cannot vouch for, never sending again alone', async () => {
    const { backend, user, oncheckstatus } = setup();
    await user.click(screen.getByTestId('command-climate-on'));
    push(
      backend,
      { kind: 'climate_on', targetC: 21 },
      { state: 'failed', reason: 'climate_charge_low' },
      'The battery fell to 20 %: plug the car in, then switch the climate on again.',
    );
    expect(await screen.findByTestId('climate-card-timeline-result')).toHaveTextContent(
      'The car refused: climate on did not happen.',
    );
    expect(screen.getByTestId('climate-card-timeline-explanation')).toHaveTextContent('plug the car in');

    await user.click(screen.getByTestId('command-climate-on'));
    push(backend, { kind: 'climate_on', targetC: 21 }, { state: 'unknown' }, 'The car got it, but its answer was lost.');
    await waitFor(() => expect(screen.getByTestId('climate-card-timeline')).toHaveAttribute('data-outcome', 'unknown'));
    expect(screen.getByTestId('climate-card-timeline-result')).toHaveTextContent('Outcome unknown.');
    await user.click(screen.getByTestId('climate-card-timeline-check-status'));
    expect(oncheckstatus).toHaveBeenCalledOnce();
    expect(backend.command('sendCommand').calls).toHaveLength(2);
  });

  it('shows the server’s refusal of a start time', async () => {
    const { user } = setup({
      options: {
        sendCommand: () =>
          Promise.reject(appError('climate_start_time', 'Choose a start time in the future, within the next 7 days.')),
      },
    });
    await typeStart(localInputValue(NOW.getTime() + 10 * MINUTE));
    await user.click(screen.getByTestId('command-climate-on'));
    const error = await screen.findByTestId('climate-card-timeline-error');
    expect(error).toHaveAttribute('data-code', 'climate_start_time');
    expect(error).toHaveTextContent('within the next 7 days');
  });

  it('says when the car does not report its climate', () => {
    setup({ status: evStatus({ unknown: ['climate'] }) });
    expect(screen.getByTestId('climate-state')).toHaveAttribute('data-state', 'unknown');
    expect(screen.getByTestId('climate-state')).toHaveTextContent('Not reported by this car');
    expect(screen.queryByTestId('climate-cabin')).not.toBeInTheDocument();
    expect(screen.queryByTestId('climate-age')).not.toBeInTheDocument();
    expect(screen.getByTestId('command-climate-on')).toBeEnabled();
  });

  it('greys the climate on a plan without it, and says why a car can never have it', () => {
    const { unmount } = setup({
      car: evVehicle({
        entitlements: entitlementTable({
          remote_start: NO_ENGINE,
          climate: {
            status: 'locked',
            code: 'subscription_required',
            reason: 'Remote climate (electric) needs a Trial or Premium subscription; this car is on Basic.',
            unlock: 'Buy Premium for this car under Subscription.',
          },
        }),
      }),
    });
    expect(screen.getByTestId('climate-card')).toHaveAttribute('data-access', 'locked');
    for (const id of ['command-climate-on', 'command-climate-off', 'climate-target', 'climate-start-at']) {
      expect(screen.getByTestId(id)).toBeDisabled();
    }
    expect(screen.getByTestId('climate-card-lock')).toHaveTextContent('this car is on Basic');
    expect(screen.getByTestId('climate-card-lock-subscribe')).toHaveAttribute('href', '#/vehicle/subscription?id=veh_leaf');
    expect(screen.queryByTestId('climate-problem')).not.toBeInTheDocument();
    unmount();

    setup({
      car: evVehicle({
        entitlements: entitlementTable({
          remote_start: NO_ENGINE,
          climate: { status: 'unsupported', code: 'no_remote_services', reason: 'This car’s NissanConnect has no remote services.' },
        }),
      }),
    });
    expect(screen.getByTestId('climate-card')).toHaveAttribute('data-access', 'unsupported');
    expect(screen.getByTestId('climate-card-lock')).toHaveTextContent('Not available on this car');
    expect(screen.getByTestId('command-climate-on')).toBeDisabled();
  });

  it('turns the climate off with the reason while offline', () => {
    setup({ offlineReason: 'Reconnecting to the server; commands wait until the connection is back.' });
    expect(screen.getByTestId('command-climate-on')).toBeDisabled();
    expect(screen.getByTestId('climate-card-offline')).toHaveTextContent('Reconnecting');
  });
});
