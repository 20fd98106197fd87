import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  loadedSession,
  mockBackend,
  PERSONAL_INFO,
  screenContext,
  SERVER_INFO,
  setupUser,
} from '../app/test-support';
import { account, appError, backendInfo } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import type { BackendInfo } from '../bindings';
import StartScreen from './StartScreen.svelte';

const serverInfo = (url = 'https://keyfob.example.com') =>
  backendInfo(undefined, { mode: 'server', baseUrl: url } as Partial<BackendInfo>) as BackendInfo;

function setup(
  options: MockBackendOptions = {},
  mode: 'unset' | 'sandbox' | 'server' | 'personal' = 'unset',
  signedIn = false,
) {
  const backend = mockBackend({
    useSandbox: () => backendInfo(),
    useServer: (url) => serverInfo(url),
    usePersonal: () => backendInfo(undefined, PERSONAL_INFO),
    ...options,
  });
  const info =
    mode === 'unset'
      ? ({ mode: 'unset', baseUrl: null } as Partial<BackendInfo>)
      : mode === 'server'
        ? SERVER_INFO
        : mode === 'personal'
          ? PERSONAL_INFO
          : {};
  const session = loadedSession(backend, { info, account: signedIn ? account() : null });
  const user = setupUser();
  render(StartScreen, { context: screenContext(backend, session) });
  return { backend, session, user };
}

describe('StartScreen on first start', () => {
  it('offers the sandbox first, as the primary choice', () => {
    setup();
    const sandbox = screen.getByTestId('start-sandbox');
    expect(sandbox).toHaveClass('button-primary');
    expect(screen.getByTestId('screen-start')).toHaveTextContent('Try with simulated cars (sandbox)');
    expect(screen.getByTestId('screen-start')).toHaveTextContent('Connect to a server');
    expect(screen.queryByTestId('start-current')).not.toBeInTheDocument();
    expect(screen.queryByTestId('start-cancel')).not.toBeInTheDocument();
  });

  it('starts the sandbox and goes to Welcome', async () => {
    const { backend, session, user } = setup();
    await user.click(screen.getByTestId('start-sandbox'));
    expect(backend.command('useSandbox').calls).toHaveLength(1);
    expect(session.info?.mode).toBe('sandbox');
    expect(window.location.hash).toBe('#/');
  });

  it('shows progress while the sandbox starts', async () => {
    const { backend, user } = setup({ manual: true });
    await user.click(screen.getByTestId('start-sandbox'));
    expect(screen.getByTestId('start-connecting')).toHaveTextContent('Starting the sandbox');
    expect(screen.getByTestId('start-sandbox')).toBeDisabled();
    expect(screen.getByTestId('start-server-connect')).toBeDisabled();
    await backend.command('useSandbox').pending[0]!.resolve();
    expect(screen.queryByTestId('start-connecting')).not.toBeInTheDocument();
  });

  it('connects to a server by its address', async () => {
    const { backend, session, user } = setup();
    await user.type(screen.getByTestId('start-server-url'), ' https://keyfob.example.com ');
    await user.click(screen.getByTestId('start-server-connect'));
    expect(backend.command('useServer').calls).toEqual([['https://keyfob.example.com']]);
    expect(session.info?.mode).toBe('server');
    expect(window.location.hash).toBe('#/');
  });

  it('shows progress while connecting', async () => {
    const { backend, user } = setup({ manual: true });
    await user.type(screen.getByTestId('start-server-url'), 'https://keyfob.example.com');
    await user.click(screen.getByTestId('start-server-connect'));
    expect(screen.getByTestId('start-connecting')).toHaveTextContent(
      'Connecting to https://keyfob.example.com',
    );
    expect(screen.getByTestId('start-server-connect')).toHaveTextContent('Connecting…');
    await backend.command('useServer').pending[0]!.resolve();
  });

  it('asks for an address first', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('start-server-connect'));
    expect(screen.getByTestId('start-server-url-missing')).toBeInTheDocument();
    expect(backend.command('useServer').calls).toHaveLength(0);
  });

  it.each([
    ['server_url_invalid', 'That is not a web address.', 'https://keyfob.example.com'],
    ['not_a_keyfob_server', 'That server is not a Keyfob server.', 'not a Keyfob server'],
    ['unreachable', 'Failed to connect to the server.', 'online'],
  ])('shows %s with its advice and keeps the address', async (code, message, advice) => {
    const { session, user } = setup({
      useServer: () => Promise.reject(appError(code, message, { field: 'url' })),
    });
    await user.type(screen.getByTestId('start-server-url'), 'keyfob.example');
    await user.click(screen.getByTestId('start-server-connect'));
    const error = screen.getByTestId('start-server-error');
    expect(error).toHaveTextContent(message);
    expect(error).toHaveTextContent(advice);
    expect(screen.getByTestId('start-server-url')).toHaveValue('keyfob.example');
    expect(session.info?.mode).toBe('unset');
  });

  it('retries a connection that failed', async () => {
    let down = true;
    const { backend, user } = setup({
      useServer: (url) =>
        down ? Promise.reject(appError('timeout', 'No answer in time.')) : serverInfo(url),
    });
    await user.type(screen.getByTestId('start-server-url'), 'https://keyfob.example.com');
    await user.click(screen.getByTestId('start-server-connect'));
    down = false;
    await user.click(screen.getByTestId('start-server-error-retry'));
    expect(backend.command('useServer').calls).toHaveLength(2);
    expect(window.location.hash).toBe('#/');
  });

  it('shows a sandbox failure with Retry', async () => {
    const { user } = setup({
      useSandbox: () => Promise.reject(appError('internal', 'The sandbox could not start.')),
    });
    await user.click(screen.getByTestId('start-sandbox'));
    expect(screen.getByTestId('start-sandbox-error')).toHaveTextContent('could not start');
    expect(screen.getByTestId('start-sandbox-error-retry')).toBeInTheDocument();
  });
});

describe('StartScreen from Account', () => {
  it('shows the sandbox in use, warns about signing out and offers Cancel', () => {
    setup({}, 'sandbox', true);
    expect(screen.getByTestId('start-current-mode')).toHaveTextContent('Sandbox');
    expect(screen.getByTestId('start-sign-out-warning')).toHaveTextContent('signs you out');
    expect(screen.getByTestId('start-cancel')).toHaveAttribute('href', '#/account');
  });

  it('shows the server in use and pre-fills its address', () => {
    setup({}, 'server');
    expect(screen.getByTestId('start-current-mode')).toHaveTextContent(
      'Server https://keyfob.example.com',
    );
    expect(screen.getByTestId('start-server-url')).toHaveValue('https://keyfob.example.com');
    expect(screen.getByTestId('start-cancel')).toHaveAttribute('href', '#/');
  });

  it('switching signs out', async () => {
    const { session, user } = setup({}, 'server', true);
    await user.click(screen.getByTestId('start-sandbox'));
    expect(session.signedIn).toBe(false);
    expect(session.info?.mode).toBe('sandbox');
  });
});

describe('StartScreen: My Nissan (personal mode)', () => {
  it('offers it as a third choice, explained in one line', () => {
    setup();
    expect(screen.getByTestId('screen-start')).toHaveTextContent('My Nissan (NissanConnect account)');
    const explanation = screen.getByTestId('start-personal-explanation');
    expect(explanation).toHaveTextContent('Your own car, through Nissan’s service');
    expect(explanation).toHaveTextContent('no Keyfob server or account needed');
    expect(explanation).toHaveTextContent('alerts work only while the app is running');
    expect(screen.getByTestId('start-personal')).toBeEnabled();
  });

  it('chooses personal mode, signed in at once, and goes to NissanConnect', async () => {
    const owner = account({ email: 'owner@personal.keyfob.local', nickname: 'owner' });
    const { backend, session, user } = setup({ currentAccount: owner });
    await user.click(screen.getByTestId('start-personal'));
    expect(backend.command('usePersonal').calls).toHaveLength(1);
    expect(session.info?.mode).toBe('personal');
    expect(session.account).toEqual(owner);
    expect(window.location.hash).toBe('#/nissanconnect');
  });

  it('shows progress while its server starts', async () => {
    const { backend, user } = setup({ manual: true });
    await user.click(screen.getByTestId('start-personal'));
    expect(screen.getByTestId('start-connecting')).toHaveTextContent('Starting Keyfob’s own server');
    expect(screen.getByTestId('start-personal')).toBeDisabled();
    expect(screen.getByTestId('start-sandbox')).toBeDisabled();
    await backend.command('usePersonal').pending[0]!.resolve();
    await backend.command('currentAccount').pending[0]!.resolve(account());
    expect(screen.queryByTestId('start-connecting')).not.toBeInTheDocument();
  });

  it('shows a failure with Retry and stays where it was', async () => {
    const { session, user } = setup({
      usePersonal: () => Promise.reject(appError('internal', 'The server could not start.')),
    });
    await user.click(screen.getByTestId('start-personal'));
    expect(screen.getByTestId('start-personal-error')).toHaveTextContent('could not start');
    expect(screen.getByTestId('start-personal-error-retry')).toBeInTheDocument();
    expect(session.info?.mode).toBe('unset');
  });

  it('names personal mode when it is the one in use', () => {
    setup({}, 'personal', true);
    expect(screen.getByTestId('start-current-mode')).toHaveTextContent('My Nissan (personal mode)');
    expect(screen.getByTestId('start-cancel')).toHaveTextContent('keep personal mode');
  });
});
