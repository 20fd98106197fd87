import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { VehicleList } from '../bindings';
import { loadedSession, mockBackend, screenContext } from '../app/test-support';
import { account, appError, invitation, stolenVehicle, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import VehiclesScreen from './VehiclesScreen.svelte';

function list(overrides: Partial<VehicleList> = {}): VehicleList {
  return {
    vehicles: [
      vehicle(),
      vehicle({
        id: 'veh_leaf',
        vin: 'SJNFAAZE1U0000001',
        vinMasked: '•••••••••••000001',
        model: 'Leaf',
        modelYear: 2022,
        role: 'driver',
        ownerNickname: 'anna_k',
        activation: {
          state: 'pending',
          linkedAt: '2026-11-23T10:00:00Z',
          expiresAt: '2026-11-24T10:00:00Z',
          confirmedAt: null,
          syncedAt: null,
        },
      }),
    ],
    selectedId: 'veh_qashqai',
    offline: null,
    savedAt: null,
    ...overrides,
  };
}

function setup(options: MockBackendOptions = {}, params = '') {
  const backend = mockBackend({ vehicles: list(), invitations: [], ...options });
  const session = loadedSession(backend, { account: account() });
  const user = userEvent.setup();
  render(VehiclesScreen, {
    props: { params: new URLSearchParams(params) },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

describe('My vehicles', () => {
  it('shows a progress line, then a card per vehicle', async () => {
    setup();
    expect(screen.getByTestId('vehicles-loading')).toBeInTheDocument();
    const cards = await screen.findAllByTestId('vehicle-card');
    expect(screen.queryByTestId('vehicles-loading')).not.toBeInTheDocument();
    expect(cards).toHaveLength(2);

    const [qashqai, leaf] = cards as [HTMLElement, HTMLElement];
    expect(qashqai).toHaveAttribute('data-vehicle-id', 'veh_qashqai');
    expect(qashqai).toHaveAttribute('data-selected', 'true');
    expect(qashqai).toHaveAttribute('data-state', 'active');
    expect(within(qashqai).getByTestId('vehicle-card-model')).toHaveTextContent('Qashqai 2025');
    expect(within(qashqai).getByTestId('vehicle-card-vin')).toHaveTextContent('•••••••••••512207');
    expect(within(qashqai).getByTestId('vehicle-card-state')).toHaveTextContent('Active');
    expect(within(qashqai).queryByTestId('vehicle-card-role')).not.toBeInTheDocument();
    expect(within(qashqai).getByTestId('vehicle-card-open')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(within(qashqai).getByTestId('vehicle-card-select')).toBeDisabled();

    expect(leaf).toHaveAttribute('data-selected', 'false');
    expect(leaf).toHaveAttribute('data-state', 'pending');
    expect(within(leaf).getByTestId('vehicle-card-state')).toHaveTextContent(
      'Waiting for confirmation in the car',
    );
    expect(within(leaf).getByTestId('vehicle-card-role')).toHaveTextContent('Driver');
    expect(within(leaf).getByTestId('vehicle-card-role')).toHaveTextContent('anna_k');
    expect(within(leaf).getByTestId('vehicle-card-select')).toBeEnabled();
  });

  it('marks a car reported stolen, and only that one', async () => {
    setup({ vehicles: list({ vehicles: [stolenVehicle(), list().vehicles[1]!] }) });
    const [qashqai, leaf] = (await screen.findAllByTestId('vehicle-card')) as [HTMLElement, HTMLElement];
    expect(within(qashqai).getByTestId('vehicle-stolen-badge')).toHaveTextContent('Reported stolen');
    expect(within(leaf).queryByTestId('vehicle-stolen-badge')).not.toBeInTheDocument();
  });

  it('never shows the full VIN', async () => {
    setup();
    await screen.findAllByTestId('vehicle-card');
    const text = screen.getByTestId('screen-vehicles').textContent ?? '';
    expect(text).not.toContain('SJNTAAJ11SU512207');
    expect(text).not.toContain('SJNFAAZE1U0000001');
  });

  it('labels each activation state', async () => {
    const states = ['active', 'pending', 'confirming', 'expired'] as const;
    setup({
      vehicles: list({
        vehicles: states.map((state, index) =>
          vehicle({ id: `veh_${index}`, activation: { ...vehicle().activation, state } }),
        ),
      }),
    });
    const labels = (await screen.findAllByTestId('vehicle-card-state')).map((el) => el.textContent?.trim());
    expect(labels).toEqual([
      'Active',
      'Waiting for confirmation in the car',
      'Synchronising',
      'Expired — link again',
    ]);
  });

  it('switches the vehicle in use', async () => {
    const { backend, user } = setup();
    const [, leaf] = (await screen.findAllByTestId('vehicle-card')) as [HTMLElement, HTMLElement];
    await user.click(within(leaf).getByTestId('vehicle-card-select'));
    expect(backend.command('selectVehicle').calls).toEqual([['veh_leaf']]);
    await waitFor(() => expect(leaf).toHaveAttribute('data-selected', 'true'));
    const [qashqai] = screen.getAllByTestId('vehicle-card');
    expect(qashqai).toHaveAttribute('data-selected', 'false');
  });

  it('says why switching failed and keeps the old choice', async () => {
    const { user } = setup({
      selectVehicle: () => Promise.reject(appError('vehicle_not_found', 'This vehicle is not on your account.')),
    });
    const [, leaf] = (await screen.findAllByTestId('vehicle-card')) as [HTMLElement, HTMLElement];
    await user.click(within(leaf).getByTestId('vehicle-card-select'));
    expect(await screen.findByTestId('vehicles-select-error')).toHaveTextContent(
      'This vehicle is not on your account.',
    );
    expect(leaf).toHaveAttribute('data-selected', 'false');
  });

  it('explains how to start when there is no vehicle', async () => {
    setup({ vehicles: list({ vehicles: [], selectedId: null }) });
    const empty = await screen.findByTestId('vehicles-empty');
    expect(empty).toHaveTextContent('VIN');
    expect(empty).toHaveTextContent('Confirm');
    expect(screen.getByTestId('vehicles-link')).toHaveAttribute('href', '#/vehicles/link');
    expect(screen.queryByTestId('vehicle-card')).not.toBeInTheDocument();
  });

  it('shows the saved list with a banner when the server cannot be reached', async () => {
    const offline = list({
      offline: appError('unreachable', 'Failed to connect to the server.'),
      savedAt: '2026-11-22T18:30:00Z',
    });
    const { backend, user } = setup({ vehicles: offline });
    const banner = await screen.findByTestId('vehicles-offline');
    expect(banner).toHaveTextContent('Failed to connect to the server.');
    expect(screen.getByTestId('vehicles-saved-at')).toHaveTextContent('2026');
    expect(screen.getAllByTestId('vehicle-card')).toHaveLength(2);

    backend.command('vehicles').answer = list();
    await user.click(screen.getByTestId('vehicles-retry'));
    await waitFor(() => expect(screen.queryByTestId('vehicles-offline')).not.toBeInTheDocument());
    expect(backend.command('vehicles').calls).toHaveLength(2);
    expect(screen.getAllByTestId('vehicle-card')).toHaveLength(2);
  });

  it('offers to try again when nothing could be loaded', async () => {
    const { backend, user } = setup({
      vehicles: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    const error = await screen.findByTestId('vehicles-error');
    expect(error).toHaveTextContent('Failed to connect to the server.');
    backend.command('vehicles').answer = list();
    await user.click(screen.getByTestId('vehicles-error-retry'));
    expect(await screen.findAllByTestId('vehicle-card')).toHaveLength(2);
    expect(screen.queryByTestId('vehicles-error')).not.toBeInTheDocument();
  });

  it('sends the person to Sign in when the session ended', async () => {
    const { session } = setup({
      vehicles: () => Promise.reject(appError('session_expired', 'Your session has ended. Sign in again.')),
    });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
    expect(screen.queryByTestId('vehicles-error')).not.toBeInTheDocument();
  });

  it('reminds to reset the head unit after a removal', async () => {
    setup({}, 'removed=Qashqai');
    const notice = screen.getByTestId('vehicles-removed-notice');
    expect(notice).toHaveTextContent(
      'Qashqai was removed from your account and this device. Before you hand the car over, reset its head unit to factory settings (Settings › System › Factory reset) so the next owner cannot see your data.',
    );
  });

  it('points to pending invitations', async () => {
    setup({ invitations: [invitation(), invitation({ id: 'inv_2' })] });
    const link = await screen.findByTestId('vehicles-invitations');
    expect(link).toHaveAttribute('href', '#/invitations');
    expect(link).toHaveTextContent('2 invitations');
  });

  it('shows no invitation hint when there are none', async () => {
    setup();
    await screen.findAllByTestId('vehicle-card');
    expect(screen.queryByTestId('vehicles-invitations')).not.toBeInTheDocument();
  });
});
