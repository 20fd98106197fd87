import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeadUnitScreen as Screen } from '../bindings';
import { backendContext } from '../backend';
import { appError, deviceKind, headUnitScreen } from '../backend/fixtures';
import { MockBackend, type MockBackendOptions } from '../backend/mock';
import HeadUnitScreen from './HeadUnitScreen.svelte';

const VIN = 'SJNTAAJ11SU512207';

function withPrompt(state: 'pending' | 'confirming' | 'active' | 'expired'): Screen {
  return headUnitScreen({
    prompt: { ownerNickname: 'demo_owner', state, linkedAt: '2026-11-23T10:00:00Z' },
  });
}

function setup(options: MockBackendOptions = {}, vin = VIN) {
  const backend = new MockBackend({ headUnit: headUnitScreen(), ...options });
  render(HeadUnitScreen, {
    props: { params: new URLSearchParams(vin ? { vin } : {}) },
    context: backendContext(backend),
  });
  return { backend };
}

async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('Head unit (sandbox)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the car and no pending request', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('head-unit-loading')).toBeInTheDocument();
    await advance(0);
    expect(backend.command('headUnit').calls).toEqual([[VIN]]);
    expect(screen.getByTestId('head-unit-model')).toHaveTextContent('Qashqai');
    expect(screen.getByTestId('head-unit-vin')).toHaveTextContent('•••••••••••512207');
    expect(screen.getByTestId('head-unit-idle')).toHaveTextContent('No pending requests');
    expect(screen.getByTestId('head-unit-note')).toHaveTextContent('stands for the car’s own screen');
    expect(screen.getByTestId('head-unit-key-prompt')).toHaveTextContent('Enter authentication key');
  });

  it('is a window of its own on a computer, with no way back to draw', async () => {
    setup();
    await advance(0);
    expect(screen.queryByTestId('head-unit-back')).not.toBeInTheDocument();
    expect(screen.getByTestId('head-unit-note')).toHaveTextContent('this window stands for');
  });

  it('is a screen of the app on a phone, with Back to Keyfob', async () => {
    const back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
    setup({ deviceKind: deviceKind('ios') });
    await advance(0);
    expect(screen.getByTestId('head-unit-note')).toHaveTextContent('this screen stands for');
    await fireEvent.click(screen.getByTestId('head-unit-back'));
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('asks every second and shows a request when it arrives', async () => {
    const { backend } = setup();
    await advance(0);
    await advance(1000);
    expect(backend.command('headUnit').calls).toHaveLength(2);
    backend.command('headUnit').answer = withPrompt('pending');
    await advance(1000);
    expect(backend.command('headUnit').calls).toHaveLength(3);
    expect(screen.getByTestId('head-unit-prompt')).toBeInTheDocument();
    expect(screen.getByTestId('head-unit-owner')).toHaveTextContent(
      'demo_owner wants to link this vehicle to their NissanConnect account',
    );
  });

  it('confirms, then follows the synchronisation to active', async () => {
    const { backend } = setup({
      headUnit: withPrompt('pending'),
      headUnitConfirm: withPrompt('confirming'),
      manual: false,
    });
    await advance(0);
    await fireEvent.click(screen.getByTestId('head-unit-confirm'));
    await advance(0);
    expect(backend.command('headUnitConfirm').calls).toEqual([[VIN]]);
    expect(screen.getByTestId('head-unit-confirming')).toHaveTextContent('Synchronising with the account… 1–5 min');

    // As the server has it: once synchronised, no link waits on the screen any more.
    backend.command('headUnit').answer = headUnitScreen();
    await advance(1000);
    expect(screen.getByTestId('head-unit-active')).toHaveTextContent('demo_owner');
    expect(screen.queryByTestId('head-unit-idle')).not.toBeInTheDocument();
  });

  it('stays idle when no link was seen synchronising', async () => {
    const { backend } = setup({ headUnit: withPrompt('pending') });
    await advance(0);
    backend.command('headUnit').answer = headUnitScreen();
    await advance(1000);
    expect(screen.getByTestId('head-unit-idle')).toBeInTheDocument();
  });

  it('shows progress while confirming', async () => {
    let finish: () => void = () => {};
    setup({
      headUnit: withPrompt('pending'),
      headUnitConfirm: () => new Promise((resolve) => (finish = () => resolve(withPrompt('confirming')))),
    });
    await advance(0);
    await fireEvent.click(screen.getByTestId('head-unit-confirm'));
    expect(screen.getByTestId('head-unit-confirm')).toBeDisabled();
    expect(screen.getByTestId('head-unit-confirm')).toHaveTextContent('Confirming…');
    finish();
    await advance(0);
    expect(screen.getByTestId('head-unit-confirming')).toBeInTheDocument();
  });

  it('shows an error with a retry when confirming fails', async () => {
    const { backend } = setup({
      headUnit: withPrompt('pending'),
      headUnitConfirm: () => Promise.reject(appError('activation_not_pending', 'There is no request to confirm.')),
    });
    await advance(0);
    await fireEvent.click(screen.getByTestId('head-unit-confirm'));
    await advance(0);
    expect(screen.getByTestId('head-unit-error')).toHaveTextContent('There is no request to confirm.');
    backend.command('headUnitConfirm').answer = withPrompt('confirming');
    await fireEvent.click(screen.getByTestId('head-unit-retry'));
    await advance(0);
    expect(backend.command('headUnitConfirm').calls).toHaveLength(2);
    expect(screen.queryByTestId('head-unit-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('head-unit-confirming')).toBeInTheDocument();
  });

  it('shows when the sandbox cannot be reached, and recovers', async () => {
    const { backend } = setup({
      headUnit: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    await advance(0);
    expect(screen.getByTestId('head-unit-error')).toHaveTextContent('Failed to connect to the server.');
    backend.command('headUnit').answer = headUnitScreen();
    await fireEvent.click(screen.getByTestId('head-unit-retry'));
    await advance(0);
    expect(screen.queryByTestId('head-unit-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('head-unit-idle')).toBeInTheDocument();
  });

  it('shows an expired request', async () => {
    setup({ headUnit: withPrompt('expired') });
    await advance(0);
    expect(screen.getByTestId('head-unit-expired')).toBeInTheDocument();
  });

  it('needs a VIN', async () => {
    const { backend } = setup({}, '');
    await advance(5000);
    expect(screen.getByTestId('head-unit-error')).toHaveTextContent('No car chosen');
    expect(backend.command('headUnit').calls).toHaveLength(0);
  });
});
