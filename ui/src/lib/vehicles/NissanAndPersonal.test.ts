// A car reached through NissanConnect, and personal mode, on the vehicle screens.
import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, PERSONAL_INFO, screenContext, SERVER_INFO } from '../app/test-support';
import { account, drivers, nissanConnection, nissanVehicle, vehicle } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import type { BackendInfo, VehicleList } from '../bindings';
import VehicleScreen from './VehicleScreen.svelte';
import VehiclesScreen from './VehiclesScreen.svelte';

function list(vehicles = [nissanVehicle()]): VehicleList {
  return { vehicles, selectedId: vehicles[0]?.id ?? null, offline: null, savedAt: null };
}

function render_(component: typeof VehicleScreen | typeof VehiclesScreen, options: MockBackendOptions, info: Partial<BackendInfo>, id = 'veh_nissan_leaf') {
  const backend = mockBackend({ drivers: drivers(), ...options });
  const session = loadedSession(backend, { account: account(), info });
  render(component, {
    props: { params: new URLSearchParams({ id }) },
    context: screenContext(backend, session),
  });
  return { backend };
}

describe('A car through NissanConnect', () => {
  it('says Nissan manages its services instead of offering Premium', async () => {
    render_(VehicleScreen, { vehicle: nissanVehicle() }, SERVER_INFO);
    expect(await screen.findByTestId('vehicle-services-nissan')).toHaveTextContent(
      'Managed by Nissan: see the MyNISSAN app',
    );
    expect(screen.queryByTestId('vehicle-subscription-tier')).not.toBeInTheDocument();
    expect(screen.queryByText('Plans and Premium')).not.toBeInTheDocument();
  });

  it('shows no activation steps: there is nothing to confirm in the car', async () => {
    const pending = nissanVehicle({
      activation: { state: 'pending', linkedAt: '2026-11-23T10:00:00Z', expiresAt: null, confirmedAt: null, syncedAt: null },
    });
    render_(VehicleScreen, { vehicle: pending }, SERVER_INFO);
    await screen.findByTestId('vehicle-model');
    expect(screen.queryByTestId('activation-steps')).not.toBeInTheDocument();
  });

  it('keeps the Keyfob subscription and activation for a car of the simulator', async () => {
    const pending = vehicle({
      activation: { state: 'pending', linkedAt: '2026-11-23T10:00:00Z', expiresAt: '2026-11-24T10:00:00Z', confirmedAt: null, syncedAt: null },
    });
    render_(VehicleScreen, { vehicle: pending }, SERVER_INFO, 'veh_qashqai');
    expect(await screen.findByTestId('vehicle-subscription-tier')).toBeInTheDocument();
    expect(screen.getByTestId('activation-steps')).toBeInTheDocument();
    expect(screen.queryByTestId('vehicle-services-nissan')).not.toBeInTheDocument();
  });
});

describe('Personal mode on the vehicle screens', () => {
  it('shows a note where the drivers would be, and never asks for them', async () => {
    const { backend } = render_(VehicleScreen, { vehicle: nissanVehicle() }, PERSONAL_INFO);
    expect(await screen.findByTestId('drivers-personal-note')).toHaveTextContent(
      'Drivers need a Keyfob server; in personal mode only you use the app.',
    );
    await flushPromises();
    expect(backend.command('drivers').calls).toHaveLength(0);
  });

  it('asks for the NissanConnect password to report the car stolen or remove it', async () => {
    render_(VehicleScreen, { vehicle: nissanVehicle() }, PERSONAL_INFO);
    await screen.findByTestId('vehicle-model');
    expect(screen.getByLabelText('Your NissanConnect password, to confirm')).toBe(screen.getByTestId('stolen-password'));
    screen.getByTestId('vehicle-remove-open').click();
    expect(await screen.findByLabelText('Your NissanConnect password')).toBe(
      screen.getByTestId('vehicle-remove-password'),
    );
  });

  it('lists the drivers on a server', async () => {
    const { backend } = render_(VehicleScreen, { vehicle: nissanVehicle() }, SERVER_INFO);
    await screen.findByTestId('vehicle-model');
    await waitFor(() => expect(backend.command('drivers').calls).toHaveLength(1));
    expect(screen.queryByTestId('drivers-personal-note')).not.toBeInTheDocument();
  });

  it('adds cars from NissanConnect instead of by VIN, and asks for no invitations', async () => {
    const { backend } = render_(VehiclesScreen, { vehicles: list() }, PERSONAL_INFO);
    expect(await screen.findByTestId('vehicles-add-nissan')).toHaveAttribute('href', '#/nissanconnect');
    expect(screen.queryByTestId('vehicles-link')).not.toBeInTheDocument();
    expect(backend.command('invitations').calls).toHaveLength(0);
  });

  it('points an empty list to NissanConnect', async () => {
    render_(VehiclesScreen, { vehicles: list([]) }, PERSONAL_INFO);
    expect(await screen.findByTestId('vehicles-empty-nissan')).toHaveAttribute('href', '#/nissanconnect');
    expect(screen.getByTestId('vehicles-empty')).not.toHaveTextContent('17-character VIN');
    expect(screen.queryByTestId('vehicles-empty-invitations')).not.toBeInTheDocument();
  });

  it('keeps VIN linking on a server', async () => {
    render_(VehiclesScreen, { vehicles: list([vehicle()]) }, SERVER_INFO);
    expect(await screen.findByTestId('vehicles-link')).toHaveAttribute('href', '#/vehicles/link');
    expect(screen.queryByTestId('vehicles-add-nissan')).not.toBeInTheDocument();
  });
});

describe('The NissanConnect sign-in-again banner on My vehicles', () => {
  it('shows when Nissan ended the sign-in', async () => {
    render_(VehiclesScreen, { vehicles: list(), nissanconnect: nissanConnection({ state: 'sign_in_again' }) }, PERSONAL_INFO);
    expect(await screen.findByTestId('nc-reconnect-banner')).toHaveAttribute('href', '#/nissanconnect');
  });

  it('does not show while connected', async () => {
    render_(VehiclesScreen, { vehicles: list(), nissanconnect: nissanConnection() }, PERSONAL_INFO);
    await screen.findByTestId('vehicle-card');
    await flushPromises();
    expect(screen.queryByTestId('nc-reconnect-banner')).not.toBeInTheDocument();
  });
});
