import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import PinSection from './PinSection.svelte';

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({
    setAppPin: { pinSet: true, confirmedForSeconds: null },
    removeAppPin: { pinSet: false, confirmedForSeconds: null },
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  render(PinSection, { context: screenContext(backend, session) });
  return { backend, session, user };
}

type User = ReturnType<typeof setupUser>;

async function fill(user: User, password: string, pin: string, confirm: string) {
  if (password) await user.type(screen.getByTestId('pin-password'), password);
  if (pin) await user.type(screen.getByTestId('pin-new'), pin);
  if (confirm) await user.type(screen.getByTestId('pin-confirm'), confirm);
}

describe('App PIN', () => {
  it('says no PIN is set and explains what the PIN is for', async () => {
    const { backend } = setup();
    const state = await screen.findByTestId('pin-state');
    expect(backend.command('identityState').calls).toHaveLength(1);
    expect(state).toHaveAttribute('data-set', 'false');
    expect(state).toHaveTextContent('No PIN');
    expect(screen.queryByTestId('pin-remove')).not.toBeInTheDocument();
    const explanation = screen.getByTestId('pin-explanation');
    expect(explanation).toHaveTextContent('for your account, on every device');
    expect(explanation).not.toHaveTextContent('this device');
    expect(explanation).toHaveTextContent('Five wrong PINs switch it off');
    expect(explanation).toHaveTextContent('your password always works');
    expect(explanation).toHaveTextContent('5 minutes');
    const pin = screen.getByTestId('pin-new');
    expect(pin).toHaveAttribute('inputmode', 'numeric');
    expect(pin).toHaveAttribute('autocomplete', 'off');
    expect(screen.getByTestId('pin-confirm')).toHaveAttribute('autocomplete', 'off');
  });

  it('sets a PIN with the account password', async () => {
    const { backend, user } = setup();
    await screen.findByTestId('pin-state');
    await fill(user, 'Correct-Horse-1', '4821', '4821');
    await user.click(screen.getByTestId('pin-save'));
    expect(backend.command('setAppPin').calls).toEqual([['Correct-Horse-1', '4821']]);
    expect(await screen.findByTestId('pin-saved')).toHaveTextContent('PIN set.');
    expect(screen.getByTestId('pin-saved')).toHaveTextContent('every device');
    expect(screen.getByTestId('pin-state')).toHaveAttribute('data-set', 'true');
    expect(screen.getByTestId('pin-state')).toHaveTextContent('for your account, on every device');
    expect(screen.getByTestId('pin-password')).toHaveValue('');
    expect(screen.getByTestId('pin-new')).toHaveValue('');
    expect(screen.getByTestId('pin-confirm')).toHaveValue('');
    expect(screen.getByTestId('pin-remove')).toBeInTheDocument();
  });

  it('checks the digits as they are typed', async () => {
    const { user } = setup();
    await screen.findByTestId('pin-state');
    await user.type(screen.getByTestId('pin-new'), '12a');
    expect(screen.getByTestId('pin-new-error')).toHaveTextContent('Only digits');
    await user.clear(screen.getByTestId('pin-new'));
    await user.type(screen.getByTestId('pin-new'), '12');
    expect(screen.queryByTestId('pin-new-error')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('pin-new'), '345');
    expect(screen.getByTestId('pin-new-error')).toHaveTextContent('exactly 4 digits; this has 5');
    await user.type(screen.getByTestId('pin-new'), '{Backspace}');
    expect(screen.queryByTestId('pin-new-error')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('pin-confirm'), '1235');
    expect(screen.getByTestId('pin-confirm-error')).toHaveTextContent('The two PINs differ');
    await user.type(screen.getByTestId('pin-confirm'), '{Backspace}4');
    expect(screen.queryByTestId('pin-confirm-error')).not.toBeInTheDocument();
  });

  it('says what is missing and sends nothing', async () => {
    const { backend, user } = setup();
    await screen.findByTestId('pin-state');
    await user.click(screen.getByTestId('pin-save'));
    expect(screen.getByTestId('pin-password-error')).toHaveTextContent('Type your account password');
    expect(screen.getByTestId('pin-new-error')).toHaveTextContent('Choose a 4-digit PIN');
    expect(screen.getByTestId('pin-confirm-error')).toHaveTextContent('Type the new PIN again');

    await fill(user, 'Correct-Horse-1', '48', '48');
    await user.click(screen.getByTestId('pin-save'));
    expect(screen.getByTestId('pin-new-error')).toHaveTextContent('type 2 more');
    expect(backend.command('setAppPin').calls).toHaveLength(0);
    expect(screen.getByTestId('pin-password')).toHaveValue('Correct-Horse-1');
  });

  it('shows a wrong password at the password field and keeps the PIN typed', async () => {
    const { user } = setup({
      setAppPin: () =>
        Promise.reject(appError('wrong_password', 'That password is not right.', { field: 'password' })),
    });
    await screen.findByTestId('pin-state');
    await fill(user, 'Wrong-Horse-1', '4821', '4821');
    await user.click(screen.getByTestId('pin-save'));
    expect(await screen.findByTestId('pin-password-error')).toHaveTextContent('That password is not right.');
    expect(screen.queryByTestId('pin-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('pin-saved')).not.toBeInTheDocument();
    expect(screen.getByTestId('pin-new')).toHaveValue('4821');
    await user.type(screen.getByTestId('pin-password'), 'x');
    expect(screen.queryByTestId('pin-password-error')).not.toBeInTheDocument();
  });

  it('takes the server’s currentPassword field as this form’s password field', async () => {
    const { user } = setup({
      setAppPin: () =>
        Promise.reject(appError('wrong_password', 'That is not your current password.', { field: 'currentPassword' })),
    });
    await screen.findByTestId('pin-state');
    await fill(user, 'Wrong-Horse-1', '4821', '4821');
    await user.click(screen.getByTestId('pin-save'));
    expect(await screen.findByTestId('pin-password-error')).toHaveTextContent('That is not your current password.');
    expect(screen.queryByTestId('pin-error')).not.toBeInTheDocument();
  });

  it('shows the server’s PIN refusal at the PIN field', async () => {
    const { user } = setup({
      setAppPin: () => Promise.reject(appError('pin_format', 'A PIN is exactly 4 digits.', { field: 'pin' })),
    });
    await screen.findByTestId('pin-state');
    await fill(user, 'Correct-Horse-1', '4821', '4821');
    await user.click(screen.getByTestId('pin-save'));
    expect(await screen.findByTestId('pin-new-error')).toHaveTextContent('A PIN is exactly 4 digits.');
  });

  it('shows other failures with a way to try again', async () => {
    let calls = 0;
    const { backend, user } = setup({
      setAppPin: () => {
        calls++;
        return calls === 1
          ? Promise.reject(appError('unreachable', 'Failed to connect to the server.'))
          : Promise.resolve({ pinSet: true, confirmedForSeconds: null });
      },
    });
    await screen.findByTestId('pin-state');
    await fill(user, 'Correct-Horse-1', '4821', '4821');
    await user.click(screen.getByTestId('pin-save'));
    expect(await screen.findByTestId('pin-error')).toHaveTextContent('Failed to connect');
    await user.click(screen.getByTestId('pin-error-retry'));
    expect(await screen.findByTestId('pin-saved')).toBeInTheDocument();
    expect(backend.command('setAppPin').calls).toHaveLength(2);
  });

  it('changes and removes a PIN that is set', async () => {
    const { backend, user } = setup({ identityState: { pinSet: true, confirmedForSeconds: null } });
    const state = await screen.findByTestId('pin-state');
    expect(state).toHaveAttribute('data-set', 'true');
    expect(screen.getByTestId('pin-save')).toHaveTextContent('Change the PIN');

    await user.click(screen.getByTestId('pin-remove'));
    expect(backend.command('removeAppPin').calls).toHaveLength(1);
    expect(await screen.findByTestId('pin-removed')).toHaveTextContent('PIN removed.');
    expect(screen.getByTestId('pin-state')).toHaveAttribute('data-set', 'false');
    expect(screen.queryByTestId('pin-remove')).not.toBeInTheDocument();
    expect(screen.getByTestId('pin-save')).toHaveTextContent('Set the PIN');
  });

  it('says when removing fails', async () => {
    const { user } = setup({
      identityState: { pinSet: true, confirmedForSeconds: null },
      removeAppPin: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    await screen.findByTestId('pin-state');
    await user.click(screen.getByTestId('pin-remove'));
    expect(await screen.findByTestId('pin-remove-error')).toHaveTextContent('Failed to connect');
    expect(screen.getByTestId('pin-state')).toHaveAttribute('data-set', 'true');
  });

  it('says when the app cannot tell whether a PIN is set', async () => {
    let calls = 0;
    const { user } = setup({
      identityState: () => {
        calls++;
        return calls === 1
          ? Promise.reject(appError('internal', 'The device store could not be read.'))
          : Promise.resolve({ pinSet: true, confirmedForSeconds: 120 });
      },
    });
    expect(await screen.findByTestId('pin-state-error')).toHaveTextContent('could not be read');
    await user.click(screen.getByTestId('pin-state-error-retry'));
    expect(await screen.findByTestId('pin-state')).toHaveAttribute('data-set', 'true');
  });
});
