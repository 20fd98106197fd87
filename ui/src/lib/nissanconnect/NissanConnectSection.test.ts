import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext } from '../app/test-support';
import { account, appError, nissanConnection } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import NissanConnectSection from './NissanConnectSection.svelte';

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend(options);
  const session = loadedSession(backend, { account: account() });
  render(NissanConnectSection, { context: screenContext(backend, session) });
  return { backend };
}

describe('NissanConnectSection (Account)', () => {
  it('leads to the NissanConnect screen and says where the connection stands', async () => {
    setup({ nissanconnect: nissanConnection() });
    expect(await screen.findByTestId('account-nissanconnect')).toHaveAttribute('href', '#/nissanconnect');
    expect(screen.getByTestId('account-nissanconnect-state')).toHaveTextContent('Connected: o•••@example.com');
  });

  it('tells when Nissan ended the sign-in', async () => {
    setup({ nissanconnect: nissanConnection({ state: 'sign_in_again' }) });
    expect(await screen.findByTestId('account-nissanconnect-state')).toHaveTextContent('sign in again');
  });

  it('is not there when the backend does not use NissanConnect (the sandbox)', async () => {
    const { backend } = setup();
    await flushPromises();
    expect(backend.command('nissanconnect').calls).toHaveLength(1);
    expect(screen.queryByTestId('account-nissanconnect')).not.toBeInTheDocument();
  });

  it('still leads there when the backend cannot say just now', async () => {
    setup({ nissanconnect: () => Promise.reject(appError('unreachable', 'No server.')) });
    expect(await screen.findByTestId('account-nissanconnect')).toBeInTheDocument();
    expect(screen.queryByTestId('account-nissanconnect-state')).not.toBeInTheDocument();
  });
});
