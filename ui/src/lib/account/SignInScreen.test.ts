import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  loadedSession,
  mockBackend,
  screenContext,
  SERVER_INFO,
  setupUser,
} from '../app/test-support';
import { account, appError } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import SignInScreen from './SignInScreen.svelte';

function setup(options: MockBackendOptions = {}, query = '', server = false) {
  const backend = mockBackend({ signIn: () => account(), ...options });
  const session = loadedSession(backend, { info: server ? SERVER_INFO : {} });
  const user = setupUser();
  render(SignInScreen, {
    props: { params: new URLSearchParams(query) },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

async function fill(user: ReturnType<typeof setupUser>, email = 'robin@example.com', password = 'Harbour-Lantern-9') {
  await user.type(screen.getByTestId('sign-in-email'), email);
  await user.type(screen.getByTestId('sign-in-password'), password);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SignInScreen', () => {
  it('signs in, saves the account in the session and opens My vehicles', async () => {
    const { backend, session, user } = setup();
    expect(screen.getByRole('heading', { level: 1 })).toHaveAttribute('tabindex', '-1');
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(backend.command('signIn').calls).toEqual([['robin@example.com', 'Harbour-Lantern-9']]);
    expect(session.account?.nickname).toBe('demo_owner');
    expect(window.location.hash).toBe('#/vehicles');
  });

  it('returns to the screen named in next', async () => {
    const { user } = setup({}, 'next=%2Fvehicle%3Fid%3Dveh_1');
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(window.location.hash).toBe('#/vehicle?id=veh_1');
  });

  it('shows progress and blocks a second submit while waiting', async () => {
    const { backend, user } = setup({ manual: true });
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    const submit = screen.getByTestId('sign-in-submit');
    expect(submit).toBeDisabled();
    expect(submit).toHaveTextContent('Signing in…');
    await user.click(submit);
    expect(backend.command('signIn').calls).toHaveLength(1);
    await backend.command('signIn').pending[0]!.resolve();
    expect(window.location.hash).toBe('#/vehicles');
  });

  it('asks for both fields before calling the server', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(screen.getByTestId('sign-in-missing')).toBeInTheDocument();
    expect(backend.command('signIn').calls).toHaveLength(0);
  });

  it('shows wrong credentials and keeps what was typed', async () => {
    const { user } = setup({
      signIn: () => Promise.reject(appError('invalid_credentials', 'Email or password is wrong.')),
    });
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('Email or password is wrong.');
    expect(screen.queryByTestId('sign-in-error-retry')).not.toBeInTheDocument();
    expect(screen.getByTestId('sign-in-email')).toHaveValue('robin@example.com');
    expect(screen.getByTestId('sign-in-password')).toHaveValue('Harbour-Lantern-9');
    expect(window.location.hash).toBe('');
  });

  it('links to confirm-email for an unconfirmed address', async () => {
    const { user } = setup({
      signIn: () => Promise.reject(appError('email_not_confirmed', 'Confirm your email first.')),
    });
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('Confirm your email first.');
    expect(screen.getByTestId('sign-in-confirm-email')).toHaveAttribute(
      'href',
      '#/confirm-email?email=robin%40example.com',
    );
  });

  it('counts down after too many attempts and only then allows another', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let blocked = true;
    const { backend, user } = setup({
      signIn: () =>
        blocked
          ? Promise.reject(
              appError('too_many_attempts', 'Too many attempts.', { retryAfterSeconds: 65 }),
            )
          : account(),
    });
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('Too many attempts.');
    expect(screen.getByTestId('sign-in-countdown')).toHaveTextContent('1 min 05 s');
    expect(screen.getByTestId('sign-in-submit')).toBeDisabled();
    expect(screen.getByTestId('sign-in-submit')).toHaveTextContent('Wait 1 min 05 s');

    await vi.advanceTimersByTimeAsync(10_000);
    expect(screen.getByTestId('sign-in-countdown')).toHaveTextContent('55 s');
    await vi.advanceTimersByTimeAsync(55_000);
    expect(screen.queryByTestId('sign-in-countdown')).not.toBeInTheDocument();
    expect(screen.getByTestId('sign-in-submit')).toBeEnabled();

    blocked = false;
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(backend.command('signIn').calls).toHaveLength(2);
    expect(window.location.hash).toBe('#/vehicles');
  });

  it('offers Retry for a connection failure, with the typed input kept', async () => {
    let down = true;
    const { backend, user } = setup({
      signIn: () =>
        down ? Promise.reject(appError('unreachable', 'Failed to connect to the server.')) : account(),
    }, '', true);
    await fill(user);
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('Failed to connect');
    expect(screen.getByTestId('sign-in-error')).toHaveTextContent('mobile data');
    down = false;
    await user.click(screen.getByTestId('sign-in-error-retry'));
    expect(backend.command('signIn').calls[1]).toEqual(['robin@example.com', 'Harbour-Lantern-9']);
    expect(window.location.hash).toBe('#/vehicles');
  });

  it('fills in the sandbox demo account', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('sign-in-use-demo'));
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(backend.command('signIn').lastCall).toEqual([
      'demo@sandbox.keyfob.test',
      'Sandbox-Demo-2026',
    ]);
  });

  it('has no demo account in server mode', () => {
    setup({}, '', true);
    expect(screen.queryByTestId('sign-in-demo')).not.toBeInTheDocument();
  });

  it('says why when the session ended, and pre-fills an email', () => {
    setup({}, 'reason=session-ended&email=robin%40example.com');
    expect(screen.getByTestId('sign-in-session-ended')).toBeInTheDocument();
    expect(screen.getByTestId('sign-in-email')).toHaveValue('robin@example.com');
  });

  it('links to Forgot password (with the email) and Create account', async () => {
    const { user } = setup();
    expect(screen.getByTestId('sign-in-register')).toHaveAttribute('href', '#/register');
    expect(screen.getByTestId('sign-in-forgot')).toHaveAttribute('href', '#/forgot-password');
    await user.type(screen.getByTestId('sign-in-email'), 'a@b.test');
    expect(screen.getByTestId('sign-in-forgot')).toHaveAttribute(
      'href',
      '#/forgot-password?email=a%40b.test',
    );
  });
});
