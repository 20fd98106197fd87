import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, PERSONAL_INFO, screenContext, setupUser } from '../app/test-support';
import { account } from '../backend/fixtures';
import type { BackendInfo } from '../bindings';
import IdentityDialog from './IdentityDialog.svelte';

function setup(info: Partial<BackendInfo> = {}) {
  const backend = mockBackend();
  const session = loadedSession(backend, { account: account(), info });
  render(IdentityDialog, {
    props: { action: 'Unlock', onconfirmed: () => {}, oncancel: () => {} },
    context: screenContext(backend, session),
  });
  return { backend, user: setupUser() };
}

describe('IdentityDialog', () => {
  it('asks for the account password on a Keyfob backend', () => {
    setup();
    expect(screen.getByLabelText('Account password')).toBe(screen.getByTestId('identity-password'));
    expect(screen.getByTestId('identity-dialog')).toHaveTextContent('Unlock needs your account password');
  });

  it('asks for the NissanConnect password in personal mode', async () => {
    const { backend, user } = setup(PERSONAL_INFO);
    expect(screen.getByLabelText('NissanConnect password')).toBe(screen.getByTestId('identity-password'));
    expect(screen.getByTestId('identity-dialog')).toHaveTextContent('Unlock needs your NissanConnect password');
    await user.click(screen.getByTestId('identity-submit'));
    expect(screen.getByTestId('identity-password-error')).toHaveTextContent('Type your NissanConnect password.');
    expect(backend.command('confirmIdentity').calls).toHaveLength(0);
  });
});
