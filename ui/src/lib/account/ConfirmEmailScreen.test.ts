import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  loadedSession,
  mockBackend,
  screenContext,
  SERVER_INFO,
  setupUser,
} from '../app/test-support';
import { account, appError, done } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import type { Account, VerifyLinkOutcome } from '../bindings';
import ConfirmEmailScreen from './ConfirmEmailScreen.svelte';

interface Setup {
  query?: string;
  outcome?: VerifyLinkOutcome | null;
  server?: boolean;
  signedIn?: Account | null;
}

function setup(options: MockBackendOptions = {}, s: Setup = {}) {
  const backend = mockBackend({
    confirmEmail: () => done('Your email address is confirmed.'),
    resendConfirmation: () => done('A new link is on its way.'),
    ...options,
  });
  const session = loadedSession(backend, {
    info: s.server ? SERVER_INFO : {},
    account: s.signedIn ?? null,
  });
  const user = setupUser();
  render(ConfirmEmailScreen, {
    props: { params: new URLSearchParams(s.query ?? 'email=robin%40example.com'), outcome: s.outcome ?? null },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ConfirmEmailScreen', () => {
  it('says where the link went and how long it can take', () => {
    setup();
    const text = screen.getByTestId('confirm-email-sent-to');
    expect(text).toHaveTextContent(
      'We sent a confirmation link to robin@example.com. Check your inbox (and the spam folder) — it can take 5–10 minutes.',
    );
  });

  it('confirms with a pasted code or link and offers Sign in', async () => {
    const { backend, user } = setup();
    await user.type(screen.getByTestId('confirm-email-code'), '  keyfob://verify?token=abc123 ');
    await user.click(screen.getByTestId('confirm-email-submit'));
    expect(backend.command('confirmEmail').calls).toEqual([['keyfob://verify?token=abc123']]);
    expect(screen.getByTestId('confirm-email-success')).toHaveTextContent(
      'Your email address is confirmed.',
    );
    expect(screen.getByTestId('confirm-email-sign-in')).toHaveAttribute(
      'href',
      '#/sign-in?email=robin%40example.com',
    );
  });

  it('shows an expired link and keeps the pasted text', async () => {
    const { user } = setup({
      confirmEmail: () =>
        Promise.reject(appError('confirmation_token_expired', 'This link has expired.')),
    });
    await user.type(screen.getByTestId('confirm-email-code'), 'abc123');
    await user.click(screen.getByTestId('confirm-email-submit'));
    expect(screen.getByTestId('confirm-email-error')).toHaveTextContent('This link has expired.');
    expect(screen.getByTestId('confirm-email-error')).toHaveTextContent('Ask for a new one');
    expect(screen.getByTestId('confirm-email-code')).toHaveValue('abc123');
  });

  it('asks for a code before confirming', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('confirm-email-submit'));
    expect(screen.getByTestId('confirm-email-code-missing')).toBeInTheDocument();
    expect(backend.command('confirmEmail').calls).toHaveLength(0);
  });

  it('shows the outcome of a link opened from outside: confirmed', () => {
    setup({}, { outcome: { confirmed: true, message: 'Confirmed by link.', code: null } });
    expect(screen.getByTestId('confirm-email-success')).toHaveTextContent('Confirmed by link.');
    expect(screen.getByTestId('confirm-email-sign-in')).toHaveTextContent('Sign in');
  });

  it('shows the outcome of a link opened from outside: not confirmed', () => {
    setup(
      {},
      {
        query: '',
        outcome: { confirmed: false, message: 'This link was already used.', code: 'confirmation_token_invalid' },
      },
    );
    expect(screen.getByTestId('confirm-email-error')).toHaveTextContent('This link was already used.');
    expect(screen.queryByTestId('confirm-email-success')).not.toBeInTheDocument();
  });

  it('resends, then keeps Resend off and counts down', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { backend, user } = setup();
    await user.click(screen.getByTestId('confirm-email-resend'));
    expect(backend.command('resendConfirmation').calls).toEqual([['robin@example.com']]);
    const status = screen.getByTestId('confirm-email-resend-status');
    expect(status).toHaveTextContent('A new link is on its way.');
    expect(status).toHaveTextContent('1 min');
    expect(screen.getByTestId('confirm-email-resend')).toBeDisabled();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(screen.getByTestId('confirm-email-resend')).toHaveTextContent('45 s');
    await vi.advanceTimersByTimeAsync(45_000);
    expect(screen.getByTestId('confirm-email-resend')).toBeEnabled();
  });

  it('counts down from the server’s wait when a resend is too soon', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user } = setup({
      resendConfirmation: () =>
        Promise.reject(
          appError('resend_too_soon', 'Wait before asking again.', { retryAfterSeconds: 20 }),
        ),
    });
    await user.click(screen.getByTestId('confirm-email-resend'));
    expect(screen.getByTestId('confirm-email-resend-error')).toHaveTextContent(
      'Wait before asking again.',
    );
    expect(screen.getByTestId('confirm-email-resend-status')).toHaveTextContent('20 s');
    expect(screen.getByTestId('confirm-email-resend')).toBeDisabled();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(screen.getByTestId('confirm-email-resend')).toBeEnabled();
    expect(screen.queryByTestId('confirm-email-resend-status')).not.toBeInTheDocument();
  });

  it('asks for the address when none is known', async () => {
    const { backend, user } = setup({}, { query: '' });
    expect(screen.queryByTestId('confirm-email-sent-to')).not.toBeInTheDocument();
    expect(screen.queryByTestId('confirm-email-open-mailbox')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('confirm-email-resend'));
    expect(screen.getByTestId('confirm-email-address-missing')).toBeInTheDocument();
    await user.type(screen.getByTestId('confirm-email-address'), 'sam@example.com');
    await user.click(screen.getByTestId('confirm-email-resend'));
    expect(backend.command('resendConfirmation').calls).toEqual([['sam@example.com']]);
  });

  it('links to the sandbox mailbox in sandbox mode only', () => {
    setup();
    expect(screen.getByTestId('confirm-email-open-mailbox')).toHaveAttribute(
      'href',
      '#/mailbox?to=robin%40example.com',
    );
  });

  it('has no mailbox link in server mode', () => {
    setup({}, { server: true });
    expect(screen.queryByTestId('confirm-email-open-mailbox')).not.toBeInTheDocument();
  });

  it('refreshes a signed-in account after confirming', async () => {
    const unconfirmed = account({ emailConfirmed: false, email: 'robin@example.com' });
    const { session, user } = setup(
      { refreshAccount: () => account({ emailConfirmed: true, email: 'robin@example.com' }) },
      { query: '', signedIn: unconfirmed },
    );
    await user.type(screen.getByTestId('confirm-email-code'), 'abc');
    await user.click(screen.getByTestId('confirm-email-submit'));
    expect(session.account?.emailConfirmed).toBe(true);
    expect(screen.getByTestId('confirm-email-sign-in')).toHaveAttribute('href', '#/vehicles');
  });
});
