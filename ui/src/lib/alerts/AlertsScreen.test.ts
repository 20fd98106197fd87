import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import { alertItem, alertPage, alertUpdate, GEOFENCE_LOCKED, OWNER_CAR } from '../geofences/test-fixtures';
import AlertsScreen from './AlertsScreen.svelte';

const NOW = new Date('2026-11-23T12:00:00Z');

function setup(options: MockBackendOptions = {}) {
  const backend = mockBackend({ vehicle: OWNER_CAR, alertHistory: alertPage(60, 20), ...options });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  const view = render(AlertsScreen, {
    props: { params: new URLSearchParams({ id: 'veh_qashqai' }) },
    context: screenContext(backend, session),
  });
  return { backend, session, user, view };
}

const seqs = () => screen.getAllByTestId('alert-item').map((item) => item.getAttribute('data-seq'));

describe('Alerts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the newest alerts first, each with its time and where it happened', async () => {
    const { backend } = setup({
      alertHistory: [
        alertItem(2, { at: '2026-11-23T11:55:00Z', position: { latitude: 48.8566, longitude: 2.3522 } }, 'Left Home'),
        alertItem(1, { at: '2026-11-20T08:00:00Z', event: { kind: 'speed', speedKmh: 132, limitKmh: 110 } }, 'Driving at 132 km/h (limit 110 km/h)'),
      ],
    });
    expect(screen.getByTestId('alerts-screen')).toBeInTheDocument();
    expect(screen.getByTestId('alerts-loading')).toBeInTheDocument();
    const items = await screen.findAllByTestId('alert-item');
    expect(backend.command('alertHistory').calls).toEqual([['veh_qashqai', null]]);
    expect(seqs()).toEqual(['2', '1']);
    expect(within(items[0]!).getByTestId('alert-summary')).toHaveTextContent('Left Home');
    expect(within(items[0]!).getByTestId('alert-time')).toHaveTextContent('5 min ago');
    expect(within(items[0]!).getByTestId('alert-time')).toHaveAttribute('datetime', '2026-11-23T11:55:00Z');
    expect(within(items[0]!).getByTestId('alert-position')).toHaveTextContent('48.85660, 2.35220');
    expect(within(items[0]!).getByTestId('alert-map-link')).toHaveAttribute(
      'href',
      'https://www.openstreetmap.org/?mlat=48.85660&mlon=2.35220#map=16/48.85660/2.35220',
    );
    expect(screen.getByTestId('open-in-maps-note')).toHaveTextContent(
      'Opens OpenStreetMap in your browser with the car’s position',
    );
    expect(items[1]).toHaveAttribute('data-kind', 'speed');
    expect(within(items[1]!).getByTestId('alert-time')).toHaveTextContent(/2026/);
    // A short page is the whole history.
    expect(screen.queryByTestId('alerts-load-older')).not.toBeInTheDocument();
    expect(screen.queryByTestId('alerts-empty')).not.toBeInTheDocument();
  });

  it('says when there are no alerts yet', async () => {
    setup({ alertHistory: [] });
    expect(await screen.findByTestId('alerts-empty')).toHaveTextContent('No alerts yet.');
    expect(screen.queryByTestId('alerts-load-older')).not.toBeInTheDocument();
  });

  it('loads older pages until a short one, then stops offering more', async () => {
    const { backend, user } = setup({
      alertHistory: (_vehicleId: string, before: number | null) =>
        before === null ? alertPage(60, 20) : before === 41 ? alertPage(40, 20) : alertPage(20, 5),
    });
    await screen.findAllByTestId('alert-item');
    expect(screen.getAllByTestId('alert-item')).toHaveLength(20);
    await user.click(screen.getByTestId('alerts-load-older'));
    await waitFor(() => expect(screen.getAllByTestId('alert-item')).toHaveLength(40));
    expect(screen.getByTestId('alerts-load-older')).toBeInTheDocument();
    await user.click(screen.getByTestId('alerts-load-older'));
    await waitFor(() => expect(screen.getAllByTestId('alert-item')).toHaveLength(45));
    expect(backend.command('alertHistory').calls).toEqual([
      ['veh_qashqai', null],
      ['veh_qashqai', 41],
      ['veh_qashqai', 21],
    ]);
    expect(seqs().slice(0, 2)).toEqual(['60', '59']);
    expect(seqs().at(-1)).toBe('16');
    expect(screen.queryByTestId('alerts-load-older')).not.toBeInTheDocument();
  });

  it('hides Load older after an empty page', async () => {
    const { user } = setup({
      alertHistory: (_vehicleId: string, before: number | null) => (before === null ? alertPage(20, 20) : []),
    });
    await screen.findAllByTestId('alert-item');
    await user.click(screen.getByTestId('alerts-load-older'));
    await waitFor(() => expect(screen.queryByTestId('alerts-load-older')).not.toBeInTheDocument());
    expect(screen.getAllByTestId('alert-item')).toHaveLength(20);
  });

  it('keeps the list and offers to try again when an older page fails', async () => {
    const { backend, user } = setup();
    await screen.findAllByTestId('alert-item');
    backend.command('alertHistory').answer = () => Promise.reject(appError('unreachable', 'Failed to connect to the server.'));
    await user.click(screen.getByTestId('alerts-load-older'));
    expect(await screen.findByTestId('alerts-older-error')).toHaveTextContent('Failed to connect');
    expect(screen.getAllByTestId('alert-item')).toHaveLength(20);
    expect(screen.getByTestId('alerts-load-older')).toBeEnabled();
  });

  it('puts this car’s new alerts on top as they happen, and ignores other cars’', async () => {
    const { backend } = setup({ alertHistory: alertPage(2, 2) });
    await screen.findAllByTestId('alert-item');
    backend.emitVehicleAlert(alertUpdate('alr_live', 'Entered School', { at: '2026-11-23T11:59:50Z' }));
    backend.emitVehicleAlert({ ...alertUpdate('alr_other', 'Left Office'), vehicleId: 'veh_leaf' });
    await waitFor(() => expect(screen.getAllByTestId('alert-item')).toHaveLength(3));
    const first = screen.getAllByTestId('alert-item')[0]!;
    expect(within(first).getByTestId('alert-summary')).toHaveTextContent('Entered School');
    expect(within(first).getByTestId('alert-time')).toHaveTextContent('Just now');
    expect(first).toHaveAttribute('data-live', 'true');
    expect(first).not.toHaveAttribute('data-seq');
    expect(screen.queryByText('Left Office')).not.toBeInTheDocument();
  });

  it('replaces the empty note with the first live alert', async () => {
    const { backend } = setup({ alertHistory: [] });
    await screen.findByTestId('alerts-empty');
    backend.emitVehicleAlert(alertUpdate('alr_live', 'Moving during the curfew', { event: { kind: 'curfew', since: '2026-11-23T11:00:00Z' } }));
    expect(await screen.findByTestId('alert-item')).toHaveAttribute('data-kind', 'curfew');
    expect(screen.queryByTestId('alerts-empty')).not.toBeInTheDocument();
  });

  it('stops listening when the screen closes', async () => {
    const { backend, view } = setup();
    await screen.findAllByTestId('alert-item');
    expect(backend.vehicleAlertEvents.handlers.size).toBe(1);
    view.unmount();
    expect(backend.vehicleAlertEvents.handlers.size).toBe(0);
  });

  it('explains to a driver that alerts go to the owner', async () => {
    const { backend } = setup({ vehicle: vehicle({ role: 'driver', ownerNickname: 'marie' }) });
    expect(await screen.findByTestId('alerts-driver')).toHaveTextContent('Alerts go to the car’s owner, marie');
    expect(backend.command('alertHistory').calls).toHaveLength(0);
    backend.emitVehicleAlert(alertUpdate('alr_live', 'Left Home'));
    expect(screen.queryByTestId('alert-item')).not.toBeInTheDocument();
  });

  it('still shows the history of a car whose alerts are locked, with the way to unlock them', async () => {
    setup({ vehicle: vehicle({ entitlements: [GEOFENCE_LOCKED] }) });
    expect(await screen.findByTestId('alerts-lock')).toHaveTextContent('Geofence alerts need Premium');
    expect(screen.getAllByTestId('alert-item')).toHaveLength(20);
  });

  it('reports a failed load and tries again', async () => {
    const { backend, user } = setup({ alertHistory: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) });
    expect(await screen.findByTestId('alerts-error')).toHaveTextContent('Failed to connect');
    backend.command('alertHistory').answer = alertPage(3, 3);
    await user.click(screen.getByTestId('alerts-error-retry'));
    await waitFor(() => expect(screen.getAllByTestId('alert-item')).toHaveLength(3));
    expect(screen.queryByTestId('alerts-error')).not.toBeInTheDocument();
  });
});
