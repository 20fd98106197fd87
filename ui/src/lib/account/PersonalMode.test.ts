// Personal mode on the account screens: no Keyfob account to sign in to, register or change the
// password of; the NissanConnect password confirms it is the owner.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  loadedSession,
  mockBackend,
  PERSONAL_INFO,
  screenContext,
  setupUser,
} from '../app/test-support';
import { account, appError, backendInfo, nissanConnection } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import type { Account, BackendInfo } from '../bindings';
import WelcomeScreen from '../welcome/WelcomeScreen.svelte';
import AccountScreen from './AccountScreen.svelte';
import SignInScreen from './SignInScreen.svelte';

const OWNER = account({ email: 'owner@personal.keyfob.local', nickname: 'owner' });

function personal(options: MockBackendOptions = {}, signedIn: Account | null = null) {
  const backend = mockBackend({
    usePersonal: () => backendInfo(undefined, PERSONAL_INFO),
    currentAccount: OWNER,
    refreshAccount: OWNER,
    ...options,
  });
  const session = loadedSession(backend, { info: PERSONAL_INFO, account: signedIn });
  return { backend, session, user: setupUser(), context: screenContext(backend, session) };
}

describe('Sign in, in personal mode', () => {
  it('offers one Continue button instead of the email and password form', () => {
    const { context } = personal();
    render(SignInScreen, { props: { params: new URLSearchParams() }, context });
    expect(screen.getByTestId('personal-continue')).toBeInTheDocument();
    expect(screen.queryByTestId('sign-in-email')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sign-in-password')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sign-in-forgot')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sign-in-register')).not.toBeInTheDocument();
  });

  it('signs in again through personal mode and returns to the screen it came from', async () => {
    const { backend, session, user, context } = personal();
    render(SignInScreen, {
      props: { params: new URLSearchParams({ next: '/dashboard', reason: 'session-ended' }) },
      context,
    });
    expect(screen.getByTestId('sign-in-session-ended')).toBeInTheDocument();
    await user.click(screen.getByTestId('personal-continue'));
    expect(backend.command('usePersonal').calls).toHaveLength(1);
    expect(backend.command('signIn').calls).toHaveLength(0);
    expect(session.account).toEqual(OWNER);
    expect(session.info?.mode).toBe('personal');
    expect(window.location.hash).toBe('#/dashboard');
  });

  it('shows a failure with Retry', async () => {
    const { user, context } = personal({
      usePersonal: () => Promise.reject(appError('internal', 'The local server did not start.')),
    });
    render(SignInScreen, { props: { params: new URLSearchParams() }, context });
    await user.click(screen.getByTestId('personal-continue'));
    expect(await screen.findByTestId('personal-continue-error')).toHaveTextContent('did not start');
    expect(screen.getByTestId('personal-continue-error-retry')).toBeInTheDocument();
  });
});

describe('Welcome, in personal mode', () => {
  it('has no Create account, and says there is no Keyfob account to create', () => {
    const { context } = personal();
    render(WelcomeScreen, { context });
    expect(screen.queryByTestId('welcome-register')).not.toBeInTheDocument();
    expect(screen.queryByTestId('welcome-step-register')).not.toBeInTheDocument();
    expect(screen.getByTestId('welcome-sign-in')).toHaveTextContent('Continue');
    expect(screen.getByTestId('welcome-personal')).toHaveTextContent('no Keyfob account to create');
  });
});

describe('Account, in personal mode', () => {
  async function account_(options: MockBackendOptions = {}) {
    const setup = personal({ nissanconnect: nissanConnection(), ...options }, OWNER);
    render(AccountScreen, { context: setup.context });
    await flushPromises();
    return setup;
  }

  it('has no password to change, but keeps the PIN, asking for the NissanConnect password', async () => {
    await account_();
    expect(screen.queryByTestId('account-current-password')).not.toBeInTheDocument();
    expect(screen.queryByTestId('account-change-password')).not.toBeInTheDocument();
    const pin = screen.getByTestId('pin-section');
    expect(within(pin).getByLabelText(/NissanConnect password/)).toBe(screen.getByTestId('pin-password'));
    expect(screen.getByTestId('pin-explanation')).toHaveTextContent('ask for your NissanConnect password');
  });

  it('asks for the NissanConnect password when the PIN is saved without it', async () => {
    const { user } = await account_();
    await user.type(screen.getByTestId('pin-new'), '1234');
    await user.type(screen.getByTestId('pin-confirm'), '1234');
    await user.click(screen.getByTestId('pin-save'));
    expect(screen.getByTestId('pin-password-error')).toHaveTextContent('Type your NissanConnect password.');
  });

  it('shows personal mode as the backend, with the way to switch', async () => {
    await account_();
    expect(screen.getByTestId('account-backend-mode')).toHaveTextContent('Personal mode');
    expect(screen.getByTestId('account-backend-personal')).toHaveTextContent('for you alone');
    expect(screen.getByTestId('account-change-backend')).toHaveAttribute('href', '#/start');
  });

  it('leads to NissanConnect', async () => {
    await account_();
    expect(screen.getByTestId('account-nissanconnect')).toHaveAttribute('href', '#/nissanconnect');
  });

  it('asks for the NissanConnect password to delete the account', async () => {
    const { user } = await account_();
    await user.click(screen.getByTestId('account-delete-open'));
    expect(screen.getByLabelText(/Your NissanConnect password, to confirm/)).toBe(
      screen.getByTestId('account-delete-password'),
    );
  });
});

describe('Account, elsewhere', () => {
  it('keeps the password change and the account password in the sandbox, without NissanConnect', async () => {
    const backend = mockBackend({ refreshAccount: account() });
    const session = loadedSession(backend, { account: account(), info: {} as Partial<BackendInfo> });
    render(AccountScreen, { context: screenContext(backend, session) });
    await flushPromises();
    expect(screen.getByTestId('account-change-password')).toBeInTheDocument();
    expect(screen.getByLabelText('Account password')).toBe(screen.getByTestId('pin-password'));
    expect(screen.queryByTestId('account-nissanconnect')).not.toBeInTheDocument();
    expect(screen.getByTestId('account-backend-mode')).toHaveTextContent('Sandbox');
  });
});
