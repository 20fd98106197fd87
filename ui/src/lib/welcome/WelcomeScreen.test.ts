import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext, SERVER_INFO } from '../app/test-support';
import WelcomeScreen from './WelcomeScreen.svelte';

function setup(query = '', server = false) {
  const backend = mockBackend();
  const session = loadedSession(backend, { info: server ? SERVER_INFO : {} });
  render(WelcomeScreen, {
    props: { params: new URLSearchParams(query) },
    context: screenContext(backend, session),
  });
}

describe('WelcomeScreen', () => {
  it('leads with Sign in and Create account', () => {
    setup();
    expect(screen.getByTestId('welcome-sign-in')).toHaveAttribute('href', '#/sign-in');
    expect(screen.getByTestId('welcome-register')).toHaveAttribute('href', '#/register');
    expect(screen.getByTestId('welcome-check-vin')).toHaveAttribute('href', '#/vin');
  });

  it('mentions the demo account and the mailbox in the sandbox', () => {
    setup();
    const sandbox = screen.getByTestId('welcome-sandbox');
    expect(sandbox).toHaveTextContent('demo@sandbox.keyfob.test');
    expect(sandbox).toHaveTextContent('Sandbox-Demo-2026');
    expect(screen.getByTestId('welcome-mailbox')).toHaveAttribute('href', '#/mailbox');
  });

  it('names the server in server mode, without the demo account', () => {
    setup('', true);
    expect(screen.queryByTestId('welcome-sandbox')).not.toBeInTheDocument();
    expect(screen.getByTestId('welcome-server')).toHaveTextContent('https://keyfob.example.com');
  });

  it.each([
    ['account-deleted', 'has been deleted'],
    ['signed-out', 'signed out on this device'],
    ['signed-out-everywhere', 'every device'],
  ])('shows the %s notice', (notice, text) => {
    setup(`notice=${notice}`);
    expect(screen.getByTestId('welcome-notice')).toHaveTextContent(text);
  });

  it('shows no notice for an unknown one', () => {
    setup('notice=whatever');
    expect(screen.queryByTestId('welcome-notice')).not.toBeInTheDocument();
  });
});
