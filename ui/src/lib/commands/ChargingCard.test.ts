import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandKind, StatusConcerns, Vehicle, VehicleStatus } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, entitlementTable, evVehicle, stolenVehicle } from '../backend/fixtures';
import type { MockBackend, MockBackendOptions } from '../backend/mock';
import { NO_CONCERNS, NOW, ago, evStatus } from '../dashboard/test-fixtures';
import CommandPanel from './CommandPanel.svelte';
import { command, commandUpdate, commandView } from './test-fixtures';

const START = { kind: 'charge_start' } as const;
const STOP = { kind: 'charge_stop' } as const;

/** What keyfob-core says for a plugged-in car that is not charging: it cannot be stopped. */
const PLUGGED: StatusConcerns = {
  ...NO_CONCERNS,
  chargeStopProblems: [{ code: 'not_charging', message: 'The car is not charging, so there is nothing to stop.' }],
  climateOffProblems: [{ code: 'climate_not_on', message: 'The climate is not running, so there is nothing to stop.' }],
};

interface Setup {
  car?: Vehicle;
  status?: VehicleStatus | null;
  concerns?: StatusConcerns;
  offlineReason?: string | null;
  options?: MockBackendOptions;
}

function setup({ car = evVehicle(), status = evStatus(), concerns = PLUGGED, offlineReason = null, options = {} }: Setup = {}) {
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

const card = () => screen.getByTestId('charging-card');

describe('Charging card', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW }));
  afterEach(() => vi.useRealTimers());

  it('shows a plugged-in car: level, ranges, limit, time to full at each charger and the age', async () => {
    setup();
    const state = screen.getByTestId('charging-state');
    expect(state).toHaveAttribute('data-state', 'plugged');
    expect(state).toHaveTextContent('Plugged in, not charging · Normal — wall box');
    expect(screen.getByTestId('charging-level')).toHaveTextContent('57 %');
    const meter = within(card()).getByRole('meter', { name: 'Charge level' });
    expect(meter).toHaveAttribute('aria-valuenow', '57');
    expect(meter).toHaveAttribute('aria-valuetext', '57 %, charge limit 80 %');
    expect(screen.getByTestId('charging-range')).toHaveTextContent('212 km without climate · 190 km with climate on');
    expect(screen.getByTestId('charging-limit')).toHaveTextContent('80 %');
    expect(screen.getByTestId('charging-battery-temperature')).toHaveTextContent('18 °C');
    expect(screen.getByTestId('charging-time-to-full')).toHaveAccessibleName('Time to full (to the 80 % limit)');
    expect(screen.getByTestId('charging-time-slow')).toHaveTextContent(/^Slow — household socket\s*10 h 20 min$/);
    expect(screen.getByTestId('charging-time-fast')).toHaveTextContent(/^Fast — DC rapid\s*38 min$/);
    // The charger it is plugged into stands out.
    const normal = screen.getByTestId('charging-time-normal');
    expect(normal).toHaveAttribute('data-plugged', 'true');
    expect(within(normal).getByText('2 h 52 min').tagName).toBe('STRONG');
    expect(normal).toHaveTextContent('plugged in');
    expect(screen.getByTestId('charging-time-slow')).toHaveAttribute('data-plugged', 'false');
    expect(screen.getByTestId('charging-age')).toHaveTextContent('Reported 3 min ago');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(screen.getByTestId('charging-age')).toHaveTextContent('Reported 4 min ago');
    // Plugged in: it may start, and there is nothing to stop.
    expect(screen.getByTestId('command-charge-start')).toBeEnabled();
    expect(screen.getByTestId('command-charge-stop')).toBeDisabled();
  });

  it('shows an unplugged car, and a charging one', () => {
    const { unmount } = setup({
      status: evStatus({ charge: { pluggedIn: false, charger: null, limitPercent: null } }),
      concerns: {
        ...PLUGGED,
        chargeStartProblems: [
          { code: 'not_plugged_in', message: 'The car is not plugged in. Connect the charging cable, then start charging.' },
        ],
      },
    });
    expect(screen.getByTestId('charging-state')).toHaveAttribute('data-state', 'unplugged');
    expect(screen.getByTestId('charging-state')).toHaveTextContent(/^Not plugged in$/);
    expect(screen.getByTestId('charging-limit')).toHaveTextContent('None set: charges to 100 %');
    expect(screen.getByTestId('charging-time-to-full')).toHaveAccessibleName('Time to full');
    for (const speed of ['slow', 'normal', 'fast']) {
      expect(screen.getByTestId(`charging-time-${speed}`)).toHaveAttribute('data-plugged', 'false');
    }
    unmount();

    setup({
      status: evStatus({ charge: { charging: true, charger: 'fast' }, values: { energy: { electric: true, percent: 63, rangeKm: 236 } } }),
      concerns: {
        ...NO_CONCERNS,
        chargeStartProblems: [{ code: 'already_charging', message: 'The car is already charging.' }],
      },
    });
    expect(screen.getByTestId('charging-state')).toHaveAttribute('data-state', 'charging');
    expect(screen.getByTestId('charging-state')).toHaveTextContent('Charging · Fast — DC rapid');
    expect(screen.getByTestId('charging-level')).toHaveTextContent('63 %');
    expect(screen.getByTestId('charging-time-fast')).toHaveAttribute('data-plugged', 'true');
    expect(screen.getByTestId('command-charge-start')).toBeDisabled();
    expect(screen.getByTestId('command-charge-stop')).toBeEnabled();
  });

  it('greys each button with keyfob-core’s reason before any tap', () => {
    const { backend } = setup({
      status: evStatus({ charge: { pluggedIn: false, charger: null } }),
      concerns: {
        ...PLUGGED,
        chargeStartProblems: [
          { code: 'not_plugged_in', message: 'The car is not plugged in. Connect the charging cable, then start charging.' },
        ],
      },
    });
    const problems = screen.getAllByTestId('charging-problem');
    expect(problems.map((p) => [p.dataset.action, p.dataset.code])).toEqual([
      ['start', 'not_plugged_in'],
      ['stop', 'not_charging'],
    ]);
    expect(problems[0]).toHaveTextContent('Start charging: The car is not plugged in. Connect the charging cable');
    expect(problems[1]).toHaveTextContent('Stop charging: The car is not charging, so there is nothing to stop.');
    const start = screen.getByTestId('command-charge-start');
    expect(start).toBeDisabled();
    expect(start).toHaveAccessibleDescription(/not plugged in/);
    expect(screen.getByTestId('command-charge-stop')).toHaveAccessibleDescription(/nothing to stop/);
    expect(backend.command('sendCommand').calls).toHaveLength(0);
  });

  it('says the battery is at its limit', () => {
    setup({
      status: evStatus({ values: { energy: { electric: true, percent: 80, rangeKm: 298 } } }),
      concerns: {
        ...PLUGGED,
        chargeStartProblems: [
          {
            code: 'charge_complete',
            message: 'The battery is at 80 %, at or above its charge limit of 80 %. Raise the limit in the car to charge further.',
          },
        ],
      },
    });
    const [problem] = screen.getAllByTestId('charging-problem');
    expect(problem).toHaveAttribute('data-code', 'charge_complete');
    expect(problem).toHaveTextContent('Raise the limit in the car');
    expect(screen.getByTestId('command-charge-start')).toBeDisabled();
  });

  it('starts charging and follows it live to done', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('command-charge-start'));
    const [vehicleId, kind, key] = backend.command('sendCommand').lastCall ?? [];
    expect(vehicleId).toBe('veh_leaf');
    expect(kind).toEqual({ kind: 'charge_start' });
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const timeline = await screen.findByTestId('charging-card-timeline');
    expect(within(timeline).getByRole('list', { name: 'Start charging: progress' })).toBeInTheDocument();
    expect(screen.getByTestId('charging-card-timeline-step-sent')).toHaveAttribute('data-state', 'done');
    // Buttons wait while the command is under way.
    expect(screen.getByTestId('command-charge-start')).toBeDisabled();
    push(backend, START, { state: 'delivered' });
    await waitFor(() =>
      expect(screen.getByTestId('charging-card-timeline-step-delivered')).toHaveAttribute('data-state', 'done'),
    );
    push(backend, START, { state: 'succeeded' });
    expect(await screen.findByTestId('charging-card-timeline-result')).toHaveTextContent('Start charging: done.');
    expect(timeline).toHaveAttribute('data-outcome', 'succeeded');
    expect(screen.getByTestId('command-charge-start')).toBeEnabled();
  });

  it('stops charging, and shows the car’s refusal with what to do', async () => {
    const { backend, user } = setup({
      status: evStatus({ charge: { charging: true } }),
      concerns: { ...NO_CONCERNS, chargeStartProblems: [{ code: 'already_charging', message: 'The car is already charging.' }] },
    });
    await user.click(screen.getByTestId('command-charge-stop'));
    expect(backend.command('sendCommand').lastCall?.[1]).toEqual({ kind: 'charge_stop' });
    push(backend, STOP, { state: 'failed', reason: 'not_charging' }, 'The car had already stopped charging by itself.');
    const result = await screen.findByTestId('charging-card-timeline-result');
    expect(result).toHaveTextContent('The car refused: stop charging did not happen.');
    expect(screen.getByTestId('charging-card-timeline-explanation')).toHaveTextContent('already stopped charging');
    expect(screen.getByTestId('charging-card-timeline-step-done')).toHaveAttribute('data-state', 'failed');
    expect(backend.command('sendCommand').calls).toHaveLength(1);
  });

  it('shows the server’s refusal of a send, and lets a lost one be retried with the same key', async () => {
    const { backend, user } = setup({
      options: { sendCommand: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) },
    });
    await user.click(screen.getByTestId('command-charge-start'));
    const retry = await screen.findByRole('button', { name: /try again/i });
    backend.command('sendCommand').answer = () =>
      Promise.reject(appError('not_plugged_in', 'The car is not plugged in. Connect the charging cable, then start charging.'));
    await user.click(retry);
    const error = await screen.findByTestId('charging-card-timeline-error');
    await waitFor(() => expect(error).toHaveAttribute('data-code', 'not_plugged_in'));
    expect(error).toHaveTextContent('Connect the charging cable');
    const keys = backend.command('sendCommand').calls.map((call) => call[2]);
    expect(keys).toEqual([keys[0], keys[0]]);
  });

  it('says when the car does not report its charging', () => {
    setup({ status: evStatus({ unknown: ['charge'] }) });
    expect(screen.getByTestId('charging-state')).toHaveAttribute('data-state', 'unknown');
    expect(screen.getByTestId('charging-state')).toHaveTextContent('Not reported by this car');
    expect(screen.getByTestId('charging-limit')).toHaveTextContent('Not reported by this car');
    expect(screen.getByTestId('charging-battery-temperature')).toHaveTextContent('Not reported by this car');
    expect(screen.queryByTestId('charging-time-to-full')).not.toBeInTheDocument();
    // The level and range come with the energy, which it does report.
    expect(screen.getByTestId('charging-level')).toHaveTextContent('57 %');
    expect(screen.getByTestId('charging-range')).toHaveTextContent(/^212 km$/);
    expect(screen.getByTestId('charging-age')).toHaveTextContent('Reported 3 min ago');
  });

  it('shows no placeholder level when the energy is not reported either', () => {
    setup({ status: evStatus({ unknown: ['energy', 'charge'], at: ago(60) }) });
    expect(screen.getByTestId('charging-level')).toHaveTextContent('Not reported by this car');
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
    expect(screen.getByTestId('charging-range')).toHaveTextContent('Not reported by this car');
    expect(screen.queryByTestId('charging-age')).not.toBeInTheDocument();
  });

  it('greys charging on a plan without it, with the way to unlock it', () => {
    const car = evVehicle({
      entitlements: entitlementTable({
        remote_start: { status: 'unsupported', code: 'no_engine', reason: 'An electric car has no engine to start.' },
        charging: {
          status: 'locked',
          code: 'subscription_required',
          reason: 'Remote charging needs a Trial or Premium subscription; this car is on Basic.',
          unlock: 'Buy Premium for this car under Subscription.',
        },
      }),
    });
    setup({ car });
    expect(card()).toHaveAttribute('data-access', 'locked');
    expect(screen.getByTestId('command-charge-start')).toBeDisabled();
    expect(screen.getByTestId('charging-card-lock')).toHaveTextContent('this car is on Basic');
    expect(screen.getByTestId('charging-card-lock-subscribe')).toHaveAttribute('href', '#/vehicle/subscription?id=veh_leaf');
    // The reasons are the plan's, not the car's.
    expect(screen.queryByTestId('charging-problem')).not.toBeInTheDocument();
    // The climate has its own row.
    expect(screen.getByTestId('climate-card')).toHaveAttribute('data-access', 'available');
  });

  it('says why a car can never charge remotely', () => {
    const car = evVehicle({
      entitlements: entitlementTable({
        remote_start: { status: 'unsupported', code: 'no_engine', reason: 'An electric car has no engine to start.' },
        charging: { status: 'unsupported', code: 'no_remote_services', reason: 'This car’s NissanConnect has no remote services.' },
      }),
    });
    setup({ car });
    expect(card()).toHaveAttribute('data-access', 'unsupported');
    const lock = screen.getByTestId('charging-card-lock');
    expect(lock).toHaveAttribute('data-status', 'unsupported');
    expect(lock).toHaveTextContent('Not available on this car: This car’s NissanConnect has no remote services.');
    expect(screen.getByTestId('command-charge-start')).toBeDisabled();
    expect(screen.getByTestId('command-charge-stop')).toBeDisabled();
  });

  it('greys charging and climate of a car reported stolen', () => {
    setup({ car: evVehicle({ reportedStolenAt: stolenVehicle().reportedStolenAt }) });
    for (const id of ['command-charge-start', 'command-climate-on', 'climate-target', 'climate-start-at']) {
      expect(screen.getByTestId(id)).toBeDisabled();
    }
    for (const lock of ['charging-card-lock', 'climate-card-lock']) {
      expect(screen.getByTestId(lock)).toHaveAttribute('data-reason', 'reported_stolen');
    }
  });

  it('turns charging off with the reason while offline', () => {
    setup({ offlineReason: 'No connection to the server, so commands are off until it is back.' });
    expect(screen.getByTestId('command-charge-start')).toBeDisabled();
    expect(screen.getByTestId('charging-card-offline')).toHaveTextContent('No connection');
  });
});
