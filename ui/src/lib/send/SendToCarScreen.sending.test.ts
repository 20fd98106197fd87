import { screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { CommandView } from '../bindings';
import { appError } from '../backend/fixtures';
import { accepting, command, fill, push, setup, step } from './test-support';

describe('Send to car: sending', () => {
  it('sends the waypoints and follows the car until it is done', async () => {
    const { backend, user } = setup();
    await screen.findByTestId('send-form');
    await fill(user, 1, ' Home ', '48.8566', '2.3522');
    await user.click(screen.getByTestId('send-add'));
    await fill(user, 2, 'Office', '-33.8688', '151.2093');
    await user.click(screen.getByTestId('send-submit'));

    const [vehicleId, kind, key] = backend.command('sendCommand').calls[0]!;
    expect(vehicleId).toBe('veh_qashqai');
    expect(kind).toEqual({
      kind: 'send_destination',
      waypoints: [
        { name: 'Home', latitude: 48.8566, longitude: 2.3522 },
        { name: 'Office', latitude: -33.8688, longitude: 151.2093 },
      ],
    });
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(step('sent')).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('send-submit')).toBeDisabled();

    push(backend, 'cmd_1', { state: 'delivered' });
    await waitFor(() => expect(step('delivered')).toHaveAttribute('data-state', 'done'));
    push(backend, 'cmd_other', { state: 'succeeded' });
    push(backend, 'cmd_1', { state: 'succeeded' });
    await waitFor(() => expect(screen.getByTestId('send-timeline')).toHaveAttribute('data-outcome', 'succeeded'));
    expect(step('done')).toHaveAttribute('data-state', 'done');
    expect(screen.getByTestId('send-timeline-result')).toHaveTextContent('done');
    expect(screen.getByTestId('send-submit')).toBeEnabled();
  });

  it('takes a live update that arrived before the send’s own answer', async () => {
    let answer: (view: CommandView) => void = () => {};
    const { backend, user } = setup({ sendCommand: () => new Promise<CommandView>((resolve) => (answer = resolve)) });
    await screen.findByTestId('send-form');
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    await user.click(screen.getByTestId('send-submit'));
    const kind = backend.command('sendCommand').calls[0]![1];
    push(backend, 'cmd_1', { state: 'succeeded' });
    answer({ command: command(kind), explanation: null });
    await waitFor(() => expect(screen.getByTestId('send-timeline')).toHaveAttribute('data-outcome', 'succeeded'));
  });

  it('explains a refusal and an expiry, and a new request gets a new key', async () => {
    const { backend, user } = setup();
    await screen.findByTestId('send-form');
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    await user.click(screen.getByTestId('send-submit'));
    await waitFor(() => expect(step('sent')).toHaveAttribute('data-state', 'done'));
    push(backend, 'cmd_1', { state: 'failed', reason: 'rejected' }, 'The car turned the route down.');
    expect(await screen.findByTestId('send-timeline-explanation')).toHaveTextContent('The car turned the route down.');
    expect(screen.getByTestId('send-timeline-result')).toHaveTextContent('The car refused');

    await user.click(screen.getByTestId('send-timeline-again'));
    await waitFor(() => expect(backend.command('sendCommand').calls).toHaveLength(2));
    const [first, second] = backend.command('sendCommand').calls;
    expect(second![2]).not.toBe(first![2]);
    push(backend, 'cmd_2', { state: 'expired' }, 'The car was out of coverage for five minutes.');
    expect(await screen.findByTestId('send-timeline-explanation')).toHaveTextContent('out of coverage');
    expect(screen.getByTestId('send-timeline-result')).toHaveTextContent('the car never received it');
    expect(step('delivered')).toHaveAttribute('data-state', 'failed');
    expect(screen.getByTestId('send-timeline-check-status')).toBeInTheDocument();
  });

  it('retries a send lost on the way with the same key', async () => {
    let calls = 0;
    const ok = accepting();
    const { backend, user } = setup({
      sendCommand: (vehicleId, kind) => {
        calls++;
        if (calls === 1) return Promise.reject(appError('unreachable', 'Failed to connect to the server.'));
        return ok(vehicleId, kind);
      },
    });
    await screen.findByTestId('send-form');
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    await user.click(screen.getByTestId('send-submit'));
    expect(await screen.findByTestId('send-timeline-error')).toHaveTextContent('Failed to connect');
    expect(screen.getByTestId('send-timeline')).toHaveAttribute('data-outcome', 'not_sent');
    expect(screen.getByTestId('send-submit')).toBeEnabled();

    await user.click(screen.getByTestId('send-timeline-error-retry'));
    await waitFor(() => expect(step('sent')).toHaveAttribute('data-state', 'done'));
    const keys = backend.command('sendCommand').calls.map((call) => call[2]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('shows the server’s objection to a waypoint and keeps the form', async () => {
    const { user } = setup({
      sendCommand: () => Promise.reject(appError('waypoint_name', 'Waypoint 1 needs a name of 1–64 characters.')),
    });
    await screen.findByTestId('send-form');
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    await user.click(screen.getByTestId('send-submit'));
    const error = await screen.findByTestId('send-error');
    expect(error).toHaveAttribute('data-code', 'waypoint_name');
    expect(error).toHaveTextContent('Waypoint 1 needs a name');
    expect(screen.queryByTestId('send-timeline')).not.toBeInTheDocument();
    expect(screen.getByTestId('send-name-1')).toHaveValue('Home');
    expect(screen.getByTestId('send-submit')).toBeEnabled();
  });

  it('sends the same request again with its key, and a changed one with a new key', async () => {
    const { backend, user } = setup({
      sendCommand: () => Promise.reject(appError('timeout', 'The server did not answer in time.')),
    });
    await screen.findByTestId('send-form');
    await fill(user, 1, 'Home', '48.8566', '2.3522');
    await user.click(screen.getByTestId('send-submit'));
    await screen.findByTestId('send-timeline-error');
    await user.click(screen.getByTestId('send-submit'));
    await user.type(screen.getByTestId('send-name-1'), ' again');
    await user.click(screen.getByTestId('send-submit'));
    await waitFor(() => expect(backend.command('sendCommand').calls).toHaveLength(3));
    const keys = backend.command('sendCommand').calls.map((call) => call[2]);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});
