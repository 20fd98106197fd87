import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import { alertUpdate } from '../geofences/test-fixtures';
import AlertBanner from './AlertBanner.svelte';

function setup(options: MockBackendOptions = {}, signedIn = true) {
  const backend = mockBackend({
    vehicles: {
      vehicles: [vehicle(), vehicle({ id: 'veh_leaf', model: 'Leaf', modelYear: 2024 })],
      selectedId: 'veh_qashqai',
      offline: null,
      savedAt: null,
    },
    ...options,
  });
  const session = loadedSession(backend, { account: signedIn ? account() : null });
  const user = setupUser();
  const view = render(AlertBanner, { context: screenContext(backend, session) });
  return { backend, session, user, view };
}

describe('The alert banner', () => {
  it('shows the newest alert with its car, and opens that car’s alerts', async () => {
    const { backend, user } = setup();
    expect(screen.queryByTestId('alert-banner')).not.toBeInTheDocument();
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(1));
    backend.emitVehicleAlert(alertUpdate('alr_1', 'Left Home'));
    const banner = await screen.findByTestId('alert-banner');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('alert-banner-summary')).toHaveTextContent('Left Home');
    await waitFor(() => expect(screen.getByTestId('alert-banner-car')).toHaveTextContent('Qashqai 2025'));

    backend.emitVehicleAlert({ ...alertUpdate('alr_2', 'Driving at 132 km/h (limit 110 km/h)'), vehicleId: 'veh_leaf' });
    await waitFor(() => expect(screen.getByTestId('alert-banner-summary')).toHaveTextContent('Driving at 132 km/h'));
    await waitFor(() => expect(screen.getByTestId('alert-banner-car')).toHaveTextContent('Leaf 2024'));
    // The list is read once; both names came from it.
    expect(backend.command('vehicles').calls).toHaveLength(1);

    const open = screen.getByTestId('alert-banner-open');
    expect(open).toHaveAttribute('href', '#/vehicle/alerts?id=veh_leaf');
    await user.click(open);
    expect(window.location.hash).toBe('#/vehicle/alerts?id=veh_leaf');
    expect(screen.queryByTestId('alert-banner')).not.toBeInTheDocument();
  });

  it('goes away when dismissed, until the next alert', async () => {
    const { backend, user } = setup();
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(1));
    backend.emitVehicleAlert(alertUpdate('alr_1', 'Left Home'));
    await user.click(await screen.findByTestId('alert-banner-dismiss'));
    expect(screen.queryByTestId('alert-banner')).not.toBeInTheDocument();
    backend.emitVehicleAlert(alertUpdate('alr_2', 'Entered Home'));
    expect(await screen.findByTestId('alert-banner-summary')).toHaveTextContent('Entered Home');
  });

  it('still tells the alert when the car list cannot be read', async () => {
    const { backend } = setup({ vehicles: () => Promise.reject(new Error('offline')) });
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(1));
    backend.emitVehicleAlert(alertUpdate('alr_1', 'Left Home'));
    expect(await screen.findByTestId('alert-banner-summary')).toHaveTextContent('Left Home');
    expect(screen.getByTestId('alert-banner-car')).toHaveTextContent('Your car');
  });

  it('listens only while signed in, and stops on sign-out and when closed', async () => {
    const { backend, session, view } = setup();
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(1));
    backend.emitVehicleAlert(alertUpdate('alr_1', 'Left Home'));
    await screen.findByTestId('alert-banner');
    session.signedOut();
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(0));
    expect(screen.queryByTestId('alert-banner')).not.toBeInTheDocument();
    session.account = account();
    await waitFor(() => expect(backend.vehicleAlertEvents.handlers.size).toBe(1));
    view.unmount();
    expect(backend.vehicleAlertEvents.handlers.size).toBe(0);
  });

  it('does not listen while signed out', async () => {
    const { backend } = setup({}, false);
    await Promise.resolve();
    expect(backend.vehicleAlertEvents.handlers.size).toBe(0);
  });
});
