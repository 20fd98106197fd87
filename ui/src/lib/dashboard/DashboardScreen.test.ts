import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VehicleList } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, done, evVehicle, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import DashboardScreen from './DashboardScreen.svelte';
import { NO_CONCERNS, NOW, ago, closed, evStatus, statusView, vehicleStatus } from './test-fixtures';

const LEAF = vehicle({ id: 'veh_leaf', model: 'Leaf', modelYear: 2022, vinMasked: '•••••••••••000001' });

function list(overrides: Partial<VehicleList> = {}): VehicleList {
  return {
    vehicles: [vehicle(), LEAF],
    selectedId: 'veh_qashqai',
    offline: null,
    savedAt: null,
    ...overrides,
  };
}

function setup(options: MockBackendOptions = {}, params = 'id=veh_qashqai') {
  const backend = mockBackend({
    vehicles: list(),
    vehicleStatus: statusView(),
    refreshStatus: done('Asked the car.'),
    ...options,
  });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  const result = render(DashboardScreen, {
    props: { params: new URLSearchParams(params) },
    context: screenContext(backend, session),
  });
  return { backend, session, user, ...result };
}

function tile(name: string): HTMLElement {
  return screen.getByTestId(`status-${name}`);
}

async function tiles() {
  await screen.findByTestId('dashboard-status');
}

describe('Dashboard', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows every value with its state and how old it is', async () => {
    const { backend } = setup({
      vehicleStatus: statusView({
        status: vehicleStatus(
          {},
          {
            locked: ago(20),
            doors: ago(3 * 60),
            battery12vMillivolts: ago(2 * 3600 + 60),
            odometerKm: ago(26 * 3600),
          },
          ago(5 * 60),
        ),
      }),
    });
    await tiles();
    expect(backend.command('vehicleStatus').calls).toEqual([['veh_qashqai']]);
    expect(screen.getByTestId('dashboard-title')).toHaveTextContent('Qashqai 2025');
    expect(screen.getByTestId('dashboard-title')).toHaveAttribute('tabindex', '-1');
    expect(screen.getByTestId('dashboard-vehicle')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');

    const expectTile = (name: string, state: string, text: string | RegExp, age: string) => {
      const el = tile(name);
      expect(el, name).toHaveAttribute('data-state', state);
      expect(el, name).toHaveTextContent(text);
      expect(within(el).getByTestId(`status-${name}-age`), name).toHaveTextContent(age);
    };
    expectTile('locks', 'locked', 'Locked', 'just now');
    expectTile('doors', 'closed', 'All closed', '3 min ago');
    expectTile('hood', 'closed', 'Closed', '5 min ago');
    expectTile('windows', 'closed', 'All closed', '5 min ago');
    expectTile('engine', 'off', 'Off', '5 min ago');
    expectTile('battery', '12600', '12.6 V', '2 h ago');
    expectTile('energy', '64', /Fuel 64 %.*Range 512 km/, '5 min ago');
    expectTile('odometer', '12345', /12.?345 km/, '1 day ago');
    expectTile('tyres', '240/240/230/230', /240 kPa.*2\.4 bar.*230 kPa.*2\.3 bar/, '5 min ago');
    expectTile('warnings', 'none', 'None', '5 min ago');
    expectTile('position', '48.8566,2.3522', '48.85660, 2.35220', '5 min ago');
    expectTile('online', 'online', 'Connected', '5 min ago');

    expect(tile('locks')).toHaveAttribute('data-at', ago(20));
    expect(tile('battery')).toHaveAttribute('data-at', ago(2 * 3600 + 60));
    expect(tile('engine')).toHaveAttribute('data-ignition', 'off');
    expect(tile('engine')).toHaveTextContent('Ignition off · Park');
    expect(tile('battery')).toHaveAttribute('data-low', 'false');
    expect(within(tile('battery')).queryByTestId('status-battery-low')).not.toBeInTheDocument();

    const open = screen.getByTestId('status-position-open');
    expect(open).toHaveAttribute(
      'href',
      'https://www.openstreetmap.org/?mlat=48.85660&mlon=2.35220#map=16/48.85660/2.35220',
    );
    expect(open).toHaveAttribute('target', '_blank');
    expect(open).toHaveAttribute('rel', 'noopener');
    expect(open).toHaveTextContent('Open in maps');
    // The link hands the position to a third party: said beside it.
    expect(within(tile('position')).getByTestId('open-in-maps-note')).toHaveTextContent(
      'Opens OpenStreetMap in your browser with the car’s position',
    );

    expect(screen.queryByTestId('dashboard-offline')).not.toBeInTheDocument();
    expect(screen.queryByTestId('dashboard-no-status')).not.toBeInTheDocument();
  });

  it('names what is open, what is wrong, and marks a low battery', async () => {
    setup({
      vehicleStatus: statusView({
        status: vehicleStatus({
          locked: false,
          alarmTriggered: true,
          doors: closed({ frontLeft: true, tailgate: true }),
          hoodOpen: true,
          windows: closed({ rearRight: true }),
          ignitionOn: true,
          engineRunning: true,
          gear: 'drive',
          hazardsOn: true,
          battery12vMillivolts: 11_890,
          energy: { electric: true, percent: 8, rangeKm: 19 },
          warningLamps: ['tyre_pressure', 'oil_pressure'],
          position: { latitude: 51.5007, longitude: -0.1246, heading: 45, speedKmh: 48 },
          online: false,
        }),
        concerns: { ...NO_CONCERNS, batteryLow: true, energyLow: true },
      }),
    });
    await tiles();
    expect(tile('locks')).toHaveAttribute('data-state', 'unlocked');
    expect(tile('locks')).toHaveTextContent('Unlocked');
    expect(tile('locks')).toHaveAttribute('data-alarm', 'triggered');
    expect(screen.getByTestId('status-alarm')).toHaveTextContent('alarm is going off');

    expect(tile('doors')).toHaveAttribute('data-state', 'open');
    expect(tile('doors')).toHaveTextContent('Open: front left, tailgate');
    expect(tile('hood')).toHaveAttribute('data-state', 'open');
    expect(tile('hood')).toHaveTextContent('Open');
    expect(tile('windows')).toHaveAttribute('data-state', 'open');
    expect(tile('windows')).toHaveTextContent('Open: rear right');

    expect(tile('engine')).toHaveAttribute('data-state', 'running');
    expect(tile('engine')).toHaveAttribute('data-ignition', 'on');
    expect(tile('engine')).toHaveTextContent('Running');
    expect(tile('engine')).toHaveTextContent('Ignition on · Drive');
    expect(screen.getByTestId('status-hazards')).toHaveTextContent('Hazard lights on');

    expect(tile('battery')).toHaveAttribute('data-state', '11890');
    expect(tile('battery')).toHaveAttribute('data-low', 'true');
    expect(tile('battery')).toHaveTextContent('11.8 V');
    expect(screen.getByTestId('status-battery-low')).toHaveTextContent('Low');

    expect(tile('energy')).toHaveAttribute('data-kind', 'electric');
    expect(tile('energy')).toHaveAttribute('data-low', 'true');
    expect(tile('energy')).toHaveTextContent('Charge 8 %');
    expect(tile('energy')).toHaveTextContent('Range 19 km');

    expect(tile('warnings')).toHaveAttribute('data-state', 'tyre_pressure oil_pressure');
    const lamps = screen.getAllByTestId('status-warning');
    expect(lamps.map((l) => l.getAttribute('data-lamp'))).toEqual(['tyre_pressure', 'oil_pressure']);
    expect(lamps[0]).toHaveTextContent('Tyre pressure: at least one tyre is low');
    expect(lamps[1]).toHaveTextContent('Oil pressure');

    expect(tile('position')).toHaveTextContent('Moving at 48 km/h, heading NE');
    expect(screen.getByTestId('status-position-open')).toHaveAttribute(
      'href',
      'https://www.openstreetmap.org/?mlat=51.50070&mlon=-0.12460#map=16/51.50070/-0.12460',
    );
    expect(tile('online')).toHaveAttribute('data-state', 'offline');
    expect(tile('online')).toHaveTextContent('No mobile coverage');
  });

  it('says which values the car does not report, and never shows their placeholders', async () => {
    const status = vehicleStatus({
      // Placeholders that would read as a fact if shown.
      battery12vMillivolts: 11_000,
      tyresKpa: { frontLeft: 0, frontRight: 0, rearLeft: 0, rearRight: 0 },
      warningLamps: ['check_engine'],
      hazardsOn: true,
      alarmTriggered: true,
      gear: 'reverse',
    });
    status.unknown = ['battery12vMillivolts', 'tyresKpa', 'gear', 'hoodOpen', 'windows', 'warningLamps', 'hazardsOn', 'alarmTriggered'];
    setup({ vehicleStatus: statusView({ status, concerns: { ...NO_CONCERNS, batteryLow: true } }) });
    await tiles();
    for (const name of ['battery', 'tyres', 'hood', 'windows', 'warnings']) {
      const el = tile(name);
      expect(el, name).toHaveAttribute('data-state', 'not_reported');
      expect(el, name).toHaveAttribute('data-reported', 'false');
      expect(el, name).toHaveAttribute('data-tone', 'plain');
      expect(within(el).getByTestId(`status-${name}-not-reported`), name).toHaveTextContent('Not reported by this car');
      expect(within(el).queryByTestId(`status-${name}-age`), name).not.toBeInTheDocument();
    }
    expect(tile('battery')).not.toHaveTextContent('11.0 V');
    expect(screen.queryByTestId('status-battery-low')).not.toBeInTheDocument();
    expect(tile('tyres')).not.toHaveTextContent('kPa');
    expect(screen.queryByTestId('status-warning')).not.toBeInTheDocument();
    // What it does report stays, without the parts it does not.
    expect(tile('locks')).toHaveAttribute('data-state', 'locked');
    expect(tile('locks')).toHaveAttribute('data-tone', 'ok');
    expect(tile('locks')).not.toHaveAttribute('data-alarm');
    expect(screen.queryByTestId('status-alarm')).not.toBeInTheDocument();
    expect(tile('engine')).toHaveAttribute('data-state', 'off');
    expect(screen.getByTestId('status-ignition')).toHaveTextContent(/^Ignition off$/);
    expect(tile('engine')).not.toHaveAttribute('data-gear');
    expect(screen.queryByTestId('status-hazards')).not.toBeInTheDocument();
    expect(tile('doors')).toHaveAttribute('data-state', 'closed');
    expect(screen.getByTestId('status-doors-age')).toHaveTextContent('3 min ago');
  });

  it('shows an EV’s charge, both ranges and its charging', async () => {
    setup({
      vehicles: list({ vehicles: [vehicle(), evVehicle()], selectedId: 'veh_leaf' }),
      vehicleStatus: statusView({ status: evStatus({ charge: { charging: true, charger: 'fast' } }) }),
    }, 'id=veh_leaf');
    await tiles();
    expect(tile('energy')).toHaveAttribute('data-kind', 'electric');
    expect(tile('energy')).toHaveTextContent('Charge 57 %');
    expect(screen.getByTestId('status-energy-range')).toHaveTextContent(
      'Range 212 km without climate, 190 km with climate on',
    );
    expect(screen.getByTestId('status-energy-charging')).toHaveTextContent('Plugged in (fast), charging');
    expect(screen.getByTestId('charging-card')).toBeInTheDocument();
    expect(screen.queryByTestId('engine-card')).not.toBeInTheDocument();
  });

  it('counts the ages again every 30 seconds', async () => {
    setup({ vehicleStatus: statusView({ status: vehicleStatus({}, {}, ago(30)) }) });
    await tiles();
    expect(screen.getByTestId('status-doors-age')).toHaveTextContent('just now');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(screen.getByTestId('status-doors-age')).toHaveTextContent('1 min ago');
    await vi.advanceTimersByTimeAsync(2 * 3600_000);
    expect(screen.getByTestId('status-doors-age')).toHaveTextContent('2 h ago');
  });

  it('shows the selected vehicle when none is named', async () => {
    const { backend } = setup({ vehicles: list({ selectedId: 'veh_leaf' }) }, '');
    await tiles();
    expect(backend.command('vehicleStatus').calls).toEqual([['veh_leaf']]);
    expect(screen.getByTestId('dashboard-title')).toHaveTextContent('Leaf 2022');
    expect(screen.getByTestId('dashboard-vehicle')).toHaveAttribute('href', '#/vehicle?id=veh_leaf');
  });

  it('points to linking a vehicle when there is none', async () => {
    const { backend } = setup({ vehicles: list({ vehicles: [], selectedId: null }) }, '');
    const empty = await screen.findByTestId('dashboard-no-vehicle');
    expect(screen.getByTestId('dashboard-link-vehicle')).toHaveAttribute('href', '#/vehicles/link');
    expect(empty).toHaveTextContent('Link your Nissan');
    expect(backend.command('vehicleStatus').calls).toEqual([]);
    expect(screen.queryByTestId('dashboard-refresh')).not.toBeInTheDocument();
    expect(screen.queryByTestId('dashboard-vehicle')).not.toBeInTheDocument();
  });

  it('says when the car has not reported yet', async () => {
    setup({ vehicleStatus: statusView({ status: null }) });
    expect(await screen.findByTestId('dashboard-no-status')).toHaveTextContent(
      'No report from the car yet',
    );
    expect(screen.queryByTestId('dashboard-status')).not.toBeInTheDocument();
    expect(screen.getByTestId('dashboard-refresh')).toBeEnabled();
  });

  it('replaces the status when the car reports, and ignores other cars', async () => {
    const { backend } = setup();
    await tiles();
    await waitFor(() => expect(backend.vehicleStatusHandlers.size).toBe(1));

    backend.emitVehicleStatus({
      vehicleId: 'veh_leaf',
      status: vehicleStatus({ locked: false, doors: closed({ frontLeft: true }) }, {}, ago(0)),
      concerns: NO_CONCERNS,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(tile('locks')).toHaveAttribute('data-state', 'locked');
    expect(tile('doors')).toHaveAttribute('data-state', 'closed');

    backend.emitVehicleStatus({
      vehicleId: 'veh_qashqai',
      status: vehicleStatus(
        { locked: false, doors: closed({ frontLeft: true }) },
        { locked: ago(1), doors: ago(1) },
      ),
      concerns: NO_CONCERNS,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(tile('locks')).toHaveAttribute('data-state', 'unlocked');
    expect(tile('locks')).toHaveAttribute('data-at', ago(1));
    expect(screen.getByTestId('status-locks-age')).toHaveTextContent('just now');
    expect(tile('doors')).toHaveAttribute('data-state', 'open');
    expect(tile('doors')).toHaveTextContent('Open: front left');
    // The changed tiles are highlighted for a moment; the others are not.
    expect(tile('locks')).toHaveAttribute('data-changed', 'true');
    expect(tile('doors')).toHaveAttribute('data-changed', 'true');
    expect(tile('battery')).not.toHaveAttribute('data-changed');
    await vi.advanceTimersByTimeAsync(3000);
    expect(tile('locks')).not.toHaveAttribute('data-changed');
    expect(tile('locks')).toHaveAttribute('data-state', 'unlocked');
    // Only the first load asked; the rest came pushed.
    expect(backend.command('vehicleStatus').calls).toHaveLength(1);
  });

  it('shows a first report that arrives while the screen waits for one', async () => {
    const { backend } = setup({ vehicleStatus: statusView({ status: null }) });
    await screen.findByTestId('dashboard-no-status');
    await waitFor(() => expect(backend.vehicleStatusHandlers.size).toBe(1));
    backend.emitVehicleStatus({
      vehicleId: 'veh_qashqai',
      status: vehicleStatus({ locked: false }),
      concerns: NO_CONCERNS,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(tile('locks')).toHaveAttribute('data-state', 'unlocked');
    expect(screen.queryByTestId('dashboard-no-status')).not.toBeInTheDocument();
  });

  it('stops listening when it closes', async () => {
    const { backend, unmount } = setup();
    await tiles();
    await waitFor(() => expect(backend.vehicleStatusHandlers.size).toBe(1));
    unmount();
    expect(backend.vehicleStatusHandlers.size).toBe(0);
  });

  it('still shows the status and position of a car reported stolen, with its commands greyed', async () => {
    const stolen = vehicle({
      reportedStolenAt: '2026-11-23T09:30:00Z',
      entitlements: [
        { feature: 'status', label: 'Vehicle status', entitlement: { status: 'available' } },
        { feature: 'lock_unlock', label: 'Lock and unlock', entitlement: { status: 'available' } },
      ],
    });
    const { backend, user } = setup({ vehicles: list({ vehicles: [stolen, LEAF] }) });
    await tiles();
    expect(tile('position')).toHaveAttribute('data-state', '48.8566,2.3522');
    expect(screen.getByTestId('status-position-open')).toBeInTheDocument();
    expect(screen.getByTestId('command-lock')).toBeDisabled();
    expect(screen.getByTestId('locks-card-lock')).toHaveTextContent('Reported stolen');
    // Waking the car for a fresh position stays allowed, for the police.
    await user.click(screen.getByTestId('dashboard-refresh'));
    expect(backend.command('refreshStatus').calls).toEqual([['veh_qashqai']]);
  });

  it('explains the battery cost and asks the car only on a press', async () => {
    const { backend, user } = setup({ manual: false, delayMs: 50 });
    await tiles();
    expect(screen.getByTestId('dashboard-refresh-note')).toHaveTextContent('12 V battery');
    expect(backend.command('refreshStatus').calls).toEqual([]);

    await user.click(screen.getByTestId('dashboard-refresh'));
    expect(screen.getByTestId('dashboard-refresh')).toBeDisabled();
    expect(screen.getByTestId('dashboard-refresh')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByTestId('dashboard-refresh')).toHaveTextContent('Asking the car…');

    const sent = await screen.findByTestId('dashboard-refresh-sent');
    expect(backend.command('refreshStatus').calls).toEqual([['veh_qashqai']]);
    expect(sent).toHaveTextContent('Asked the car; the new report appears here when it arrives');
    expect(sent).toHaveAttribute('data-state', 'waiting');
    expect(screen.getByTestId('dashboard-refresh')).toBeEnabled();

    backend.emitVehicleStatus({
      vehicleId: 'veh_qashqai',
      status: vehicleStatus({ battery12vMillivolts: 12_400 }, {}, ago(0)),
      concerns: NO_CONCERNS,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(tile('battery')).toHaveAttribute('data-state', '12400');
    expect(screen.getByTestId('dashboard-refresh-sent')).toHaveAttribute('data-state', 'arrived');
  });

  it('counts down when asked again too soon', async () => {
    const { user } = setup({
      refreshStatus: () =>
        Promise.reject(
          appError('refresh_too_soon', 'The car was asked a moment ago. Wait before asking again.', {
            retryAfterSeconds: 42,
          }),
        ),
    });
    await tiles();
    await user.click(screen.getByTestId('dashboard-refresh'));
    const error = await screen.findByTestId('dashboard-refresh-error');
    expect(error).toHaveAttribute('data-code', 'refresh_too_soon');
    expect(error).toHaveTextContent('The car was asked a moment ago');
    expect(screen.getByTestId('dashboard-refresh-error-countdown')).toHaveTextContent('42 s');
    expect(screen.getByTestId('dashboard-refresh')).toBeDisabled();
    expect(screen.getByTestId('dashboard-refresh')).toHaveTextContent('Refresh in 42 s');

    await vi.advanceTimersByTimeAsync(10_000);
    expect(screen.getByTestId('dashboard-refresh-error-countdown')).toHaveTextContent('32 s');
    await vi.advanceTimersByTimeAsync(33_000);
    expect(screen.queryByTestId('dashboard-refresh-error-countdown')).not.toBeInTheDocument();
    expect(screen.getByTestId('dashboard-refresh')).toBeEnabled();
    expect(screen.getByTestId('dashboard-refresh')).toHaveTextContent('Refresh from the car');
  });

  it('says why a refresh failed', async () => {
    const { backend, user } = setup({
      refreshStatus: () =>
        Promise.reject(appError('vehicle_offline', 'The car has no mobile coverage right now.')),
    });
    await tiles();
    await user.click(screen.getByTestId('dashboard-refresh'));
    const error = await screen.findByTestId('dashboard-refresh-error');
    expect(error).toHaveAttribute('data-code', 'vehicle_offline');
    expect(screen.getByTestId('dashboard-refresh-error-message')).toHaveTextContent(
      'The car has no mobile coverage right now.',
    );
    expect(screen.queryByTestId('dashboard-refresh-sent')).not.toBeInTheDocument();
    expect(screen.getByTestId('dashboard-refresh')).toBeEnabled();
    // The values stay.
    expect(tile('locks')).toHaveAttribute('data-state', 'locked');

    backend.command('refreshStatus').answer = done();
    await user.click(screen.getByTestId('dashboard-refresh'));
    await screen.findByTestId('dashboard-refresh-sent');
    expect(screen.queryByTestId('dashboard-refresh-error')).not.toBeInTheDocument();
  });

  it('shows the saved status with its age when offline, and tries again', async () => {
    const { backend, user } = setup({
      vehicleStatus: statusView({
        status: vehicleStatus({ locked: false, battery12vMillivolts: 12_100 }, {}, ago(3 * 3600)),
        offline: appError('unreachable', 'Failed to connect to the server.'),
        savedAt: ago(25 * 60),
      }),
    });
    const banner = await screen.findByTestId('dashboard-offline');
    expect(banner).toHaveTextContent('Offline — showing the status saved 25 min ago');
    expect(screen.getByTestId('dashboard-offline-message')).toHaveTextContent(
      'Failed to connect to the server.',
    );
    expect(tile('locks')).toHaveAttribute('data-state', 'unlocked');
    expect(tile('battery')).toHaveAttribute('data-state', '12100');
    expect(screen.getByTestId('status-battery-age')).toHaveTextContent('3 h ago');

    backend.command('vehicleStatus').answer = statusView();
    await user.click(screen.getByTestId('dashboard-retry'));
    await waitFor(() => expect(screen.queryByTestId('dashboard-offline')).not.toBeInTheDocument());
    expect(backend.command('vehicleStatus').calls).toHaveLength(2);
    expect(tile('locks')).toHaveAttribute('data-state', 'locked');
  });

  it('says when it cannot read the status at all', async () => {
    const { backend, user } = setup({
      vehicleStatus: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')),
    });
    const error = await screen.findByTestId('dashboard-error');
    expect(error).toHaveTextContent('Failed to connect to the server.');
    backend.command('vehicleStatus').answer = statusView();
    await user.click(screen.getByTestId('dashboard-error-retry'));
    await tiles();
    expect(screen.queryByTestId('dashboard-error')).not.toBeInTheDocument();
  });

  it('sends the person to sign in when the session ended', async () => {
    const { session } = setup({
      vehicleStatus: () => Promise.reject(appError('session_expired', 'Your session ended.')),
    });
    await waitFor(() => expect(session.signedIn).toBe(false));
    expect(window.location.hash).toContain('#/sign-in');
  });
});
