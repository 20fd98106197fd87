import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { appError, done, passwordReport } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import ResetPasswordScreen from './ResetPasswordScreen.svelte';

function setup(options: MockBackendOptions = {}, query = 'token=tok_123') {
  const backend = mockBackend({ resetPassword: () => done('Your password is changed.'), ...options });
  const session = loadedSession(backend);
  const user = setupUser();
  render(ResetPasswordScreen, {
    props: { params: new URLSearchParams(query) },
    context: screenContext(backend, session),
  });
  return { backend, user };
}

async function typePassword(value = 'Harbour-Lantern-9') {
  await fireEvent.input(screen.getByTestId('reset-password-input'), { target: { value } });
}

describe('ResetPasswordScreen', () => {
  it('pre-fills the code from the link and saves the new password', async () => {
    const { backend, user } = setup();
    expect(screen.getByTestId('reset-code')).toHaveValue('tok_123');
    await typePassword();
    await user.click(screen.getByTestId('reset-submit'));
    expect(backend.command('resetPassword').calls).toEqual([['tok_123', 'Harbour-Lantern-9']]);
    expect(screen.getByTestId('reset-success')).toHaveTextContent('Your password is changed.');
    expect(screen.getByTestId('reset-sign-in')).toHaveAttribute('href', '#/sign-in');
  });

  it('takes a pasted link', async () => {
    const { backend, user } = setup({}, '');
    await user.type(screen.getByTestId('reset-code'), 'keyfob://reset-password?token=xyz');
    await typePassword();
    await user.click(screen.getByTestId('reset-submit'));
    expect(backend.command('resetPassword').lastCall?.[0]).toBe('keyfob://reset-password?token=xyz');
  });

  it.each(['reset_token_expired', 'reset_token_invalid'])(
    'for %s says to ask for a new link',
    async (code) => {
      const { user } = setup({
        resetPassword: () =>
          Promise.reject(appError(code, 'This link no longer works.', { field: 'code' })),
      });
      await typePassword();
      await user.click(screen.getByTestId('reset-submit'));
      expect(screen.getByTestId('reset-error')).toHaveTextContent('This link no longer works.');
      expect(screen.getByTestId('reset-request-new')).toHaveAttribute('href', '#/forgot-password');
      expect(screen.getByTestId('reset-password-input')).toHaveValue('Harbour-Lantern-9');
      expect(screen.getByTestId('reset-code')).toHaveValue('tok_123');
    },
  );

  it('puts a password error from the server under the password', async () => {
    const { user } = setup({
      resetPassword: () =>
        Promise.reject(appError('password_common', 'Too common.', { field: 'password' })),
    });
    await typePassword();
    await user.click(screen.getByTestId('reset-submit'));
    expect(screen.getByTestId('reset-password-error')).toHaveTextContent('Too common.');
    expect(screen.queryByTestId('reset-error')).not.toBeInTheDocument();
  });

  it('puts an unreadable code under the code field', async () => {
    const { user } = setup({
      resetPassword: () =>
        Promise.reject(appError('input_invalid', 'That link is incomplete.', { field: 'code' })),
    });
    await typePassword();
    await user.click(screen.getByTestId('reset-submit'));
    expect(screen.getByTestId('reset-code-error')).toHaveTextContent('That link is incomplete.');
    expect(screen.queryByTestId('reset-error')).not.toBeInTheDocument();
  });

  it('checks the password live and refuses one that breaks the rules', async () => {
    const { backend, user } = setup({
      passwordCheck: (p) => passwordReport(p, { met: { length: false } }),
    });
    await typePassword('Short1');
    await waitFor(() =>
      expect(screen.getByTestId('reset-password-rule-length')).toHaveAttribute('data-state', 'unmet'),
    );
    await user.click(screen.getByTestId('reset-submit'));
    expect(screen.getByTestId('reset-password-error')).toBeInTheDocument();
    expect(backend.command('resetPassword').calls).toHaveLength(0);
  });

  it('asks for the code and a password', async () => {
    const { backend, user } = setup({}, '');
    await user.click(screen.getByTestId('reset-submit'));
    expect(screen.getByTestId('reset-code-error')).toBeInTheDocument();
    expect(screen.getByTestId('reset-password-error')).toBeInTheDocument();
    expect(backend.command('resetPassword').calls).toHaveLength(0);
  });
});
