import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import {
  loadedSession,
  mockBackend,
  screenContext,
  SERVER_INFO,
  setupUser,
} from '../app/test-support';
import { account, appError, done } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import AccountScreen from './AccountScreen.svelte';

async function setup(options: MockBackendOptions = {}, server = false) {
  const backend = mockBackend({
    refreshAccount: () => account(),
    updateProfile: (request) =>
      account({
        nickname: request.nickname ?? 'demo_owner',
        phone: request.phone === undefined ? null : request.phone,
      }),
    changePassword: () => done('Password changed.'),
    signOutEverywhere: () => done('Signed out everywhere.'),
    deleteAccount: () => done('Account deleted.'),
    ...options,
  });
  const session = loadedSession(backend, { account: account(), info: server ? SERVER_INFO : {} });
  const user = setupUser();
  render(AccountScreen, { context: screenContext(backend, session) });
  await flushPromises();
  return { backend, session, user };
}

describe('AccountScreen profile', () => {
  it('shows the account and refreshes it from the server', async () => {
    const { backend, session } = await setup({
      refreshAccount: () => account({ nickname: 'renamed_elsewhere', phone: '+44 7700 900123' }),
    });
    expect(backend.command('refreshAccount').calls).toHaveLength(1);
    expect(screen.getByTestId('account-email')).toHaveTextContent('demo@sandbox.keyfob.test');
    expect(screen.getByTestId('account-region')).toHaveTextContent('European Union (EU)');
    expect(screen.getByTestId('account-nickname')).toHaveValue('renamed_elsewhere');
    expect(screen.getByTestId('account-phone')).toHaveValue('+44 7700 900123');
    expect(session.account?.nickname).toBe('renamed_elsewhere');
    expect(screen.getByTestId('account-save')).toBeDisabled();
  });

  it('saves only what changed', async () => {
    const { backend, session, user } = await setup();
    await user.clear(screen.getByTestId('account-nickname'));
    await user.type(screen.getByTestId('account-nickname'), 'Leaf_Driver');
    await user.click(screen.getByTestId('account-save'));
    expect(backend.command('updateProfile').calls).toEqual([[{ nickname: 'Leaf_Driver' }]]);
    expect(screen.getByTestId('account-saved')).toBeInTheDocument();
    expect(session.account?.nickname).toBe('Leaf_Driver');
  });

  it('removes the phone number when emptied, with the password', async () => {
    const { backend, user } = await setup({ refreshAccount: () => account({ phone: '+1 555 0100' }) });
    expect(screen.queryByTestId('profile-current-password')).not.toBeInTheDocument();
    await user.clear(screen.getByTestId('account-phone'));
    await user.type(screen.getByTestId('profile-current-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('account-save'));
    expect(backend.command('updateProfile').calls).toEqual([
      [{ phone: null, currentPassword: 'Sandbox-Demo-2026' }],
    ]);
  });

  it('asks for the password, with the reason, only when the phone number changes', async () => {
    const { backend, user } = await setup({ refreshAccount: () => account({ phone: '+44 7700 900123' }) });
    await user.type(screen.getByTestId('account-nickname'), 'x');
    expect(screen.queryByTestId('profile-current-password')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('account-phone'), '4');
    const password = screen.getByTestId('profile-current-password');
    expect(password).toHaveAttribute('type', 'password');
    expect(password).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByText(/Head-unit codes go to this number, so changing it needs your password/)).toBeInTheDocument();
    await user.click(screen.getByTestId('account-save'));
    expect(screen.getByTestId('profile-current-password-error')).toHaveTextContent('Type your password');
    expect(backend.command('updateProfile').calls).toHaveLength(0);

    // Back to the saved number: the field goes, and a nickname alone needs no password.
    await user.type(screen.getByTestId('account-phone'), '{Backspace}');
    expect(screen.queryByTestId('profile-current-password')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('account-save'));
    expect(backend.command('updateProfile').calls).toEqual([[{ nickname: 'demo_ownerx' }]]);
  });

  it('sends the password with a new number and clears it once saved', async () => {
    const { backend, user } = await setup({
      updateProfile: (request) =>
        account({ phone: request.phone ?? null, phoneChangedAt: '2026-11-23T10:00:00Z' }),
    });
    await user.type(screen.getByTestId('account-phone'), '+44 7700 900123');
    await user.type(screen.getByTestId('profile-current-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('account-save'));
    expect(backend.command('updateProfile').calls).toEqual([
      [{ phone: '+44 7700 900123', currentPassword: 'Sandbox-Demo-2026' }],
    ]);
    expect(await screen.findByTestId('account-saved')).toBeInTheDocument();
    expect(screen.queryByTestId('profile-current-password')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('account-phone'), '4');
    expect(screen.getByTestId('profile-current-password')).toHaveValue('');
  });

  it('shows a wrong password under the password field and keeps the number', async () => {
    const { user } = await setup({
      updateProfile: () =>
        Promise.reject(
          appError('wrong_password', 'That is not your current password.', { field: 'currentPassword' }),
        ),
    });
    await user.type(screen.getByTestId('account-phone'), '+44 7700 900123');
    await user.type(screen.getByTestId('profile-current-password'), 'Guess-1');
    await user.click(screen.getByTestId('account-save'));
    expect(screen.getByTestId('profile-current-password-error')).toHaveTextContent(
      'That is not your current password.',
    );
    expect(screen.queryByTestId('account-profile-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('account-phone')).toHaveValue('+44 7700 900123');
    await user.type(screen.getByTestId('profile-current-password'), 'x');
    expect(screen.queryByTestId('profile-current-password-error')).not.toBeInTheDocument();
  });

  it('says when SMS codes reach a number changed less than 24 hours ago', async () => {
    // The tests run at 10:00 UTC on 23 November 2026; the number changed at 08:30.
    await setup({
      refreshAccount: () => account({ phone: '+44 7700 900123', phoneChangedAt: '2026-11-23T08:30:00Z' }),
    });
    const wait = screen.getByTestId('profile-phone-wait');
    expect(wait).toHaveAttribute('data-until', '2026-11-24T08:30:00.000Z');
    const until = new Date('2026-11-24T08:30:00Z').toLocaleString(undefined, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(wait).toHaveTextContent(`head-unit SMS codes go to it only from ${until}`);
  });

  it('says nothing of a wait once the 24 hours are over, or without a number', async () => {
    await setup({
      refreshAccount: () => account({ phone: '+44 7700 900123', phoneChangedAt: '2026-11-22T09:59:00Z' }),
    });
    expect(screen.queryByTestId('profile-phone-wait')).not.toBeInTheDocument();
    cleanup();
    await setup({ refreshAccount: () => account({ phone: null, phoneChangedAt: '2026-11-23T08:30:00Z' }) });
    expect(screen.queryByTestId('profile-phone-wait')).not.toBeInTheDocument();
  });

  it.each([
    ['nickname', 'nickname_length', 'A nickname has 3 to 32 characters.'],
    ['phone', 'phone_invalid', 'Use the international format.'],
  ])('puts a %s error next to the field and keeps the input', async (field, code, message) => {
    const { user } = await setup({
      updateProfile: () => Promise.reject(appError(code, message, { field })),
    });
    const input = screen.getByTestId(`account-${field}`);
    await user.clear(input);
    await user.type(input, 'ab');
    if (field === 'phone') await user.type(screen.getByTestId('profile-current-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('account-save'));
    expect(screen.getByTestId(`account-${field}-error`)).toHaveTextContent(message);
    expect(screen.queryByTestId('account-profile-error')).not.toBeInTheDocument();
    expect(input).toHaveValue('ab');
  });

  it('shows other profile errors apart, with Retry', async () => {
    let down = true;
    const { backend, user } = await setup({
      updateProfile: () =>
        down ? Promise.reject(appError('unreachable', 'Failed to connect.')) : account({ nickname: 'Leaf_Driver' }),
    });
    await user.type(screen.getByTestId('account-nickname'), 'x');
    await user.click(screen.getByTestId('account-save'));
    expect(screen.getByTestId('account-profile-error')).toHaveTextContent('Failed to connect.');
    down = false;
    await user.click(screen.getByTestId('account-profile-error-retry'));
    expect(backend.command('updateProfile').calls).toHaveLength(2);
    expect(screen.getByTestId('account-saved')).toBeInTheDocument();
  });

  it('says when it shows the saved account because the server is unreachable', async () => {
    await setup({ refreshAccount: () => Promise.reject(appError('unreachable', 'No connection.')) });
    expect(screen.getByTestId('account-offline')).toBeInTheDocument();
    expect(screen.getByTestId('account-nickname')).toHaveValue('demo_owner');
  });

  it('ends the session when the server says it is over', async () => {
    const { session } = await setup({
      refreshAccount: () => Promise.reject(appError('session_expired', 'Session expired.')),
    });
    expect(session.signedIn).toBe(false);
    expect(window.location.hash).toContain('#/sign-in?next=');
    expect(window.location.hash).toContain('reason=session-ended');
  });
});

describe('AccountScreen password', () => {
  it('changes the password and says other devices were signed out', async () => {
    const { backend, user } = await setup();
    await user.type(screen.getByTestId('account-current-password'), 'Old-Password-1');
    await fireEvent.input(screen.getByTestId('account-new-password-input'), {
      target: { value: 'New-Harbour-Lantern-9' },
    });
    await user.click(screen.getByTestId('account-change-password'));
    expect(backend.command('changePassword').calls).toEqual([
      ['Old-Password-1', 'New-Harbour-Lantern-9'],
    ]);
    expect(screen.getByTestId('account-password-done')).toHaveTextContent('other devices');
    expect(screen.getByTestId('account-current-password')).toHaveValue('');
  });

  it('passes email and nickname to the strength check', async () => {
    const { backend } = await setup();
    await fireEvent.input(screen.getByTestId('account-new-password-input'), {
      target: { value: 'Demo-Owner-1' },
    });
    await flushPromises();
    expect(backend.password.lastCall).toEqual([
      'Demo-Owner-1',
      ['demo@sandbox.keyfob.test', 'demo_owner'],
    ]);
  });

  it('shows a wrong current password and keeps both fields', async () => {
    const { user } = await setup({
      changePassword: () => Promise.reject(appError('wrong_password', 'The current password is not right.')),
    });
    await user.type(screen.getByTestId('account-current-password'), 'Guess-1');
    await fireEvent.input(screen.getByTestId('account-new-password-input'), {
      target: { value: 'New-Harbour-Lantern-9' },
    });
    await user.click(screen.getByTestId('account-change-password'));
    expect(screen.getByTestId('account-password-error')).toHaveTextContent('not right');
    expect(screen.getByTestId('account-current-password')).toHaveValue('Guess-1');
    expect(screen.getByTestId('account-new-password-input')).toHaveValue('New-Harbour-Lantern-9');
  });

  it('asks for the current password first', async () => {
    const { backend, user } = await setup();
    await user.click(screen.getByTestId('account-change-password'));
    expect(screen.getByTestId('account-password-missing')).toBeInTheDocument();
    expect(backend.command('changePassword').calls).toHaveLength(0);
  });
});

describe('AccountScreen sessions, backend and deletion', () => {
  it('signs out to Welcome', async () => {
    const { backend, session, user } = await setup();
    await user.click(screen.getByTestId('account-sign-out'));
    expect(backend.command('signOut').calls).toHaveLength(1);
    expect(session.signedIn).toBe(false);
    expect(window.location.hash).toBe('#/?notice=signed-out');
  });

  it('signs out on this device even when the server cannot be told', async () => {
    const { session, user } = await setup({
      signOut: () => Promise.reject(appError('unreachable', 'No connection.')),
    });
    await user.click(screen.getByTestId('account-sign-out'));
    expect(session.signedIn).toBe(false);
  });

  it('asks before signing out everywhere', async () => {
    const { backend, session, user } = await setup();
    await user.click(screen.getByTestId('account-sign-out-everywhere'));
    expect(backend.command('signOutEverywhere').calls).toHaveLength(0);
    expect(screen.getByTestId('account-sign-out-everywhere-panel')).toHaveTextContent('every');
    await user.click(screen.getByTestId('account-sign-out-everywhere-confirm'));
    expect(backend.command('signOutEverywhere').calls).toHaveLength(1);
    expect(session.signedIn).toBe(false);
    expect(window.location.hash).toBe('#/?notice=signed-out-everywhere');
  });

  it('can cancel signing out everywhere, and shows its errors', async () => {
    const { backend, user } = await setup({
      signOutEverywhere: () => Promise.reject(appError('timeout', 'No answer in time.')),
    });
    await user.click(screen.getByTestId('account-sign-out-everywhere'));
    await user.click(screen.getByTestId('account-sign-out-everywhere-confirm'));
    expect(screen.getByTestId('account-sign-out-everywhere-error')).toHaveTextContent('No answer');
    await user.click(screen.getByTestId('account-sign-out-everywhere-cancel'));
    expect(screen.queryByTestId('account-sign-out-everywhere-panel')).not.toBeInTheDocument();
    expect(backend.command('signOutEverywhere').calls).toHaveLength(1);
  });

  it('has a Privacy section with the map tiles switch', async () => {
    const { backend } = await setup({ mapPrivacy: { tilesAllowed: true } });
    expect(screen.getByRole('heading', { name: 'Privacy' })).toBeInTheDocument();
    expect(screen.getByTestId('privacy-map-tiles')).toBeChecked();
    expect(backend.command('mapPrivacy').calls).toHaveLength(1);
  });

  it('shows the backend and links to change it', async () => {
    await setup();
    expect(screen.getByTestId('account-backend-mode')).toHaveTextContent('Sandbox');
    expect(screen.getByTestId('account-change-backend')).toHaveAttribute('href', '#/start');
  });

  it('shows the server address in server mode', async () => {
    await setup({}, true);
    expect(screen.getByTestId('account-backend-mode')).toHaveTextContent(
      'Server https://keyfob.example.com',
    );
  });

  it('deletes the account after the password, explaining what goes', async () => {
    const { backend, session, user } = await setup();
    expect(screen.queryByTestId('account-delete-password')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('account-delete-open'));
    expect(screen.getByTestId('account-delete-panel')).toHaveTextContent('cannot be undone');
    await user.click(screen.getByTestId('account-delete-confirm'));
    expect(screen.getByTestId('account-delete-password-missing')).toBeInTheDocument();
    expect(backend.command('deleteAccount').calls).toHaveLength(0);
    await user.type(screen.getByTestId('account-delete-password'), 'Sandbox-Demo-2026');
    await user.click(screen.getByTestId('account-delete-confirm'));
    expect(backend.command('deleteAccount').calls).toEqual([['Sandbox-Demo-2026']]);
    expect(session.signedIn).toBe(false);
    expect(window.location.hash).toBe('#/?notice=account-deleted');
  });

  it('shows a wrong password on delete and keeps the account', async () => {
    const { session, user } = await setup({
      deleteAccount: () => Promise.reject(appError('wrong_password', 'The password is not right.')),
    });
    await user.click(screen.getByTestId('account-delete-open'));
    await user.type(screen.getByTestId('account-delete-password'), 'nope');
    await user.click(screen.getByTestId('account-delete-confirm'));
    expect(screen.getByTestId('account-delete-error')).toHaveTextContent('not right');
    expect(screen.getByTestId('account-delete-password')).toHaveValue('nope');
    expect(session.signedIn).toBe(true);
  });
});
