import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  loadedSession,
  mockBackend,
  screenContext,
  SERVER_INFO,
  setupUser,
} from '../app/test-support';
import { appError, done } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import ForgotPasswordScreen from './ForgotPasswordScreen.svelte';

function setup(options: MockBackendOptions = {}, query = '', server = false) {
  const backend = mockBackend({
    forgotPassword: () => done('If the address has an account, a link is on its way.'),
    ...options,
  });
  const session = loadedSession(backend, { info: server ? SERVER_INFO : {} });
  const user = setupUser();
  render(ForgotPasswordScreen, {
    props: { params: new URLSearchParams(query) },
    context: screenContext(backend, session),
  });
  return { backend, user };
}

describe('ForgotPasswordScreen', () => {
  it('sends the link and gives the same answer whatever the address', async () => {
    const { backend, user } = setup();
    await user.type(screen.getByTestId('forgot-email'), 'robin@example.com');
    await user.click(screen.getByTestId('forgot-submit'));
    expect(backend.command('forgotPassword').calls).toEqual([['robin@example.com']]);
    const sent = screen.getByTestId('forgot-sent');
    expect(sent).toHaveTextContent('robin@example.com');
    expect(sent).toHaveTextContent('spam');
    expect(sent).toHaveTextContent('1 hour');
    expect(screen.getByTestId('forgot-open-mailbox')).toHaveAttribute(
      'href',
      '#/mailbox?to=robin%40example.com',
    );
    expect(screen.getByTestId('forgot-email')).toHaveValue('robin@example.com');
  });

  it('pre-fills the address from Sign in', () => {
    setup({}, 'email=robin%40example.com');
    expect(screen.getByTestId('forgot-email')).toHaveValue('robin@example.com');
  });

  it('has no mailbox link in server mode', async () => {
    const { user } = setup({}, 'email=a%40b.test', true);
    await user.click(screen.getByTestId('forgot-submit'));
    expect(screen.getByTestId('forgot-sent')).toBeInTheDocument();
    expect(screen.queryByTestId('forgot-open-mailbox')).not.toBeInTheDocument();
  });

  it('asks for an address first', async () => {
    const { backend, user } = setup();
    await user.click(screen.getByTestId('forgot-submit'));
    expect(screen.getByTestId('forgot-email-missing')).toBeInTheDocument();
    expect(backend.command('forgotPassword').calls).toHaveLength(0);
  });

  it('shows an error with Retry and keeps the address', async () => {
    let down = true;
    const { backend, user } = setup({
      forgotPassword: () =>
        down ? Promise.reject(appError('unreachable', 'Failed to connect to the server.')) : done(),
    });
    await user.type(screen.getByTestId('forgot-email'), 'robin@example.com');
    await user.click(screen.getByTestId('forgot-submit'));
    expect(screen.getByTestId('forgot-error')).toHaveTextContent('Failed to connect');
    expect(screen.queryByTestId('forgot-sent')).not.toBeInTheDocument();
    down = false;
    await user.click(screen.getByTestId('forgot-error-retry'));
    expect(backend.command('forgotPassword').calls).toHaveLength(2);
    expect(screen.getByTestId('forgot-sent')).toBeInTheDocument();
  });

  it('links to the reset screen for someone who already has a code', () => {
    setup();
    expect(screen.getByTestId('forgot-have-code')).toHaveAttribute('href', '#/reset-password');
  });
});
