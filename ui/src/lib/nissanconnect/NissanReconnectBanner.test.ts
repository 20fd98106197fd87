import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext } from '../app/test-support';
import { account, appError, nissanConnection } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import NissanReconnectBanner from './NissanReconnectBanner.svelte';

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend(options);
  const session = loadedSession(backend, { account: account() });
  render(NissanReconnectBanner, { context: screenContext(backend, session) });
  return { backend };
}

describe('NissanReconnectBanner', () => {
  it('asks to sign in to NissanConnect again when Nissan ended the sign-in', async () => {
    setup({ nissanconnect: nissanConnection({ state: 'sign_in_again' }) });
    const banner = await screen.findByTestId('nc-reconnect-banner');
    expect(banner).toHaveAttribute('href', '#/nissanconnect');
    expect(banner).toHaveTextContent('cannot be reached until you sign in again');
  });

  it.each([
    ['connected', nissanConnection()],
    ['not connected', nissanConnection({ state: 'not_connected', cars: [] })],
  ])('stays away while %s', async (_state, connection) => {
    const { backend } = setup({ nissanconnect: connection });
    await flushPromises();
    expect(backend.command('nissanconnect').calls).toHaveLength(1);
    expect(screen.queryByTestId('nc-reconnect-banner')).not.toBeInTheDocument();
  });

  it('stays away on a backend without NissanConnect, or when it cannot tell', async () => {
    setup({ nissanconnect: () => Promise.reject(appError('unreachable', 'No server.')) });
    await flushPromises();
    expect(screen.queryByTestId('nc-reconnect-banner')).not.toBeInTheDocument();
  });
});
