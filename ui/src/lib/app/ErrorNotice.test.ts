import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appError } from '../backend/fixtures';
import ErrorNotice from './ErrorNotice.svelte';
import { loadedSession, mockBackend, screenContext, SERVER_INFO } from './test-support';

async function show(error: unknown, onretry?: () => void, mode: 'sandbox' | 'server' = 'server') {
  const backend = mockBackend();
  const session = loadedSession(backend, { info: mode === 'server' ? SERVER_INFO : {} });
  render(ErrorNotice, {
    props: { error, onretry, testid: 'thing-error' },
    context: screenContext(backend, session),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ErrorNotice', () => {
  it('shows the message with no retry for an error trying again cannot fix', async () => {
    await show(appError('wrong_password', 'The password is not right.'), () => {});
    expect(screen.getByTestId('thing-error')).toHaveAttribute('data-code', 'wrong_password');
    expect(screen.getByTestId('thing-error-message')).toHaveTextContent('The password is not right.');
    expect(screen.queryByTestId('thing-error-retry')).not.toBeInTheDocument();
    expect(screen.queryByTestId('thing-error-advice')).not.toBeInTheDocument();
  });

  it('explains a connection failure and repeats the action on Retry', async () => {
    const onretry = vi.fn();
    await show(appError('unreachable', 'Failed to connect to the server.'), onretry);
    expect(screen.getByTestId('thing-error-advice')).toHaveTextContent('online');
    await userEvent.setup().click(screen.getByTestId('thing-error-retry'));
    expect(onretry).toHaveBeenCalledOnce();
  });

  it('gives sandbox advice in sandbox mode', async () => {
    await show(appError('timeout', 'No answer in time.'), () => {}, 'sandbox');
    expect(screen.getByTestId('thing-error-advice')).toHaveTextContent('sandbox');
  });

  it('shows no Retry without onretry', async () => {
    await show(appError('unreachable', 'Failed to connect.'));
    expect(screen.queryByTestId('thing-error-retry')).not.toBeInTheDocument();
  });

  it('uses a generic message for something that is not an AppError', async () => {
    await show(new Error('boom'), () => {});
    expect(screen.getByTestId('thing-error-message')).toHaveTextContent('Something went wrong');
    expect(screen.getByTestId('thing-error-retry')).toBeInTheDocument();
  });

  it('counts down retryAfterSeconds and keeps Retry disabled until then', async () => {
    vi.useFakeTimers();
    await show(
      appError('command_rate_limited', 'Too many commands.', { retryAfterSeconds: 3 }),
      () => {},
    );
    expect(screen.getByTestId('thing-error-countdown')).toHaveTextContent('3 s');
    expect(screen.getByTestId('thing-error-retry')).toBeDisabled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(screen.getByTestId('thing-error-countdown')).toHaveTextContent('2 s');
    await vi.advanceTimersByTimeAsync(2000);
    expect(screen.queryByTestId('thing-error-countdown')).not.toBeInTheDocument();
    expect(screen.getByTestId('thing-error-retry')).toBeEnabled();
  });
});
