import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActivationState, Vehicle } from '../bindings';
import { loadedSession, mockBackend, screenContext, SERVER_INFO } from '../app/test-support';
import { account, appError, deviceKind, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import ActivationSteps from './ActivationSteps.svelte';

const NOW = new Date('2026-11-23T10:00:00Z');

function car(state: ActivationState, overrides: Partial<Vehicle['activation']> = {}): Vehicle {
  return vehicle({
    activation: {
      state,
      linkedAt: NOW.toISOString(),
      expiresAt: '2026-11-24T10:00:00Z',
      confirmedAt: state === 'pending' || state === 'expired' ? null : NOW.toISOString(),
      syncedAt: state === 'active' ? NOW.toISOString() : null,
      ...overrides,
    },
  });
}

function setup(start: Vehicle, options: MockBackendOptions = {}, sandbox = true) {
  const backend = mockBackend({ vehicle: start, ...options });
  const session = loadedSession(backend, {
    account: account(),
    info: sandbox ? {} : SERVER_INFO,
  });
  const onchange = vi.fn();
  render(ActivationSteps, {
    props: { vehicle: start, onchange },
    context: screenContext(backend, session),
  });
  return { backend, session, onchange };
}

const step = (id: string) => screen.getByTestId(`activation-step-${id}`);

async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('Activation steps', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows how to confirm in the car while pending', () => {
    setup(car('pending'));
    expect(screen.getByTestId('activation-state')).toHaveTextContent('Waiting for confirmation in the car');
    expect(step('pending')).toHaveAttribute('data-status', 'current');
    expect(step('pending')).toHaveTextContent('Confirm in the car');
    expect(step('confirming')).toHaveAttribute('data-status', 'todo');
    expect(step('confirming')).toHaveTextContent('Synchronising (1–5 min)');
    expect(step('active')).toHaveAttribute('data-status', 'todo');
    const how = screen.getByTestId('activation-how');
    expect(how).toHaveTextContent('ignition on');
    expect(how).toHaveTextContent('Confirm');
    expect(screen.queryByTestId('activation-stalled')).not.toBeInTheDocument();
  });

  it('asks for the car every 2 seconds and follows it to Active', async () => {
    const { backend, onchange } = setup(car('pending'));
    const calls = backend.command('vehicle').calls;

    await advance(1999);
    expect(calls).toHaveLength(0);
    await advance(1);
    expect(calls).toEqual([['veh_qashqai']]);
    await advance(2000);
    expect(calls).toHaveLength(2);

    backend.command('vehicle').answer = car('confirming');
    await advance(2000);
    expect(screen.getByTestId('activation-state')).toHaveTextContent('Synchronising');
    expect(step('pending')).toHaveAttribute('data-status', 'done');
    expect(step('confirming')).toHaveAttribute('data-status', 'current');
    expect(screen.getByTestId('activation-syncing')).toHaveTextContent('1 to 5');
    expect(onchange).toHaveBeenLastCalledWith(expect.objectContaining({ activation: expect.objectContaining({ state: 'confirming' }) }));

    backend.command('vehicle').answer = car('active');
    await advance(2000);
    expect(screen.getByTestId('activation-state')).toHaveTextContent('Active');
    expect(screen.getByTestId('activation-done')).toBeInTheDocument();
    for (const id of ['pending', 'confirming', 'active']) {
      expect(step(id)).toHaveAttribute('data-status', 'done');
    }

    const count = calls.length;
    await advance(10_000);
    expect(calls).toHaveLength(count);
  });

  it('does not poll a car that is already active', async () => {
    const { backend } = setup(car('active'));
    await advance(10_000);
    expect(backend.command('vehicle').calls).toHaveLength(0);
    expect(screen.getByTestId('activation-done')).toBeInTheDocument();
  });

  it('gives troubleshooting advice after about 2 minutes without confirmation', async () => {
    setup(car('pending'));
    await advance(118_000);
    expect(screen.queryByTestId('activation-stalled')).not.toBeInTheDocument();
    await advance(4_000);
    const stalled = screen.getByTestId('activation-stalled');
    expect(stalled).toHaveTextContent('ignition on');
    expect(stalled).toHaveTextContent('mobile coverage');
    expect(stalled).toHaveTextContent('software update');
    expect(stalled).toHaveTextContent('dealer');
  });

  it('gives the advice at once for a request made long ago', () => {
    setup(car('pending', { linkedAt: '2026-11-23T09:00:00Z' }));
    expect(screen.getByTestId('activation-stalled')).toBeInTheDocument();
  });

  it('gives advice when synchronising takes more than about 6 minutes', async () => {
    setup(car('confirming'));
    await advance(5 * 60_000);
    expect(screen.queryByTestId('activation-stalled')).not.toBeInTheDocument();
    await advance(62_000);
    const stalled = screen.getByTestId('activation-stalled');
    expect(stalled).toHaveTextContent('Keep the ignition on');
    expect(stalled).toHaveTextContent('dealer');
  });

  it('restarts an expired activation', async () => {
    const { backend } = setup(car('expired'), { restartActivation: car('pending') });
    expect(screen.getByTestId('activation-expired')).toHaveTextContent('24 hours');
    expect(step('pending')).toHaveAttribute('data-status', 'current');
    await advance(10_000);
    expect(backend.command('vehicle').calls).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('activation-restart'));
    await advance(0);
    expect(backend.command('restartActivation').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByTestId('activation-state')).toHaveTextContent('Waiting for confirmation in the car');
    expect(screen.queryByTestId('activation-expired')).not.toBeInTheDocument();
    await advance(2000);
    expect(backend.command('vehicle').calls).toHaveLength(1);
  });

  it('shows progress while restarting, and why it failed', async () => {
    const { backend } = setup(car('expired'), { manual: true });
    await fireEvent.click(screen.getByTestId('activation-restart'));
    expect(screen.getByTestId('activation-restart')).toBeDisabled();
    expect(screen.getByTestId('activation-restart')).toHaveTextContent('Sending');
    // Not awaited: the mock's settling waits on a timer, which the fake clock holds.
    void backend
      .command('restartActivation')
      .pending[0]!.reject(appError('activation_not_expired', 'This activation has not expired.'));
    await advance(10);
    expect(screen.getByTestId('activation-error')).toHaveTextContent('This activation has not expired.');
    expect(screen.getByTestId('activation-restart')).toBeEnabled();
  });

  it('opens the simulated head unit in a second window on a computer', async () => {
    window.location.hash = '#/vehicles/link';
    const { backend } = setup(car('pending'));
    await advance(0);
    expect(screen.getByTestId('activation-how')).toHaveTextContent('open its head unit in a separate window');
    await fireEvent.click(screen.getByTestId('activation-open-head-unit'));
    await advance(0);
    expect(backend.command('openHeadUnit').calls).toEqual([['SJNTAAJ11SU512207']]);
    expect(window.location.hash).toBe('#/vehicles/link');
  });

  it('shows the head unit as a screen of the app on a phone, with Back to the car’s page', async () => {
    window.location.hash = '#/vehicles/link';
    const before = window.history.length;
    const { backend } = setup(car('pending'), { deviceKind: deviceKind('android') });
    await advance(0);
    expect(screen.getByTestId('activation-how')).toHaveTextContent('open its head unit on this phone');
    await fireEvent.click(screen.getByTestId('activation-open-head-unit'));
    await advance(0);
    expect(backend.command('openHeadUnit').calls).toEqual([]);
    expect(window.location.hash).toBe('#/head-unit?vin=SJNTAAJ11SU512207');
    expect(screen.getByTestId('activation-open-head-unit')).toBeEnabled();
    expect(screen.queryByTestId('activation-head-unit-error')).not.toBeInTheDocument();
    // The link steps' entry became the car's page; the head unit is one entry on top of it.
    expect(window.history.length).toBe(before + 1);
    window.history.back();
    await vi.waitFor(() => expect(window.location.hash).toBe('#/vehicle?id=veh_qashqai'));
  });

  it('has no head-unit button on a real server', () => {
    setup(car('pending'), {}, false);
    expect(screen.queryByTestId('activation-open-head-unit')).not.toBeInTheDocument();
  });

  it('keeps trying when the car cannot be checked', async () => {
    const { backend } = setup(car('pending'), {
      vehicle: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    await advance(2000);
    expect(screen.getByTestId('activation-poll-error')).toHaveTextContent('Failed to connect to the server.');
    backend.command('vehicle').answer = car('confirming');
    await advance(2000);
    expect(screen.queryByTestId('activation-poll-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('activation-state')).toHaveTextContent('Synchronising');
  });

  it('stops and signs out when the session ended', async () => {
    const { backend, session } = setup(car('pending'), {
      vehicle: () => Promise.reject(appError('session_revoked', 'You were signed out.')),
    });
    await advance(2000);
    expect(session.account).toBeNull();
    expect(window.location.hash).toContain('#/sign-in');
    await advance(10_000);
    expect(backend.command('vehicle').calls).toHaveLength(1);
  });
});
