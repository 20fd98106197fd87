// The dashboard of a car reached through NissanConnect: privacy mode, and Nissan ending the sign-in.
import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadedSession, mockBackend, PERSONAL_INFO, screenContext } from '../app/test-support';
import { account, nissanConnection, nissanVehicle } from '../backend/fixtures';
import { flushPromises, type MockBackendOptions } from '../backend/mock';
import type { BackendInfo, VehicleList } from '../bindings';
import DashboardScreen from './DashboardScreen.svelte';
import { NOW, statusView, vehicleStatus } from './test-fixtures';

function list(vehicles = [nissanVehicle()]): VehicleList {
  return { vehicles, selectedId: vehicles[0]?.id ?? null, offline: null, savedAt: null };
}

function setup(options: MockBackendOptions = {}, info: Partial<BackendInfo> = PERSONAL_INFO) {
  const backend = mockBackend({ vehicles: list(), vehicleStatus: statusView(), ...options });
  const session = loadedSession(backend, { account: account(), info });
  render(DashboardScreen, {
    props: { params: new URLSearchParams() },
    context: screenContext(backend, session),
  });
  return { backend };
}

describe('Dashboard of a car through NissanConnect', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('says the position is the last one known while the car’s privacy mode is on', async () => {
    setup({ vehicleStatus: statusView({ status: { ...vehicleStatus(), privacyMode: true } }) });
    const position = await screen.findByTestId('status-position');
    expect(within(position).getByTestId('tile-privacy-mode')).toHaveTextContent(
      'Privacy mode is on in the car: the position shown is the last one known',
    );
    expect(position).toHaveAttribute('data-privacy', 'on');
    expect(within(position).getByTestId('status-position-open')).toBeInTheDocument();
  });

  it('says nothing of privacy mode when it is off', async () => {
    setup({ vehicleStatus: statusView({ status: { ...vehicleStatus(), privacyMode: false } }) });
    await screen.findByTestId('status-position');
    expect(screen.queryByTestId('tile-privacy-mode')).not.toBeInTheDocument();
  });

  it('asks to sign in to NissanConnect again when Nissan ended the sign-in', async () => {
    setup({ nissanconnect: nissanConnection({ state: 'sign_in_again' }) });
    const banner = await screen.findByTestId('nc-reconnect-banner');
    expect(banner).toHaveAttribute('href', '#/nissanconnect');
    expect(banner).toHaveTextContent('Sign in again');
  });

  it('shows no such banner while connected', async () => {
    setup({ nissanconnect: nissanConnection() });
    await screen.findByTestId('status-position');
    await flushPromises();
    expect(screen.queryByTestId('nc-reconnect-banner')).not.toBeInTheDocument();
  });

  it('sends a person without a car to NissanConnect in personal mode', async () => {
    setup({ vehicles: list([]) });
    expect(await screen.findByTestId('dashboard-add-nissan')).toHaveAttribute('href', '#/nissanconnect');
    expect(screen.queryByTestId('dashboard-link-vehicle')).not.toBeInTheDocument();
  });
});
