import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext } from '../app/test-support';
import { account, appError, done, invitation, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import InvitationsScreen from './InvitationsScreen.svelte';

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({
    invitations: [
      invitation(),
      invitation({ id: 'inv_2', vehicleModel: 'Leaf', vehicleModelYear: 2022, vinMasked: '•••••••••••000001', ownerNickname: 'anna_k' }),
    ],
    acceptInvitation: vehicle({ id: 'veh_new', role: 'driver' }),
    declineInvitation: done(),
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = userEvent.setup();
  render(InvitationsScreen, {
    props: { params: new URLSearchParams() },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

describe('Invitations', () => {
  it('lists each invitation with the car and who sent it', async () => {
    setup();
    expect(screen.getByTestId('invitations-loading')).toBeInTheDocument();
    const rows = await screen.findAllByTestId('invitation-row');
    expect(rows.map((row) => row.getAttribute('data-invitation-id'))).toEqual(['inv_1', 'inv_2']);
    expect(within(rows[1]!).getByTestId('invitation-model')).toHaveTextContent('Leaf 2022');
    expect(within(rows[1]!).getByTestId('invitation-vin')).toHaveTextContent('•••••••••••000001');
    expect(within(rows[1]!).getByTestId('invitation-owner')).toHaveTextContent('anna_k');
  });

  it('opens the car after accepting', async () => {
    const { backend, user } = setup();
    const [first] = await screen.findAllByTestId('invitation-row');
    await user.click(within(first!).getByTestId('invitation-accept'));
    expect(backend.command('acceptInvitation').calls).toEqual([['inv_1']]);
    await waitFor(() => expect(window.location.hash).toBe('#/vehicle?id=veh_new'));
  });

  it('shows progress while accepting', async () => {
    let finish: () => void = () => {};
    const { user } = setup({
      acceptInvitation: () => new Promise((resolve) => (finish = () => resolve(vehicle({ id: 'veh_new' })))),
    });
    const [first] = await screen.findAllByTestId('invitation-row');
    await user.click(within(first!).getByTestId('invitation-accept'));
    expect(within(first!).getByTestId('invitation-accept')).toHaveTextContent('Accepting…');
    expect(within(first!).getByTestId('invitation-decline')).toBeDisabled();
    finish();
    await waitFor(() => expect(window.location.hash).toBe('#/vehicle?id=veh_new'));
  });

  it('drops a declined invitation, and says when none is left', async () => {
    const { backend, user } = setup({ invitations: [invitation()] });
    await user.click(await screen.findByTestId('invitation-decline'));
    expect(backend.command('declineInvitation').calls).toEqual([['inv_1']]);
    expect(await screen.findByTestId('invitations-empty')).toBeInTheDocument();
    expect(screen.queryByTestId('invitation-row')).not.toBeInTheDocument();
  });

  it('says why accepting failed, on the row', async () => {
    const { user } = setup({
      acceptInvitation: () => Promise.reject(appError('invitation_not_found', 'This invitation is no longer valid.')),
    });
    const [first] = await screen.findAllByTestId('invitation-row');
    await user.click(within(first!).getByTestId('invitation-accept'));
    const error = await within(first!).findByTestId('invitation-error');
    expect(error).toHaveTextContent('This invitation is no longer valid.');
    expect(screen.getByTestId('invitation-error-guidance')).toHaveTextContent('withdrawn');
  });

  it('explains the empty list', async () => {
    setup({ invitations: [] });
    expect(await screen.findByTestId('invitations-empty')).toHaveTextContent('invite');
  });

  it('offers to try again when the list cannot be loaded', async () => {
    const { backend, user } = setup({
      invitations: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    expect(await screen.findByTestId('invitations-error')).toHaveTextContent('Failed to connect');
    backend.command('invitations').answer = [invitation()];
    await user.click(screen.getByTestId('invitations-error-retry'));
    expect(await screen.findAllByTestId('invitation-row')).toHaveLength(1);
  });

  it('goes to Sign in when the session ended', async () => {
    const { session } = setup({
      invitations: () => Promise.reject(appError('session_revoked', 'You were signed out.')),
    });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
  });
});
