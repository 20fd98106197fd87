import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The phone's location service; a computer must never ask it (there it answers 0, 0).
const plugin = vi.hoisted(() => ({
  checkPermissions: vi.fn(),
  requestPermissions: vi.fn(),
  getCurrentPosition: vi.fn(),
}));
vi.mock('@tauri-apps/plugin-geolocation', () => plugin);

import type { CarLocation, DevicePosition } from '../bindings';
import { loadedSession, mockBackend, screenContext, setupUser } from '../app/test-support';
import { account, appError, deviceKind, vehicle } from '../backend/fixtures';
import type { MockBackendOptions } from '../backend/mock';
import { NOW, ago } from '../dashboard/test-fixtures';
import type { GeolocationLike } from './device-position';
import FindCarScreen from './FindCarScreen.svelte';
import { fakeGeolocation } from './test-geolocation';

const PARKED: CarLocation = {
  position: { latitude: 51.501, longitude: -0.1416, heading: 0, speedKmh: 0 },
  reportedAt: ago(10 * 60),
  directions: null,
  devicePositionUnusable: false,
};

const HERE = { latitude: 51.499, longitude: -0.1416, accuracy: 12 };

/** What the backend answers: directions for a usable device position, as keyfob-core would. */
function answer(distanceM = 222, bearingDeg = 0, compass = 'north') {
  return (_id: string, device: DevicePosition | null): CarLocation => {
    if (!device) return PARKED;
    if (device.latitude === 0 && device.longitude === 0) return { ...PARKED, devicePositionUnusable: true };
    return { ...PARKED, directions: { distanceM, bearingDeg, compass } };
  };
}

function setup(options: MockBackendOptions = {}, geolocation?: GeolocationLike | null, id = 'veh_qashqai') {
  const backend = mockBackend({ vehicle: vehicle(), findCar: answer(), ...options });
  const session = loadedSession(backend, { account: account() });
  const user = setupUser();
  render(FindCarScreen, {
    props: { params: new URLSearchParams(id ? { id } : {}), geolocation },
    context: screenContext(backend, session),
  });
  return { backend, session, user };
}

async function locate(user: ReturnType<typeof setupUser>) {
  await user.click(await screen.findByTestId('find-car-locate'));
}

describe('Find my car', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: NOW });
    plugin.checkPermissions.mockReset().mockResolvedValue({ location: 'granted', coarseLocation: 'granted' });
    plugin.requestPermissions.mockReset();
    plugin.getCurrentPosition.mockReset().mockResolvedValue({ timestamp: 1, coords: { latitude: 0, longitude: 0, accuracy: 0 } });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows where the car last was, without asking for the device’s position', async () => {
    const geo = fakeGeolocation({ fix: HERE });
    const { backend } = setup({}, geo);
    expect(screen.getByTestId('find-car-loading')).toHaveTextContent('Looking up where the car is');
    const position = await screen.findByTestId('find-car-position');
    expect(backend.command('findCar').calls).toEqual([['veh_qashqai', null]]);
    expect(geo.getCurrentPosition).not.toHaveBeenCalled();
    expect(position).toHaveAttribute('data-state', 'known');
    expect(screen.getByTestId('find-car-coordinates')).toHaveTextContent('51.50100, -0.14160');
    expect(screen.getByTestId('find-car-age')).toHaveTextContent('Reported 10 min ago');
    const link = screen.getByTestId('find-car-map-link');
    expect(link).toHaveAttribute('href', 'https://www.openstreetmap.org/?mlat=51.50100&mlon=-0.14160#map=16/51.50100/-0.14160');
    expect(link).toHaveAttribute('target', '_blank');
    expect(within(position).getByTestId('open-in-maps-note')).toHaveTextContent(
      'Opens OpenStreetMap in your browser with the car’s position',
    );
    expect(screen.getByTestId('find-car-title')).toHaveAttribute('tabindex', '-1');
    await waitFor(() => expect(screen.getByTestId('find-car-back')).toHaveTextContent('Qashqai 2025'));
    expect(screen.getByTestId('find-car-back')).toHaveAttribute('href', '#/vehicle?id=veh_qashqai');
    expect(screen.queryByTestId('find-car-directions')).not.toBeInTheDocument();
  });

  it('shows distance, compass and an arrow from the device’s fix', async () => {
    const { backend, user } = setup({ findCar: answer(222, 0, 'north') }, fakeGeolocation({ fix: HERE }));
    await locate(user);
    const directions = await screen.findByTestId('find-car-directions');
    expect(backend.command('findCar').calls[1]).toEqual([
      'veh_qashqai',
      { latitude: 51.499, longitude: -0.1416, accuracyM: 12 },
    ]);
    expect(directions).toHaveAttribute('data-distance', '222');
    expect(screen.getByTestId('find-car-distance')).toHaveTextContent('222 m');
    expect(screen.getByTestId('find-car-compass')).toHaveTextContent('north');
    expect(screen.getByTestId('find-car-arrow').style.transform).toBe('rotate(0deg)');
    expect(screen.queryByTestId('find-car-needs-location')).not.toBeInTheDocument();
    expect(screen.getByTestId('find-car-locate')).toHaveAttribute('data-state', 'idle');
  });

  it('takes a computer’s position from the web view and says so, never from the plugin', async () => {
    const geo = fakeGeolocation({ fix: HERE });
    const { backend, user } = setup({}, geo);
    expect(screen.queryByTestId('find-position-source')).not.toBeInTheDocument();
    await locate(user);
    await screen.findByTestId('find-car-directions');
    expect(geo.getCurrentPosition).toHaveBeenCalledTimes(1);
    expect(plugin.checkPermissions).not.toHaveBeenCalled();
    expect(plugin.getCurrentPosition).not.toHaveBeenCalled();
    expect(backend.command('findCar').calls[1]![1]).toEqual({ latitude: 51.499, longitude: -0.1416, accuracyM: 12 });
    const source = screen.getByTestId('find-position-source');
    expect(source).toHaveAttribute('data-source', 'webview');
    expect(source).toHaveTextContent('From this computer’s location (the web view’s geolocation)');
  });

  describe('on a phone', () => {
    const PHONE_FIX = { timestamp: 1, coords: { latitude: 51.4995, longitude: -0.1416, accuracy: 5, altitude: null, altitudeAccuracy: null, speed: null, heading: null } };

    it('asks the phone’s location service, after asking for the permission, and says so', async () => {
      plugin.checkPermissions.mockResolvedValue({ location: 'prompt', coarseLocation: 'prompt' });
      plugin.requestPermissions.mockResolvedValue({ location: 'granted', coarseLocation: 'granted' });
      plugin.getCurrentPosition.mockResolvedValue(PHONE_FIX);
      const geo = fakeGeolocation({ fix: HERE });
      const { backend, user } = setup({ deviceKind: deviceKind('android') }, geo);
      await locate(user);
      expect(await screen.findByTestId('find-car-directions')).toBeInTheDocument();
      expect(plugin.requestPermissions).toHaveBeenCalledWith(['location']);
      expect(plugin.getCurrentPosition).toHaveBeenCalledWith({ enableHighAccuracy: true, timeout: 10_000, maximumAge: 0 });
      expect(geo.getCurrentPosition).not.toHaveBeenCalled();
      expect(backend.command('findCar').calls[1]).toEqual(['veh_qashqai', { latitude: 51.4995, longitude: -0.1416, accuracyM: 5 }]);
      const source = screen.getByTestId('find-position-source');
      expect(source).toHaveAttribute('data-source', 'phone');
      expect(source).toHaveTextContent('From this phone’s location service');
    });

    it.each([
      ['android', 'Settings › Apps › Keyfob › Permissions › Location'],
      ['ios', 'Settings › Privacy & Security › Location Services › Keyfob'],
    ] as const)('explains a denial on %s with the phone’s own settings', async (os, where) => {
      plugin.checkPermissions.mockResolvedValue({ location: 'prompt', coarseLocation: 'prompt' });
      plugin.requestPermissions.mockResolvedValue({ location: 'denied', coarseLocation: 'denied' });
      const { backend, user } = setup({ deviceKind: deviceKind(os) });
      await locate(user);
      const help = await screen.findByTestId('find-car-needs-location');
      expect(help).toHaveAttribute('data-reason', 'denied');
      expect(screen.getByTestId('find-car-needs-location-why')).toHaveTextContent('not allowed to use this phone’s location');
      expect(screen.getByTestId('find-car-needs-location-todo')).toHaveTextContent(where);
      expect(plugin.getCurrentPosition).not.toHaveBeenCalled();
      expect(backend.command('findCar').calls).toHaveLength(1);
      expect(screen.getByTestId('find-position-source')).toHaveAttribute('data-source', 'phone');
    });

    it('says to switch location on when it is off', async () => {
      plugin.checkPermissions.mockRejectedValue('Location services are disabled.');
      const { user } = setup({ deviceKind: deviceKind('android') });
      await locate(user);
      const help = await screen.findByTestId('find-car-needs-location');
      expect(help).toHaveAttribute('data-reason', 'services_off');
      expect(screen.getByTestId('find-car-needs-location-why')).toHaveTextContent('Location is switched off on this phone');
      expect(screen.getByTestId('find-car-needs-location-todo')).toHaveTextContent('Switch location on');
    });

    it('treats a 0, 0 fix as no position', async () => {
      const { backend, user } = setup({ deviceKind: deviceKind('ios') });
      await locate(user);
      const help = await screen.findByTestId('find-car-needs-location');
      expect(backend.command('findCar').calls[1]).toEqual(['veh_qashqai', { latitude: 0, longitude: 0, accuracyM: 0 }]);
      expect(help).toHaveAttribute('data-reason', 'no_fix');
      expect(screen.queryByTestId('find-car-directions')).not.toBeInTheDocument();
    });
  });

  it('gives kilometres far away and turns the arrow', async () => {
    const { user } = setup({ findCar: answer(12_345, 225, 'south-west') }, fakeGeolocation({ fix: HERE }));
    await locate(user);
    expect(await screen.findByTestId('find-car-distance')).toHaveTextContent('12.3 km');
    expect(screen.getByTestId('find-car-compass')).toHaveTextContent('south-west');
    expect(screen.getByTestId('find-car-arrow').style.transform).toBe('rotate(225deg)');
  });

  it('shows progress while finding the device', async () => {
    const { user } = setup({}, fakeGeolocation({ silent: true }));
    await locate(user);
    const button = screen.getByTestId('find-car-locate');
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('data-state', 'device');
    expect(button).toHaveTextContent('Finding where you are…');
  });

  it.each([
    ['denied', { error: 1 }, 'not allowed to use this device’s location', 'Allow location for Keyfob in the system settings'],
    ['unavailable', { error: 2 }, 'could not work out where it is', 'Go outside'],
    ['timeout', { error: 3 }, 'within 15 seconds', 'Go outside'],
    ['unavailable', { throws: true }, 'could not work out where it is', 'location services'],
  ] as const)('%s: says why and what to do, and keeps the car’s position', async (reason, geo, why, todo) => {
    const { backend, user } = setup({}, fakeGeolocation(geo));
    await locate(user);
    const help = await screen.findByTestId('find-car-needs-location');
    expect(help).toHaveAttribute('data-reason', reason);
    expect(help).toHaveTextContent('need this device’s location');
    expect(screen.getByTestId('find-car-needs-location-why')).toHaveTextContent(why);
    expect(screen.getByTestId('find-car-needs-location-todo')).toHaveTextContent(todo);
    expect(backend.command('findCar').calls).toHaveLength(1);
    expect(screen.getByTestId('find-car-coordinates')).toHaveTextContent('51.50100, -0.14160');
    expect(screen.queryByTestId('find-car-directions')).not.toBeInTheDocument();
    expect(screen.getByTestId('find-car-locate')).toBeEnabled();
  });

  it('says so when the device has no geolocation at all', async () => {
    const { user } = setup({}, null);
    await locate(user);
    const help = await screen.findByTestId('find-car-needs-location');
    expect(help).toHaveAttribute('data-reason', 'unsupported');
    expect(help).toHaveTextContent('offers no location service');
  });

  it('treats a 0, 0 fix the backend cannot use as no position', async () => {
    const { backend, user } = setup({}, fakeGeolocation({ fix: { latitude: 0, longitude: 0, accuracy: 0 } }));
    await locate(user);
    const help = await screen.findByTestId('find-car-needs-location');
    expect(backend.command('findCar').calls[1]).toEqual(['veh_qashqai', { latitude: 0, longitude: 0, accuracyM: 0 }]);
    expect(help).toHaveAttribute('data-reason', 'no_fix');
    expect(help).toHaveTextContent('without a real position');
    expect(help).toHaveTextContent('Allow location for Keyfob');
    expect(screen.queryByTestId('find-car-directions')).not.toBeInTheDocument();
    expect(screen.getByTestId('find-car-position')).toHaveAttribute('data-state', 'known');
  });

  it('clears the advice once a later try works', async () => {
    const geo = fakeGeolocation({ error: 1 });
    const { user } = setup({}, geo);
    await locate(user);
    await screen.findByTestId('find-car-needs-location');
    geo.getCurrentPosition.mockImplementation((success) => success({ coords: HERE } as GeolocationPosition));
    await locate(user);
    expect(await screen.findByTestId('find-car-directions')).toBeInTheDocument();
    expect(screen.queryByTestId('find-car-needs-location')).not.toBeInTheDocument();
  });

  it('reports a failed request for directions', async () => {
    const find = answer();
    const { user } = setup(
      {
        findCar: (id, device) =>
          device ? Promise.reject(appError('unreachable', 'Failed to connect to the server.')) : find(id, device),
      },
      fakeGeolocation({ fix: HERE }),
    );
    await locate(user);
    expect(await screen.findByTestId('find-car-locate-error')).toHaveTextContent('Failed to connect');
    expect(screen.getByTestId('find-car-coordinates')).toBeInTheDocument();
  });

  it('says when the car has not reported a position yet', async () => {
    setup({ findCar: { position: null, reportedAt: null, directions: null, devicePositionUnusable: false } });
    const position = await screen.findByTestId('find-car-position');
    expect(position).toHaveAttribute('data-state', 'unknown');
    expect(screen.getByTestId('find-car-no-position')).toHaveTextContent('has not reported a position yet');
    expect(screen.queryByTestId('find-car-map-link')).not.toBeInTheDocument();
    expect(screen.queryByTestId('open-in-maps-note')).not.toBeInTheDocument();
    expect(screen.queryByTestId('find-car-locate')).not.toBeInTheDocument();
  });

  it('reports a failed load and tries again', async () => {
    const { backend, user } = setup({ findCar: () => Promise.reject(appError('unreachable', 'Failed to connect to the server.')) });
    expect(await screen.findByTestId('find-car-error')).toHaveTextContent('Failed to connect');
    backend.command('findCar').answer = answer();
    await user.click(screen.getByTestId('find-car-error-retry'));
    expect(await screen.findByTestId('find-car-coordinates')).toBeInTheDocument();
  });

  it('asks to pick a car when none is given', () => {
    const { backend } = setup({}, undefined, '');
    expect(screen.getByTestId('find-car-missing')).toHaveTextContent('No vehicle was chosen');
    expect(backend.command('findCar').calls).toHaveLength(0);
  });

  it('goes to Sign in when the session ended', async () => {
    const { session } = setup({ findCar: () => Promise.reject(appError('session_expired', 'Your session has ended.')) });
    await waitFor(() => expect(session.account).toBeNull());
    expect(window.location.hash).toContain('#/sign-in');
  });
});
