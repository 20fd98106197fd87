import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { appError, vehicle } from '../backend/fixtures';
import { lastMap } from './ZoneMapDouble.svelte';
import { GEOFENCE_AVAILABLE, GEOFENCE_LOCKED, geofences } from './test-fixtures';
import { loaded, setup } from './test-support';

// Leaflet needs a real layout; the double records what the map is given instead.
vi.mock('./ZoneMap.svelte', async () => await import('./ZoneMapDouble.svelte'));

describe('Geofences: loading and who may use it', () => {
  it('lists the zones with their shape, crossings and schedule, and draws them with the car', async () => {
    const { backend } = setup();
    expect(screen.getByTestId('geofences-screen')).toBeInTheDocument();
    expect(screen.getByTestId('geofences-loading')).toBeInTheDocument();
    await loaded();
    expect(backend.command('vehicle').calls).toEqual([['veh_qashqai']]);
    expect(backend.command('geofences').calls).toEqual([['veh_qashqai']]);
    expect(backend.command('vehicleStatus').calls).toEqual([['veh_qashqai']]);

    const items = screen.getAllByTestId('zone-item');
    expect(items.map((item) => item.getAttribute('data-zone-id'))).toEqual(['zon_home', 'zon_school']);
    expect(within(items[0]!).getByTestId('zone-item-name')).toHaveTextContent('Home');
    expect(within(items[0]!).getByTestId('zone-item-shape')).toHaveTextContent('Circle, 500 m');
    expect(within(items[0]!).getByTestId('zone-item-alert-on')).toHaveTextContent('Alerts when the car leaves');
    expect(within(items[0]!).getByTestId('zone-item-schedule')).toHaveTextContent('Any time');
    expect(within(items[1]!).getByTestId('zone-item-shape')).toHaveTextContent('Polygon, 5 corners');
    expect(within(items[1]!).getByTestId('zone-item-alert-on')).toHaveTextContent('arrives');
    expect(within(items[1]!).getByTestId('zone-item-schedule')).toHaveTextContent('Mon–Fri 08:00–16:30 (Europe/Paris)');
    expect(screen.getByTestId('zone-count')).toHaveTextContent('2 of 10 zones');

    expect(lastMap.props?.car).toEqual({ latitude: 48.8566, longitude: 2.3522 });
    expect(lastMap.props?.zones.map((zone) => zone.id)).toEqual(['zon_home', 'zon_school']);
    expect(lastMap.props?.draft).toBeNull();
    expect(screen.getByTestId('geofences-back')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(screen.getByTestId('geofence-add-circle')).toBeEnabled();
    expect(screen.queryByTestId('geofences-lock')).not.toBeInTheDocument();
  });

  it('explains to a driver that only the owner manages geofences, and asks nothing more', async () => {
    const { backend } = setup({ vehicle: vehicle({ role: 'driver', ownerNickname: 'marie', entitlements: [GEOFENCE_AVAILABLE] }) });
    const note = await screen.findByTestId('geofences-driver');
    expect(note).toHaveTextContent('Only the car’s owner, marie, manages its zones');
    expect(backend.command('geofences').calls).toHaveLength(0);
    expect(screen.queryByTestId('geofence-add-circle')).not.toBeInTheDocument();
  });

  it('shows a locked feature before any tap, with the way to Premium, and every control disabled', async () => {
    setup({ vehicle: vehicle({ entitlements: [GEOFENCE_LOCKED] }) });
    await loaded();
    const lock = screen.getByTestId('geofences-lock');
    expect(lock).toHaveAttribute('data-status', 'locked');
    expect(lock).toHaveTextContent('Geofence alerts need Premium');
    expect(screen.getByTestId('geofences-lock-subscribe')).toHaveAttribute('href', '#/vehicle/subscription?id=veh_qashqai');
    expect(screen.getByTestId('geofence-add-circle')).toBeDisabled();
    expect(screen.getByTestId('geofence-add-polygon')).toBeDisabled();
    for (const button of screen.getAllByTestId('zone-edit')) expect(button).toBeDisabled();
    for (const button of screen.getAllByTestId('zone-delete')) expect(button).toBeDisabled();
    expect(screen.getByTestId('speed-enabled')).toBeDisabled();
    expect(screen.getByTestId('curfew-add-window')).toBeDisabled();
    expect(screen.getByTestId('settings-save')).toBeDisabled();
    expect(lastMap.props?.disabled).toBe(true);
  });

  it('says when the car does not offer the feature', async () => {
    setup({
      vehicle: vehicle({
        entitlements: [
          {
            ...GEOFENCE_AVAILABLE,
            entitlement: { status: 'unsupported', code: 'needs_current_generation', reason: 'NissanConnect 1.0 cars cannot report zones.' },
          },
        ],
      }),
    });
    await loaded();
    expect(screen.getByTestId('geofences-lock')).toHaveAttribute('data-status', 'unsupported');
    expect(screen.getByTestId('geofences-lock')).toHaveTextContent('NissanConnect 1.0 cars cannot report zones.');
    expect(screen.getByTestId('geofence-add-circle')).toBeDisabled();
  });

  it('reports a failed load and tries again', async () => {
    const { backend, user } = setup({ geofences: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) });
    const error = await screen.findByTestId('geofences-error');
    expect(error).toHaveTextContent('Failed to connect to the server.');
    backend.command('geofences').answer = geofences();
    await user.click(screen.getByTestId('geofences-error-retry'));
    expect(await screen.findByTestId('zone-list-empty')).toBeInTheDocument();
    expect(screen.queryByTestId('geofences-error')).not.toBeInTheDocument();
  });

  it('works without the car’s position, starting new zones in the middle of the map', async () => {
    const { user } = setup({ vehicleStatus: () => Promise.reject(appError('status_unavailable', 'No status yet.')) });
    await loaded();
    expect(lastMap.props?.car).toBeNull();
    expect(screen.getByTestId('geofences-car-position')).toHaveTextContent('has not reported a position yet');
    lastMap.props?.onviewchange?.({ latitude: 51.5, longitude: -0.12 });
    await user.click(screen.getByTestId('geofence-add-circle'));
    expect(screen.getByTestId('zone-center-lat')).toHaveValue('51.5');
    expect(screen.getByTestId('zone-center-lon')).toHaveValue('-0.12');
  });

  it('goes to Sign in when the session ended', async () => {
    const { session } = setup({ geofences: () => Promise.reject(appError('session_expired', 'Your session has ended.')) });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
  });
});

describe('Geofences: map tiles and privacy', () => {
  it('hands the map the saved choice and keeps the person’s answer', async () => {
    const { backend } = setup();
    await loaded();
    expect(backend.command('mapPrivacy').calls).toHaveLength(1);
    // Not chosen yet: the map asks instead of loading tiles.
    expect(lastMap.props?.tilesAllowed).toBeNull();
    lastMap.props?.onchoosetiles?.(true);
    await waitFor(() => expect(lastMap.props?.tilesAllowed).toBe(true));
    expect(backend.command('setMapTiles').calls).toEqual([[true]]);
  });

  it('passes a choice made earlier straight to the map', async () => {
    setup({ mapPrivacy: { tilesAllowed: false } });
    await loaded();
    expect(lastMap.props?.tilesAllowed).toBe(false);
  });

  it('keeps the answer for this visit when it could not be saved', async () => {
    const { backend } = setup({ setMapTiles: () => Promise.reject(new Error('IPC is down')) });
    await loaded();
    lastMap.props?.onchoosetiles?.(false);
    await waitFor(() => expect(lastMap.props?.tilesAllowed).toBe(false));
    expect(backend.command('setMapTiles').calls).toEqual([[false]]);
  });
});
