import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

// Android's back button, through Tauri's app API.
const tauriApp = vi.hoisted(() => ({ onBackButtonPress: vi.fn(), exit: vi.fn() }));
vi.mock('@tauri-apps/api/app', () => tauriApp);

import App from './App.svelte';
import { SERVER_INFO, mockBackend } from './lib/app/test-support';
import { backendContext } from './lib/backend';
import { account, appError, backendInfo, deviceKind } from './lib/backend/fixtures';
import { flushPromises, type MockBackendOptions } from './lib/backend/mock';
import type { BackendInfo } from './lib/bindings';

function setup(hash = '', options: MockBackendOptions = {}) {
  window.location.hash = hash;
  const backend = mockBackend(options);
  const user = userEvent.setup();
  render(App, { context: backendContext(backend) });
  return { backend, user };
}

function signedIn(hash = '', options: MockBackendOptions = {}) {
  return setup(hash, { currentAccount: () => account(), ...options });
}

const serverInfo = () => backendInfo(undefined, SERVER_INFO) as BackendInfo;
const unsetInfo = () => backendInfo(undefined, { mode: 'unset', baseUrl: null } as never);

describe('App frame and navigation', () => {
  it('shows a quiet loading state until the session is known, then Welcome', async () => {
    const { backend } = setup('', { manual: true });
    expect(screen.getByTestId('app-loading')).toHaveTextContent('Starting Keyfob');
    await backend.command('backendInfo').pending[0]!.resolve();
    await backend.command('currentAccount').pending[0]!.resolve();
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
    expect(screen.queryByTestId('app-loading')).not.toBeInTheDocument();
  });

  it('says when the app cannot start, and tries again', async () => {
    let fail = true;
    const { user } = setup('', {
      backendInfo: () =>
        fail ? Promise.reject(appError('internal', 'The app could not start.')) : backendInfo(),
    });
    expect(await screen.findByTestId('app-load-error')).toHaveTextContent('could not start');
    fail = false;
    await user.click(screen.getByTestId('app-load-error-retry'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('opens on Welcome', async () => {
    setup();
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
    expect(screen.getByTestId('welcome-title')).toHaveTextContent('Keyfob');
    expect(screen.getByTestId('nav-welcome')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-vin-check')).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });

  it('switches screens from the navigation and marks the current item', async () => {
    const { user } = setup();
    await screen.findByTestId('screen-welcome');

    await user.click(screen.getByTestId('nav-vin-check'));
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
    expect(screen.queryByTestId('screen-welcome')).not.toBeInTheDocument();
    expect(window.location.hash).toBe('#/vin');
    expect(screen.getByTestId('nav-vin-check')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-welcome')).not.toHaveAttribute('aria-current');

    await user.click(screen.getByTestId('nav-password-check'));
    expect(await screen.findByTestId('screen-password-check')).toBeInTheDocument();
    expect(screen.getByTestId('password-input')).toBeInTheDocument();

    await user.click(screen.getByTestId('nav-help'));
    expect(await screen.findByTestId('screen-help')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/help');
    expect(screen.getByTestId('nav-help')).toHaveTextContent('Help');

    await user.click(screen.getByTestId('nav-welcome'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('moves focus to the new screen’s heading after navigating', async () => {
    const { user } = setup();
    await screen.findByTestId('screen-welcome');
    await user.click(screen.getByTestId('nav-password-check'));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1, name: 'Password checker' })).toHaveFocus(),
    );
    await user.click(screen.getByTestId('nav-sign-in'));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus(),
    );
  });

  it('opens Help from the address and follows a link from an answer to its screen', async () => {
    const { user } = setup('#/help');
    expect(await screen.findByTestId('screen-help')).toBeInTheDocument();
    await user.click(screen.getByTestId('help-topic-vin-toggle'));
    await user.click(screen.getByTestId('help-topic-vin-link-vin-check'));
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
  });

  it('leads Welcome with Sign in and Create account, keeping the VIN check', async () => {
    const { user } = setup();
    await screen.findByTestId('screen-welcome');
    await user.click(screen.getByTestId('welcome-sign-in'));
    expect(await screen.findByTestId('screen-sign-in')).toBeInTheDocument();
    window.location.hash = '#/';
    await user.click(await screen.findByTestId('welcome-register'));
    expect(await screen.findByTestId('screen-register')).toBeInTheDocument();
    window.location.hash = '#/';
    await user.click(await screen.findByTestId('welcome-check-vin'));
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
  });

  it('follows Back and Forward (hash changes)', async () => {
    setup('#/vin');
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
    window.location.hash = '#/';
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('shows a way back for an unknown address', async () => {
    const { user } = setup('#/garage');
    expect(await screen.findByTestId('screen-not-found')).toBeInTheDocument();
    await user.click(screen.getByTestId('not-found-home'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
  });

  it('opens and closes the narrow-window menu', async () => {
    const { user } = setup();
    await screen.findByTestId('screen-welcome');
    const toggle = screen.getByTestId('nav-toggle');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(toggle).toHaveAttribute('aria-controls', nav.id);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(nav).toHaveClass('open');

    await user.keyboard('{Escape}');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveFocus();

    await user.click(toggle);
    await user.click(screen.getByTestId('nav-vin-check'));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(await screen.findByTestId('screen-vin-check')).toBeInTheDocument();
  });

  it('passes the backend from context down to the screens', async () => {
    const { backend, user } = setup('#/vin');
    await user.type(await screen.findByTestId('vin-input'), '1N');
    expect(backend.vin.calls).toEqual([['1'], ['1N']]);
  });
});

describe('App navigation menu', () => {
  const navIds = () =>
    [...screen.getByTestId('nav').querySelectorAll('a')].map((a) => a.dataset.testid);

  it('lists the signed-out screens and the sandbox mailbox', async () => {
    setup();
    await screen.findByTestId('screen-welcome');
    expect(navIds()).toEqual([
      'nav-welcome',
      'nav-sign-in',
      'nav-register',
      'nav-mailbox',
      'nav-vin-check',
      'nav-password-check',
      'nav-help',
    ]);
    expect(screen.queryByTestId('header-account')).not.toBeInTheDocument();
    expect(screen.getByTestId('header-mode')).toHaveTextContent('Sandbox');
  });

  it('lists the signed-in screens and shows the nickname in the header', async () => {
    const { user } = signedIn('#/help');
    await screen.findByTestId('screen-help');
    expect(navIds()).toEqual([
      'nav-dashboard',
      'nav-vehicles',
      'nav-invitations',
      'nav-account',
      'nav-mailbox',
      'nav-vin-check',
      'nav-password-check',
      'nav-help',
    ]);
    const header = screen.getByTestId('header-account');
    expect(header).toHaveTextContent('demo_owner');
    await user.click(header);
    expect(await screen.findByTestId('screen-account')).toBeInTheDocument();
  });

  it('leaves sandbox-only screens out in server mode', async () => {
    setup('', { backendInfo: serverInfo });
    await screen.findByTestId('screen-welcome');
    expect(navIds()).not.toContain('nav-mailbox');
    expect(screen.queryByTestId('header-mode')).not.toBeInTheDocument();
  });

  it('brand link goes to #/', async () => {
    setup('#/help');
    await screen.findByTestId('screen-help');
    expect(screen.getByTestId('brand')).toHaveAttribute('href', '#/');
  });
});

describe('App guards', () => {
  it('shows the Start screen whatever the address while no backend is chosen', async () => {
    const { backend, user } = setup('#/vehicles', {
      backendInfo: unsetInfo,
      useSandbox: () => backendInfo(),
    });
    expect(await screen.findByTestId('screen-start')).toBeInTheDocument();
    expect(screen.queryByTestId('nav')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('start-sandbox'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
    expect(backend.command('useSandbox').calls).toHaveLength(1);
  });

  it('sends a signed-out person to Sign in and back to where they were after', async () => {
    const { user } = setup('#/vehicle?id=veh_1', { signIn: () => account() });
    expect(await screen.findByTestId('screen-sign-in')).toBeInTheDocument();
    expect(window.location.hash).toBe(
      `#/sign-in?next=${encodeURIComponent('/vehicle?id=veh_1')}`,
    );
    await user.type(screen.getByTestId('sign-in-email'), 'demo@sandbox.keyfob.test');
    await user.type(screen.getByTestId('sign-in-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(await screen.findByTestId('screen-vehicle')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/vehicle?id=veh_1');
  });

  it('opens My vehicles after signing in from the menu', async () => {
    const { user } = setup('#/sign-in', { signIn: () => account() });
    await user.type(await screen.findByTestId('sign-in-email'), 'demo@sandbox.keyfob.test');
    await user.type(screen.getByTestId('sign-in-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('sign-in-submit'));
    expect(await screen.findByTestId('screen-vehicles')).toBeInTheDocument();
    expect(screen.getByTestId('header-account')).toHaveTextContent('demo_owner');
  });

  it.each(['#/sign-in', '#/register', '#/', '#/forgot-password'])(
    'sends a signed-in person from %s to My vehicles',
    async (hash) => {
      signedIn(hash);
      expect(await screen.findByTestId('screen-vehicles')).toBeInTheDocument();
      expect(window.location.hash).toBe('#/vehicles');
    },
  );

  it('lets a signed-in person open screens for anyone', async () => {
    signedIn('#/reset-password?token=abc');
    expect(await screen.findByTestId('screen-reset-password')).toBeInTheDocument();
  });

  it('renders the other helper’s screens for their routes', async () => {
    signedIn('#/vehicles/link');
    expect(await screen.findByTestId('screen-link-vehicle')).toBeInTheDocument();
    window.location.hash = '#/invitations';
    expect(await screen.findByTestId('screen-invitations')).toBeInTheDocument();
  });

  it('opens a car’s geofences and alerts from their addresses', async () => {
    signedIn('#/vehicle/geofences?id=veh_qashqai');
    expect(await screen.findByTestId('geofences-screen')).toBeInTheDocument();
    window.location.hash = '#/vehicle/alerts?id=veh_qashqai';
    expect(await screen.findByTestId('alerts-screen')).toBeInTheDocument();
  });

  it('shows a car’s alert on any screen and opens that car’s alerts from it', async () => {
    const { backend, user } = signedIn('#/help', { alertHistory: [] });
    await screen.findByTestId('screen-help');
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(1));
    backend.emitVehicleAlert({
      vehicleId: 'veh_qashqai',
      summary: 'Left Home',
      alert: {
        id: 'alr_1',
        vehicleId: 'veh_qashqai',
        event: { kind: 'zone', zoneId: 'zon_home', zoneName: 'Home', crossing: 'left' },
        position: { latitude: 48.8566, longitude: 2.3522 },
        at: '2026-11-23T12:00:00Z',
      },
    });
    expect(await screen.findByTestId('alert-banner-summary')).toHaveTextContent('Left Home');
    await user.click(screen.getByTestId('alert-banner-open'));
    expect(await screen.findByTestId('alerts-screen')).toBeInTheDocument();
    expect(screen.queryByTestId('alert-banner')).not.toBeInTheDocument();
  });

  it('shows NotFound for sandbox-only screens in server mode', async () => {
    setup('#/mailbox', { backendInfo: serverInfo });
    expect(await screen.findByTestId('screen-not-found')).toBeInTheDocument();
  });

  it('shows the head unit on its own, without the app frame', async () => {
    setup('#/head-unit?vin=SJNTAAJ11SU512207');
    expect(await screen.findByTestId('screen-head-unit')).toBeInTheDocument();
    expect(screen.queryByTestId('nav')).not.toBeInTheDocument();
    expect(screen.queryByTestId('brand')).not.toBeInTheDocument();
  });

  it('leaves verify links to the main window', async () => {
    const { backend } = setup('#/head-unit', {
      takeVerifyLinkOutcome: () => ({ confirmed: true, message: 'Email confirmed.', code: null }),
    });
    expect(await screen.findByTestId('screen-head-unit')).toBeInTheDocument();
    expect(backend.command('takeVerifyLinkOutcome').calls).toHaveLength(0);
    expect(backend.verifyLinkHandlers.size).toBe(0);
  });

  it('has no head unit in server mode', async () => {
    setup('#/head-unit', { backendInfo: serverInfo });
    expect(await screen.findByTestId('screen-not-found')).toBeInTheDocument();
  });

  it('goes to Welcome after signing out, not to Sign in', async () => {
    const { user } = signedIn('#/account', { refreshAccount: () => account() });
    await user.click(await screen.findByTestId('account-sign-out'));
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
    expect(screen.getByTestId('welcome-notice')).toHaveTextContent('signed out');
    await flushPromises();
    expect(window.location.hash).toBe('#/?notice=signed-out');
  });

  it('sends the person to Sign in when the session ends on a screen', async () => {
    signedIn('#/account', {
      refreshAccount: () => Promise.reject(appError('session_revoked', 'Signed out elsewhere.')),
    });
    expect(await screen.findByTestId('screen-sign-in')).toBeInTheDocument();
    expect(screen.getByTestId('sign-in-session-ended')).toBeInTheDocument();
    expect(window.location.hash).toBe(`#/sign-in?next=%2Faccount&reason=session-ended`);
    expect(screen.queryByTestId('header-account')).not.toBeInTheDocument();
  });
});

describe('App email confirmation links', () => {
  it('shows a link opened while the app was closed on the confirm-email screen', async () => {
    setup('', {
      takeVerifyLinkOutcome: () => ({ confirmed: true, message: 'Email confirmed.', code: null }),
    });
    expect(await screen.findByTestId('screen-confirm-email')).toBeInTheDocument();
    expect(screen.getByTestId('confirm-email-success')).toHaveTextContent('Email confirmed.');
    expect(screen.getByTestId('confirm-email-sign-in')).toHaveAttribute('href', '#/sign-in');
  });

  it('shows a link that reaches the running app, and its failure', async () => {
    const { backend } = setup('#/help');
    await screen.findByTestId('screen-help');
    backend.emitVerifyLink({
      confirmed: false,
      message: 'This link has expired.',
      code: 'confirmation_token_expired',
    });
    expect(await screen.findByTestId('screen-confirm-email')).toBeInTheDocument();
    expect(screen.getByTestId('confirm-email-error')).toHaveTextContent('This link has expired.');
    expect(screen.getByTestId('confirm-email-error')).toHaveTextContent('Ask for a new one');
  });

  it('forgets the outcome once the person leaves the screen', async () => {
    const { backend } = setup('#/help');
    await screen.findByTestId('screen-help');
    backend.emitVerifyLink({ confirmed: true, message: 'Email confirmed.', code: null });
    expect(await screen.findByTestId('confirm-email-success')).toBeInTheDocument();
    window.location.hash = '#/help';
    await screen.findByTestId('screen-help');
    window.location.hash = '#/confirm-email';
    expect(await screen.findByTestId('screen-confirm-email')).toBeInTheDocument();
    expect(screen.queryByTestId('confirm-email-success')).not.toBeInTheDocument();
  });
});

describe('App on a phone', () => {
  it('follows Android’s back button and marks the phone for the safe-area fallback', async () => {
    const unregister = vi.fn().mockResolvedValue(undefined);
    tauriApp.onBackButtonPress.mockReset().mockResolvedValue({ unregister });
    const back = vi.spyOn(window.history, 'back').mockImplementation(() => {});
    setup('', { deviceKind: deviceKind('android') });
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
    await waitFor(() => expect(tauriApp.onBackButtonPress).toHaveBeenCalledTimes(1));
    expect(document.documentElement.dataset.device).toBe('android');
    const press = tauriApp.onBackButtonPress.mock.calls[0]![0] as (payload: { canGoBack: boolean }) => void;
    press({ canGoBack: true });
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('leaves Back and <html> alone on a computer', async () => {
    tauriApp.onBackButtonPress.mockReset();
    setup();
    expect(await screen.findByTestId('screen-welcome')).toBeInTheDocument();
    await flushPromises();
    expect(tauriApp.onBackButtonPress).not.toHaveBeenCalled();
    expect(document.documentElement.dataset.device).toBeUndefined();
  });
});
